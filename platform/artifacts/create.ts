import { badInput, notFound } from '../core/errors';
import { checkName } from '../core/names';
import { nowIso } from '../core/time';
import type { PlatformDb } from '../db/open';
import type { Artifact, ArtifactCollection, ArtifactType, Project, User } from '../db/tables';
import { projectForMember } from '../projects/projects';
import { findRun } from '../runs/runs';

export interface CreateArtifactRequest {
  entityName: string;
  projectName: string;
  artifactTypeName: string;
  artifactCollectionName: string | null | undefined;
  digest: string;
  description?: string | null;
  metadata?: string | null;
  aliases?: { artifactCollectionName: string; alias: string }[] | null;
  runName?: string | null;
  clientID?: string | null;
  sequenceClientID?: string | null;
  ttlDurationSeconds?: number | null;
  historyStep?: number | null;
  enableDigestDeduplication?: boolean | null;
}

/** Version names such as v3 are assigned by the server, so they cannot be used as aliases. */
export function checkAlias(alias: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(alias)) {
    throw badInput(`Invalid alias "${alias}": use 1 to 128 letters, digits, ".", "_" and "-".`);
  }
  if (/^v\d+$/.test(alias)) {
    throw badInput(
      `Invalid alias "${alias}": names of the form v<number> are version names the server assigns.`,
    );
  }
  return alias;
}

/**
 * Starts a new artifact version (state PENDING), or returns the committed version with the
 * same digest in the same collection, so clients know there is nothing to upload.
 */
export async function createArtifact(
  db: PlatformDb,
  user: User,
  request: CreateArtifactRequest,
): Promise<Artifact> {
  if (!/^[0-9a-f]{32}$/.test(request.digest)) {
    throw badInput(
      `Invalid artifact digest "${request.digest}": it must be the manifest's hex MD5 (32 lowercase hex characters).`,
    );
  }
  const collectionName = request.artifactCollectionName;
  if (!collectionName) throw badInput('Missing artifactCollectionName: name the artifact.');
  checkName('artifact', collectionName);
  checkName('artifact type', request.artifactTypeName);
  const aliases = (request.aliases ?? [])
    .filter((a) => a.artifactCollectionName === collectionName)
    .map((a) => checkAlias(a.alias));

  const { project } = await projectForMember(db, user, request.entityName, request.projectName, {
    create: true,
  });
  const run = request.runName ? await findRun(db, project, request.runName) : null;
  const type = await upsertArtifactType(db, project, request.artifactTypeName);
  const collection = await upsertCollection(
    db,
    project,
    type,
    collectionName,
    request.description ?? null,
  );

  if (request.enableDigestDeduplication !== false) {
    const same = await db
      .selectFrom('artifacts')
      .selectAll()
      .where('collection_id', '=', collection.id)
      .where('digest', '=', request.digest)
      .where('state', '=', 'COMMITTED')
      .executeTakeFirst();
    if (same) return same;
  }

  const now = nowIso();
  return db
    .insertInto('artifacts')
    .values({
      collection_id: collection.id,
      version_index: null,
      state: 'PENDING',
      digest: request.digest,
      description: request.description ?? null,
      metadata: request.metadata ?? null,
      client_id: request.clientID ?? null,
      sequence_client_id: request.sequenceClientID ?? null,
      requested_aliases: JSON.stringify(aliases),
      run_id: run?.id ?? null,
      created_by: user.id,
      size: null,
      file_count: null,
      commit_hash: null,
      ttl_duration_seconds: request.ttlDurationSeconds ?? null,
      history_step: request.historyStep ?? null,
      created_at: now,
      updated_at: now,
      committed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function upsertArtifactType(
  db: PlatformDb,
  project: Project,
  name: string,
  description: string | null = null,
): Promise<ArtifactType> {
  checkName('artifact type', name);
  await db
    .insertInto('artifact_types')
    .values({ project_id: project.id, name, description, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .execute();

  return db
    .selectFrom('artifact_types')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
}

async function upsertCollection(
  db: PlatformDb,
  project: Project,
  type: ArtifactType,
  name: string,
  description: string | null,
): Promise<ArtifactCollection> {
  const now = nowIso();
  await db
    .insertInto('artifact_collections')
    .values({
      project_id: project.id,
      type_id: type.id,
      name,
      description,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .execute();

  const collection = await db
    .selectFrom('artifact_collections')
    .selectAll()
    .where('project_id', '=', project.id)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!collection)
    throw notFound(`Artifact "${name}" could not be created in project "${project.name}".`);

  if (collection.type_id !== type.id) {
    const existing = await db
      .selectFrom('artifact_types')
      .select('name')
      .where('id', '=', collection.type_id)
      .executeTakeFirstOrThrow();
    throw badInput(
      `Artifact "${name}" already has type "${existing.name}", not "${type.name}"; use type "${existing.name}" or another artifact name.`,
    );
  }
  return collection;
}
