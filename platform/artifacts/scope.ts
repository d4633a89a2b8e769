import { mayAccess, type AccessMode } from '../accounts/access';
import { forbidden } from '../core/errors';
import type { PlatformDb } from '../db/open';
import type { Artifact, ArtifactCollection, Entity, Project, User } from '../db/tables';

export interface ArtifactScope {
  artifact: Artifact;
  collection: ArtifactCollection;
  project: Project;
  entity: Entity;
}

/**
 * Loads an artifact with its collection, project and entity if `user` may use it in
 * `mode` (write by default). A missing artifact and one the user may not reach get the
 * same FORBIDDEN answer.
 */
export async function artifactForUser(
  db: PlatformDb,
  user: User,
  artifactId: number,
  mode: AccessMode = 'write',
): Promise<ArtifactScope> {
  const scope = await loadArtifactScope(db, artifactId);
  if (scope && (await mayAccess(db, user, scope.entity, mode))) return scope;
  throw forbidden(
    `Permission denied for artifact ${artifactId}: it does not exist or belongs to a team you are not a member of.`,
  );
}

export async function loadArtifactScope(
  db: PlatformDb,
  artifactId: number,
): Promise<ArtifactScope | null> {
  const artifact = await db
    .selectFrom('artifacts')
    .selectAll()
    .where('id', '=', artifactId)
    .executeTakeFirst();
  if (!artifact) return null;

  const collection = await db
    .selectFrom('artifact_collections')
    .selectAll()
    .where('id', '=', artifact.collection_id)
    .executeTakeFirstOrThrow();
  const project = await db
    .selectFrom('projects')
    .selectAll()
    .where('id', '=', collection.project_id)
    .executeTakeFirstOrThrow();
  const entity = await db
    .selectFrom('entities')
    .selectAll()
    .where('id', '=', project.entity_id)
    .executeTakeFirstOrThrow();
  return { artifact, collection, project, entity };
}
