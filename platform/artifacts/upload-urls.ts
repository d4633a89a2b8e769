import { PlatformError, badInput } from '../core/errors';
import { checkFilePath } from '../core/names';
import { nowIso } from '../core/time';
import type { PlatformDb } from '../db/open';
import type { Insertable, Updateable } from 'kysely';

import type { ArtifactFile, Database, User } from '../db/tables';
import type { SignedMultipartUpload, StorageProvider } from '../storage/provider';
import {
  base64Md5ToHex,
  isBase64Md5,
  objectPaths,
  type StorageRegistry,
} from '../storage/registry';
import { artifactForUser, type ArtifactScope } from './scope';

// S3's multipart rules, which GCS's XML API shares: part numbers 1 to 10,000.
export const MAX_PARTS = 10_000;
// W&B's SDK sends at most 2,000 file specs per request; allow up to 10,000.
export const MAX_FILE_SPECS = 10_000;

export interface FileSpec {
  artifactId: number;
  name: string;
  md5: string;
  mimetype?: string | null;
  parts?: { partNumber: number; hexMD5: string }[] | null;
}

export interface FileUpload {
  file: ArtifactFile;
  uploadUrl: string | null;
  uploadHeaders: string[];
  multipart: SignedMultipartUpload | null;
}

function checkParts(name: string, parts: { partNumber: number; hexMD5: string }[]): void {
  if (parts.length === 0 || parts.length > MAX_PARTS) {
    throw badInput(
      `Invalid part list for "${name}": ${parts.length} parts; send 1 to ${MAX_PARTS}.`,
    );
  }
  parts.forEach((part, index) => {
    if (part.partNumber !== index + 1) {
      throw badInput(
        `Invalid part list for "${name}": part ${index + 1} has partNumber ${part.partNumber}; number parts 1, 2, 3, … in order.`,
      );
    }
    if (!/^[0-9a-f]{32}$/i.test(part.hexMD5)) {
      throw badInput(
        `Invalid hexMD5 "${part.hexMD5}" for part ${part.partNumber} of "${name}": send the part's MD5 as 32 hex characters.`,
      );
    }
  });
}

/**
 * Registers files of pending artifacts and mints their upload URLs: nothing when the team
 * already stores the content (deduplicated), part URLs for multipart uploads where the
 * provider has them, otherwise one URL for a single PUT (or, on Azure, for staged blocks).
 */
export async function createFileUploads(
  db: PlatformDb,
  storage: StorageRegistry,
  user: User,
  specs: FileSpec[],
): Promise<FileUpload[]> {
  if (specs.length > MAX_FILE_SPECS) {
    throw badInput(
      `Too many files in one createArtifactFiles request: ${specs.length}; the maximum is ${MAX_FILE_SPECS}, so send them in batches.`,
    );
  }
  const scopes = new Map<number, ArtifactScope>();
  const planned: PlannedUpload[] = [];

  for (const spec of specs) {
    let scope = scopes.get(spec.artifactId);
    if (!scope) {
      scope = await artifactForUser(db, user, spec.artifactId);
      if (scope.artifact.state !== 'PENDING') {
        throw badInput(
          `Artifact ${scope.collection.name} is already ${scope.artifact.state.toLowerCase()}; start a new version with createArtifact.`,
        );
      }
      scopes.set(spec.artifactId, scope);
    }
    planned.push(await planOne(db, await storage.forEntity(scope.entity), user, scope, spec));
  }

  // One transaction for the whole request: with SQLite's full sync, each commit waits for the
  // disk, and a request registers up to 10,000 files. URLs are signed before it starts, so no
  // storage request runs while the database is locked.
  return db.transaction().execute(async (trx) => {
    const results: FileUpload[] = [];
    for (const { row, upload } of planned) {
      const file = await trx
        .insertInto('artifact_files')
        .values(row.insert)
        .onConflict((oc) => oc.columns(['artifact_id', 'name']).doUpdateSet(row.update))
        .returningAll()
        .executeTakeFirstOrThrow();
      results.push({ file, ...upload });
    }
    return results;
  });
}

/** A file's row and its signed URLs, ready to be recorded. */
interface PlannedUpload {
  row: {
    insert: Insertable<Database['artifact_files']>;
    update: Updateable<Database['artifact_files']>;
  };
  upload: Omit<FileUpload, 'file'>;
}

/** Checks one spec, looks for stored content with its MD5 and signs its upload URLs. */
async function planOne(
  db: PlatformDb,
  provider: StorageProvider,
  user: User,
  scope: ArtifactScope,
  spec: FileSpec,
): Promise<PlannedUpload> {
  const name = checkFilePath(spec.name);
  if (!isBase64Md5(spec.md5)) {
    throw badInput(
      `Invalid md5 "${spec.md5}" for "${name}": send the file's MD5 in base64 (24 characters).`,
    );
  }
  if (spec.parts) checkParts(name, spec.parts);

  const stored = await db
    .selectFrom('content_objects')
    .selectAll()
    .where('entity_id', '=', scope.entity.id)
    .where('md5', '=', spec.md5)
    .executeTakeFirst();

  const storagePath =
    stored?.storage_path ?? objectPaths.content(scope.entity, base64Md5ToHex(spec.md5));
  let uploadUrl: string | null = null;
  let uploadHeaders: string[] = [];
  let multipart: SignedMultipartUpload | null = null;
  const signer = { username: user.username };

  if (!stored && spec.parts && provider.supportsMultipart) {
    const uploadId = await provider.createMultipartUpload(storagePath, signer);
    multipart = await provider.signUploadParts(
      storagePath,
      uploadId,
      spec.parts.map((p) => p.partNumber),
      signer,
    );
  } else if (!stored) {
    const signed = await provider.signUpload(
      storagePath,
      { md5Base64: spec.md5, contentType: spec.mimetype ?? undefined },
      signer,
    );
    uploadUrl = signed.url;
    uploadHeaders = signed.headers;
  }

  const now = nowIso();
  const values = {
    md5: spec.md5,
    size: stored?.size ?? null,
    storage_path: storagePath,
    birth_artifact_id: stored?.birth_artifact_id ?? scope.artifact.id,
    upload_state: stored ? ('deduplicated' as const) : ('pending' as const),
    upload_id: multipart?.uploadId ?? null,
    mimetype: spec.mimetype ?? null,
    updated_at: now,
  };
  return {
    row: {
      insert: { artifact_id: scope.artifact.id, name, created_at: now, ...values },
      update: values,
    },
    upload: { uploadUrl, uploadHeaders, multipart },
  };
}

/** Completes (or, as this platform's extension, aborts) a multipart upload the platform started. */
export async function finishMultipartUpload(
  db: PlatformDb,
  storage: StorageRegistry,
  user: User,
  input: {
    action: 'Complete' | 'Abort';
    artifactId: number;
    storagePath: string;
    uploadId: string;
    parts: { partNumber: number; etag: string }[];
  },
): Promise<string | null> {
  const file = await db
    .selectFrom('artifact_files')
    .selectAll()
    .where('storage_path', '=', input.storagePath)
    .where('upload_id', '=', input.uploadId)
    .executeTakeFirst();
  if (!file) {
    throw badInput(
      `No open multipart upload "${input.uploadId}" at "${input.storagePath}"; request new URLs with createArtifactFiles.`,
    );
  }

  // The SDK passes either the file's birth artifact or the artifact being saved; both must be the caller's.
  const scope = await artifactForUser(db, user, file.artifact_id);
  await artifactForUser(db, user, input.artifactId);
  const provider = await storage.forEntity(scope.entity);

  if (input.action === 'Abort') {
    await provider.abortMultipartUpload(file.storage_path, input.uploadId);
    await db
      .updateTable('artifact_files')
      .set({ upload_id: null, updated_at: nowIso() })
      .where('id', '=', file.id)
      .execute();
    return null;
  }

  input.parts.forEach((part, index) => {
    if (part.partNumber !== index + 1) {
      throw badInput(
        `Invalid completed part list: entry ${index + 1} has partNumber ${part.partNumber}; list parts 1, 2, 3, … in order.`,
      );
    }
  });
  try {
    return await provider.completeMultipartUpload(file.storage_path, input.uploadId, input.parts);
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    throw new PlatformError(
      'STORAGE_ERROR',
      `Completing the multipart upload of "${file.name}" failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
