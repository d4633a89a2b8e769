import { isMember } from '../accounts/access';
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
 * Loads an artifact with its collection, project and entity for a member of that entity.
 * A missing artifact and one in another team get the same FORBIDDEN answer.
 */
export async function artifactForMember(
  db: PlatformDb,
  user: User,
  artifactId: number,
): Promise<ArtifactScope> {
  const scope = await loadArtifactScope(db, artifactId);
  if (scope && (await isMember(db, user, scope.entity))) return scope;
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
