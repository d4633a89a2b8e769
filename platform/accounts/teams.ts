import type { PlatformDb } from '../db/open';
import type { Entity, User } from '../db/tables';
import { PlatformError, notFound } from '../core/errors';
import { checkName } from '../core/names';
import { nowIso } from '../core/time';
import { findUser } from './users';

export interface TeamSummary {
  id: number;
  name: string;
  storage: 'instance' | 'team';
  storagePath: string;
  members: { username: string; role: 'admin' | 'member' }[];
  createdAt: string;
}

/** Creates a team on the instance-level bucket under its own path, with its first members. */
export async function createTeam(
  db: PlatformDb,
  input: { name: string; members?: string[]; storagePath?: string },
): Promise<Entity> {
  const name = checkName('team', input.name);
  const members = await Promise.all((input.members ?? []).map((m) => findUser(db, m)));
  const now = nowIso();

  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('entities')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken) {
      throw new PlatformError(
        'CONFLICT',
        `The name "${name}" is already used by a user or team; choose another name.`,
      );
    }

    const team = await trx
      .insertInto('entities')
      .values({
        name,
        kind: 'team',
        storage_bucket_id: null,
        storage_path: input.storagePath ?? name,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();

    for (const user of members) {
      await trx
        .insertInto('team_members')
        .values({ entity_id: team.id, user_id: user.id, role: 'member', created_at: now })
        .execute();
    }
    return team;
  });
}

export async function addTeamMember(
  db: PlatformDb,
  teamName: string,
  username: string,
  role: 'admin' | 'member' = 'member',
): Promise<void> {
  const team = await findTeam(db, teamName);
  const user = await findUser(db, username);

  await db
    .insertInto('team_members')
    .values({ entity_id: team.id, user_id: user.id, role, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['entity_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function removeTeamMember(
  db: PlatformDb,
  teamName: string,
  username: string,
): Promise<void> {
  const team = await findTeam(db, teamName);
  const user = await findUser(db, username);
  await db
    .deleteFrom('team_members')
    .where('entity_id', '=', team.id)
    .where('user_id', '=', user.id)
    .execute();
}

export async function findTeam(db: PlatformDb, name: string): Promise<Entity> {
  const team = await db
    .selectFrom('entities')
    .selectAll()
    .where('name', '=', name)
    .where('kind', '=', 'team')
    .executeTakeFirst();
  if (!team) throw notFound(`Team "${name}" not found; list teams with "byob-platform team list".`);
  return team;
}

export async function describeTeam(db: PlatformDb, team: Entity): Promise<TeamSummary> {
  const members = await db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['users.username', 'team_members.role'])
    .where('team_members.entity_id', '=', team.id)
    .orderBy('users.username')
    .execute();

  return {
    id: team.id,
    name: team.name,
    storage: team.storage_bucket_id === null ? 'instance' : 'team',
    storagePath: team.storage_path,
    members,
    createdAt: team.created_at,
  };
}

export async function listTeams(db: PlatformDb): Promise<TeamSummary[]> {
  const teams = await db
    .selectFrom('entities')
    .selectAll()
    .where('kind', '=', 'team')
    .orderBy('name')
    .execute();
  return Promise.all(teams.map((t) => describeTeam(db, t)));
}

/** Teams the user belongs to, by name. */
export async function teamsOfUser(db: PlatformDb, user: User): Promise<Entity[]> {
  return db
    .selectFrom('entities')
    .innerJoin('team_members', 'team_members.entity_id', 'entities.id')
    .selectAll('entities')
    .where('team_members.user_id', '=', user.id)
    .orderBy('entities.name')
    .execute();
}
