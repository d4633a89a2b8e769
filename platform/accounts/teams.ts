import type { Insertable, Transaction } from 'kysely';

import type { PlatformDb } from '../db/open';
import type { Database, Entity, StorageBucket, StorageBucketsTable, User } from '../db/tables';
import { PlatformError, notFound } from '../core/errors';
import { checkName } from '../core/names';
import { nowIso } from '../core/time';
import {
  assertInstancePathFree,
  assertTeamBucketPathFree,
  joinStoragePrefix,
  normaliseStoragePath,
} from './storage-paths';
import { findUser } from './users';

/** A team-level bucket as `team show` and the API display it, with secrets masked. */
export interface TeamBucketSummary {
  provider: StorageBucket['provider'];
  /** Bucket, or container on Azure. */
  name: string;
  /** The address with its secrets masked. */
  address: string;
  /** Folder of the team's objects inside the bucket: the address's sub-path and the team's path. */
  path: string;
  kmsKeyId: string | null;
  azureTenantId: string | null;
  azureClientId: string | null;
}

export interface TeamSummary {
  id: number;
  name: string;
  storage: 'instance' | 'team';
  storagePath: string;
  /** Null for teams on the instance-level bucket. */
  bucket: TeamBucketSummary | null;
  members: { username: string; role: 'admin' | 'member' }[];
  createdAt: string;
}

/** A team-level bucket row to insert with a new team; its id and creation time are added. */
export type NewTeamBucket = Omit<Insertable<StorageBucketsTable>, 'id' | 'created_at'> & {
  location: string;
  address_path: string;
};

/**
 * Throws CONFLICT when the name is taken. A team's storage is fixed when it is created, so
 * a second create of the same team is rejected rather than treated as a change of storage.
 */
export async function assertTeamNameFree(db: Pick<PlatformDb, 'selectFrom'>, name: string) {
  const taken = await db
    .selectFrom('entities')
    .select(['id', 'kind'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (taken?.kind === 'team') {
    throw new PlatformError(
      'CONFLICT',
      `Team "${name}" already exists, and a team's storage is fixed at creation: create a team with another name to use other storage.`,
      { reason: 'TEAM_NAME_TAKEN', params: { team: name } },
    );
  }
  if (taken) {
    throw new PlatformError(
      'CONFLICT',
      `The name "${name}" is already used by a user or team; choose another name.`,
      { reason: 'NAME_TAKEN', params: { name } },
    );
  }
}

/**
 * Creates a team with its first members: on the instance-level bucket, or with `bucket` on
 * its own team-level bucket. Objects live under `storagePath` (default: the team name),
 * which must not overlap the folder of another entity in the same bucket.
 */
export async function createTeam(
  db: PlatformDb,
  input: { name: string; members?: string[]; storagePath?: string; bucket?: NewTeamBucket },
): Promise<Entity> {
  const name = checkName('team', input.name);
  const storagePath = normaliseStoragePath(input.storagePath ?? name);
  const members = await Promise.all((input.members ?? []).map((m) => findUser(db, m)));
  const now = nowIso();

  return db.transaction().execute(async (trx) => {
    await assertTeamNameFree(trx, name);
    const bucketId = input.bucket
      ? await insertTeamBucket(trx, input.bucket, storagePath, now)
      : null;
    if (bucketId === null) await assertInstancePathFree(trx, storagePath);

    const team = await trx
      .insertInto('entities')
      .values({
        name,
        kind: 'team',
        storage_bucket_id: bucketId,
        storage_path: storagePath,
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

/** Inserts the bucket row after checking that no team in that bucket uses an overlapping folder. */
async function insertTeamBucket(
  trx: Transaction<Database>,
  bucket: NewTeamBucket,
  storagePath: string,
  now: string,
): Promise<number> {
  const prefix = joinStoragePrefix(bucket.address_path, storagePath);
  await assertTeamBucketPathFree(trx, bucket.location, prefix, bucket.display_address);

  const row = await trx
    .insertInto('storage_buckets')
    .values({ ...bucket, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type TeamRole = 'admin' | 'member';

/** The result of `addTeamMember`. `previousRole` is null when the user was not a member before. */
export interface MembershipChange {
  change: 'added' | 'unchanged' | 'role_changed';
  previousRole: TeamRole | null;
  role: TeamRole;
}

/** Adds a user to a team, or sets the role of an existing member, and returns what changed. */
export async function addTeamMember(
  db: PlatformDb,
  teamName: string,
  username: string,
  role: TeamRole = 'member',
): Promise<MembershipChange> {
  const team = await findTeam(db, teamName);
  const user = await findUser(db, username);

  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('team_members')
      .select('role')
      .where('entity_id', '=', team.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();

    if (!existing) {
      await trx
        .insertInto('team_members')
        .values({ entity_id: team.id, user_id: user.id, role, created_at: nowIso() })
        .execute();
      return { change: 'added', previousRole: null, role };
    }
    if (existing.role === role) return { change: 'unchanged', previousRole: role, role };

    await trx
      .updateTable('team_members')
      .set({ role })
      .where('entity_id', '=', team.id)
      .where('user_id', '=', user.id)
      .execute();
    return { change: 'role_changed', previousRole: existing.role, role };
  });
}

/** Removes a user from a team and throws NOT_FOUND when the user is not a member. */
export async function removeTeamMember(
  db: PlatformDb,
  teamName: string,
  username: string,
): Promise<{ previousRole: TeamRole }> {
  const team = await findTeam(db, teamName);
  const user = await findUser(db, username);
  const removed = await db
    .deleteFrom('team_members')
    .where('entity_id', '=', team.id)
    .where('user_id', '=', user.id)
    .returning('role')
    .executeTakeFirst();
  if (!removed) throw notFound(`${user.username} is not a member of ${team.name}.`);
  return { previousRole: removed.role };
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
    bucket: await describeTeamBucket(db, team),
    members,
    createdAt: team.created_at,
  };
}

/** Returns the team-level bucket of an entity with secrets masked, or null on the instance bucket. */
export async function describeTeamBucket(
  db: PlatformDb,
  entity: Entity,
): Promise<TeamBucketSummary | null> {
  if (entity.storage_bucket_id === null) return null;

  const row = await db
    .selectFrom('storage_buckets')
    .selectAll()
    .where('id', '=', entity.storage_bucket_id)
    .executeTakeFirstOrThrow();
  return {
    provider: row.provider,
    name: row.name,
    address: row.display_address,
    path: joinStoragePrefix(row.address_path ?? '', entity.storage_path),
    kmsKeyId: row.kms_key_id,
    azureTenantId: row.azure_tenant_id,
    azureClientId: row.azure_client_id,
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
