import type { PlatformDb } from '../db/open';
import type { Entity, User } from '../db/tables';
import { forbidden } from '../core/errors';

/**
 * Returns the entity if `user` may use it: their own personal entity, or a team they are a
 * member of. Anything else, including an entity that does not exist, gets the same
 * FORBIDDEN message, so non-members cannot learn which team names exist.
 */
export async function entityForMember(
  db: PlatformDb,
  user: User,
  entityName: string,
): Promise<Entity> {
  const entity = await db
    .selectFrom('entities')
    .selectAll()
    .where('name', '=', entityName)
    .executeTakeFirst();

  if (entity && (await isMember(db, user, entity))) return entity;
  throw forbidden(
    `Permission denied for entity "${entityName}": you are not a member of it, or it does not exist. Ask a team admin to add you.`,
  );
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
