import { badInput, notFound } from '../core/errors';
import { checkFilePath } from '../core/names';
import { nowIso } from '../core/time';
import type { PlatformDb } from '../db/open';
import type { ArtifactManifest, User } from '../db/tables';
import { isBase64Md5, objectPaths } from '../storage/registry';
import { artifactForUser, type ArtifactScope } from './scope';

/**
 * Creates or updates the manifest record of a pending artifact. The first call usually has
 * an empty digest (the client only wants the id); the second carries the base64 MD5 of the
 * manifest JSON and requests an upload URL.
 */
export async function upsertManifest(
  db: PlatformDb,
  user: User,
  input: {
    artifactId: number;
    name: string;
    digest: string;
    type: 'FULL' | 'INCREMENTAL' | 'PATCH';
    baseArtifactId: number | null;
  },
): Promise<{ manifest: ArtifactManifest; scope: ArtifactScope }> {
  const scope = await artifactForUser(db, user, input.artifactId);
  const name = checkFilePath(input.name);
  checkDigest(input.digest);
  if (scope.artifact.state !== 'PENDING') {
    throw badInput(
      `Artifact ${scope.collection.name} is already committed, so its manifest cannot change.`,
    );
  }

  const now = nowIso();
  const values = {
    type: input.type,
    digest: input.digest,
    base_artifact_id: input.baseArtifactId,
    updated_at: now,
  };
  const manifest = await db
    .insertInto('artifact_manifests')
    .values({
      artifact_id: scope.artifact.id,
      name,
      storage_path: objectPaths.manifest(scope.entity, scope.artifact.id, name),
      created_at: now,
      ...values,
    })
    .onConflict((oc) => oc.columns(['artifact_id', 'name']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { manifest, scope };
}

export async function updateManifestDigest(
  db: PlatformDb,
  user: User,
  input: { manifestId: number; digest: string | null; baseArtifactId: number | null },
): Promise<{ manifest: ArtifactManifest; scope: ArtifactScope }> {
  const existing = await db
    .selectFrom('artifact_manifests')
    .selectAll()
    .where('id', '=', input.manifestId)
    .executeTakeFirst();
  if (!existing) throw notFound(`Artifact manifest ${input.manifestId} not found.`);

  return upsertManifest(db, user, {
    artifactId: existing.artifact_id,
    name: existing.name,
    digest: input.digest ?? existing.digest,
    type: existing.type,
    baseArtifactId: input.baseArtifactId ?? existing.base_artifact_id,
  });
}

function checkDigest(digest: string): void {
  if (digest !== '' && !isBase64Md5(digest)) {
    throw badInput(
      `Invalid manifest digest "${digest}": send the base64 MD5 of the manifest file, or "" before it exists.`,
    );
  }
}

/** The manifest that describes a committed artifact's files: the FULL one. */
export async function currentManifest(
  db: PlatformDb,
  artifactId: number,
): Promise<ArtifactManifest | null> {
  const row = await db
    .selectFrom('artifact_manifests')
    .selectAll()
    .where('artifact_id', '=', artifactId)
    .where('type', '=', 'FULL')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ?? null;
}
