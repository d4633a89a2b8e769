import { randomBytes } from 'node:crypto';

import { badInput } from '../core/errors';
import { nowIso } from '../core/time';
import type { PlatformDb } from '../db/open';
import type { Artifact, User } from '../db/tables';
import type { StorageProvider } from '../storage/provider';
import type { StorageRegistry } from '../storage/registry';
import { base64Md5, manifestDigest, parseManifest, type Manifest } from './manifest';
import { currentManifest } from './manifests';
import { artifactForUser, type ArtifactScope } from './scope';
import { verifyFiles, type FileCheck } from './verify';

// A manifest of 100,000 files is about 20 MB; the platform reads it into memory only.
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

/**
 * Commits a pending artifact: reads its manifest from the bucket, checks it against the
 * artifact digest, checks that every file the manifest lists is in the bucket with the
 * right size, then assigns the next version number and moves the aliases.
 */
export async function commitArtifact(
  db: PlatformDb,
  storage: StorageRegistry,
  user: User,
  artifactId: number,
): Promise<Artifact> {
  const scope = await artifactForUser(db, user, artifactId);
  if (scope.artifact.state === 'COMMITTED') return scope.artifact;
  if (scope.artifact.state !== 'PENDING') {
    throw badInput(
      `Artifact ${scope.collection.name} is ${scope.artifact.state.toLowerCase()} and cannot be committed.`,
    );
  }

  const provider = await storage.forEntity(scope.entity);
  const manifest = await readManifest(db, provider, scope);
  const files = await db
    .selectFrom('artifact_files')
    .selectAll()
    .where('artifact_id', '=', artifactId)
    .execute();
  const checks = await verifyFiles(db, provider, scope, manifest, files);

  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    for (const check of checks) await recordFile(trx, scope, check, now);
    await trx
      .deleteFrom('artifact_files')
      .where('artifact_id', '=', artifactId)
      .where('name', 'not in', checks.length > 0 ? checks.map((c) => c.name) : [''])
      .execute();

    const last = await trx
      .selectFrom('artifacts')
      .select((eb) => eb.fn.max('version_index').as('max'))
      .where('collection_id', '=', scope.collection.id)
      .executeTakeFirst();
    const versionIndex = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;

    const aliases = new Set<string>([
      ...(JSON.parse(scope.artifact.requested_aliases) as string[]),
      'latest',
    ]);
    for (const alias of aliases) {
      await trx
        .deleteFrom('artifact_aliases')
        .where('collection_id', '=', scope.collection.id)
        .where('alias', '=', alias)
        .execute();
      await trx
        .insertInto('artifact_aliases')
        .values({
          collection_id: scope.collection.id,
          artifact_id: artifactId,
          alias,
          created_at: now,
        })
        .execute();
    }

    await trx
      .updateTable('artifact_collections')
      .set({ updated_at: now })
      .where('id', '=', scope.collection.id)
      .execute();
    return trx
      .updateTable('artifacts')
      .set({
        state: 'COMMITTED',
        version_index: versionIndex,
        size: checks.reduce((sum, c) => sum + c.size, 0),
        file_count: checks.length,
        commit_hash: randomBytes(10).toString('hex'),
        committed_at: now,
        updated_at: now,
      })
      .where('id', '=', artifactId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

async function readManifest(
  db: PlatformDb,
  provider: StorageProvider,
  scope: ArtifactScope,
): Promise<Manifest> {
  const record = await currentManifest(db, scope.artifact.id);
  if (!record || record.digest === '') {
    throw badInput(
      `Artifact ${scope.collection.name} has no uploaded manifest; upload wandb_manifest.json with createArtifactManifest first.`,
    );
  }

  const info = await provider.stat(record.storage_path);
  if (!info) {
    throw badInput(
      `The manifest of artifact ${scope.collection.name} is not in the bucket; PUT it to the URL from createArtifactManifest, then commit.`,
    );
  }
  if (info.size > MAX_MANIFEST_BYTES) {
    throw badInput(
      `The manifest of artifact ${scope.collection.name} has ${info.size} bytes; the maximum is ${MAX_MANIFEST_BYTES}.`,
    );
  }
  const bytes = await provider.readSmallObject(record.storage_path, MAX_MANIFEST_BYTES);

  if (base64Md5(bytes) !== record.digest) {
    throw badInput(
      `The uploaded manifest of ${scope.collection.name} does not match digest ${record.digest}; upload it again.`,
    );
  }
  const manifest = parseManifest(bytes);
  const digest = manifestDigest(manifest.contents);
  if (digest !== scope.artifact.digest) {
    throw badInput(
      `The manifest's entries give digest ${digest}, but the artifact was created with ${scope.artifact.digest}; create the artifact again from this manifest.`,
    );
  }
  return manifest;
}

async function recordFile(
  trx: PlatformDb,
  scope: ArtifactScope,
  check: FileCheck,
  now: string,
): Promise<void> {
  const values = {
    md5: check.md5,
    size: check.size,
    storage_path: check.storagePath,
    birth_artifact_id: check.birthArtifactId,
    upload_state: check.uploaded ? ('stored' as const) : ('deduplicated' as const),
    upload_id: null,
    updated_at: now,
  };
  await trx
    .insertInto('artifact_files')
    .values({
      artifact_id: scope.artifact.id,
      name: check.name,
      mimetype: null,
      created_at: now,
      ...values,
    })
    .onConflict((oc) => oc.columns(['artifact_id', 'name']).doUpdateSet(values))
    .execute();

  if (check.uploaded) {
    await trx
      .insertInto('content_objects')
      .values({
        entity_id: scope.entity.id,
        md5: check.md5,
        size: check.size,
        storage_path: check.storagePath,
        birth_artifact_id: check.birthArtifactId,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['entity_id', 'md5']).doNothing())
      .execute();
  }
}
