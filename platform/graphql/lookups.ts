import type { PlatformDb } from '../db/open';
import type { Artifact, ArtifactCollection, ArtifactType, Entity, Project } from '../db/tables';

// Row lookups by primary key for field resolvers. The parent object was authorised when
// the query reached it, so these check nothing.

export const byId = {
  entity: (db: PlatformDb, id: number): Promise<Entity> =>
    db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  project: (db: PlatformDb, id: number): Promise<Project> =>
    db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  artifactType: (db: PlatformDb, id: number): Promise<ArtifactType> =>
    db.selectFrom('artifact_types').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  collection: (db: PlatformDb, id: number): Promise<ArtifactCollection> =>
    db
      .selectFrom('artifact_collections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  artifact: (db: PlatformDb, id: number): Promise<Artifact> =>
    db.selectFrom('artifacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
};

/** Finds a committed version by version name (`v3`) or alias (`latest`). */
export async function findVersion(
  db: PlatformDb,
  collection: ArtifactCollection,
  versionOrAlias: string,
): Promise<Artifact | null> {
  const version = /^v(\d+)$/.exec(versionOrAlias);
  if (version) {
    const row = await db
      .selectFrom('artifacts')
      .selectAll()
      .where('collection_id', '=', collection.id)
      .where('version_index', '=', Number(version[1]))
      .where('state', '=', 'COMMITTED')
      .executeTakeFirst();
    return row ?? null;
  }

  const row = await db
    .selectFrom('artifact_aliases')
    .innerJoin('artifacts', 'artifacts.id', 'artifact_aliases.artifact_id')
    .selectAll('artifacts')
    .where('artifact_aliases.collection_id', '=', collection.id)
    .where('artifact_aliases.alias', '=', versionOrAlias)
    .executeTakeFirst();
  return row ?? null;
}

/** Splits W&B's `name:version` form; a name without a version means `latest`. */
export function splitVersionRef(ref: string): { collection: string; version: string } {
  const index = ref.lastIndexOf(':');
  if (index < 0) return { collection: ref, version: 'latest' };
  return { collection: ref.slice(0, index), version: ref.slice(index + 1) };
}

export async function findCollection(
  db: PlatformDb,
  project: Project,
  name: string,
  typeId?: number,
): Promise<ArtifactCollection | null> {
  let query = db
    .selectFrom('artifact_collections')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('name', '=', name);
  if (typeId !== undefined) query = query.where('type_id', '=', typeId);
  return (await query.executeTakeFirst()) ?? null;
}
