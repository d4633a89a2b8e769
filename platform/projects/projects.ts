import { entityForMember } from '../accounts/access';
import { notFound } from '../core/errors';
import { checkName } from '../core/names';
import { nowIso } from '../core/time';
import type { PlatformDb } from '../db/open';
import type { Entity, Project, User } from '../db/tables';

export interface ProjectScope {
  entity: Entity;
  project: Project;
}

/** Returns the project, creating it on first use as W&B does when a run or artifact names it. */
export async function upsertProject(
  db: PlatformDb,
  entity: Entity,
  name: string,
  user: User,
): Promise<Project> {
  checkName('project', name);
  const existing = await db
    .selectFrom('projects')
    .selectAll()
    .where('entity_id', '=', entity.id)
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) return existing;

  const now = nowIso();
  await db
    .insertInto('projects')
    .values({
      entity_id: entity.id,
      name,
      description: null,
      created_by: user.id,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['entity_id', 'name']).doNothing())
    .execute();
  return findProject(db, entity, name);
}

export async function findProject(db: PlatformDb, entity: Entity, name: string): Promise<Project> {
  const project = await db
    .selectFrom('projects')
    .selectAll()
    .where('entity_id', '=', entity.id)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!project) throw notFound(`Project "${entity.name}/${name}" not found.`);
  return project;
}

/** Resolves entity and project for a member; `create` makes the project if it is missing. */
export async function projectForMember(
  db: PlatformDb,
  user: User,
  entityName: string | null | undefined,
  projectName: string,
  options: { create?: boolean } = {},
): Promise<ProjectScope> {
  const entity = await entityForMember(db, user, entityName ?? user.username);
  const project = options.create
    ? await upsertProject(db, entity, projectName, user)
    : await findProject(db, entity, projectName);
  return { entity, project };
}

export async function entityOfProject(db: PlatformDb, project: Project): Promise<Entity> {
  return db
    .selectFrom('entities')
    .selectAll()
    .where('id', '=', project.entity_id)
    .executeTakeFirstOrThrow();
}
