import type { PlatformDb } from '../db/open';
import type { Entity, User } from '../db/tables';
import { forbidden } from '../core/errors';

// Access rules, following W&B's team-level access control for BYOB:
// - writing (new runs, artifacts, upload URLs) needs membership of the entity;
// - objects in a team-level bucket are reachable only by that team's members;
// - objects in the instance-level bucket may be read by any organisation member with
//   read permission, so a member of a team with its own bucket can read a team on the
//   instance bucket, but not the other way round.
// Every user of this platform is an organisation member, and every organisation role
// (admin, member) includes read permission.

export type AccessMode = 'read' | 'write';

function denied(entityName: string): Error {
  // One message for "not a member" and "does not exist", so it reveals neither.
  return forbidden(
    `Permission denied for entity "${entityName}": you are not a member of it, or it does not exist. Ask the platform operator to add you to the team.`,
  );
}

/** Returns the entity if `user` may use it in `mode`; otherwise FORBIDDEN. */
export async function entityForUser(
  db: PlatformDb,
  user: User,
  entityName: string,
  mode: AccessMode,
): Promise<Entity> {
  const entity = await db
    .selectFrom('entities')
    .selectAll()
    .where('name', '=', entityName)
    .executeTakeFirst();

  if (entity && (await mayAccess(db, user, entity, mode))) return entity;
  throw denied(entityName);
}

/** Returns the entity if `user` is a member of it (write access). */
export function entityForMember(db: PlatformDb, user: User, entityName: string): Promise<Entity> {
  return entityForUser(db, user, entityName, 'write');
}

export async function mayAccess(
  db: PlatformDb,
  user: User,
  entity: Entity,
  mode: AccessMode,
): Promise<boolean> {
  if (await isMember(db, user, entity)) return true;
  return mode === 'read' && entity.kind === 'team' && entity.storage_bucket_id === null;
}

export async function isMember(db: PlatformDb, user: User, entity: Entity): Promise<boolean> {
  if (entity.kind === 'user') return entity.id === user.entity_id;

  const row = await db
    .selectFrom('team_members')
    .select('user_id')
    .where('entity_id', '=', entity.id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  return row !== undefined;
}
