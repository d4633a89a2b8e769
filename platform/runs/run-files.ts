import PQueue from 'p-queue';

import { badInput } from '../core/errors';
import { checkFilePath } from '../core/names';
import { nowIso } from '../core/time';
import type { PlatformDb } from '../db/open';
import type { Entity, Project, Run, RunFile } from '../db/tables';
import type { SigningContext, StorageProvider } from '../storage/provider';
import { objectPaths } from '../storage/registry';

// W&B's SDK requests run file URLs in batches; a larger request is almost surely a mistake.
export const MAX_RUN_FILES_PER_REQUEST = 10_000;
// Bucket metadata requests in flight while confirming uploads.
const STAT_CONCURRENCY = 16;

export interface RunUploadUrls {
  headers: string[];
  files: { name: string; uploadUrl: string }[];
}

/** Records the files of a run and mints one upload URL per file. */
export async function createRunFileUploads(
  db: PlatformDb,
  storage: StorageProvider,
  scope: { entity: Entity; project: Project; run: Run },
  names: string[],
  signer: SigningContext,
): Promise<RunUploadUrls> {
  if (names.length > MAX_RUN_FILES_PER_REQUEST) {
    throw badInput(
      `Too many run files in one request: ${names.length}; the maximum is ${MAX_RUN_FILES_PER_REQUEST}, so send them in batches.`,
    );
  }
  const paths = names.map(checkFilePath);
  const now = nowIso();
  const files: RunUploadUrls['files'] = [];
  let headers: string[] = [];

  for (const name of paths) {
    const storagePath = objectPaths.runFile(scope.entity, scope.project.name, scope.run.name, name);
    const signed = await storage.signUpload(storagePath, { md5Base64: null }, signer);
    headers = signed.headers;
    files.push({ name, uploadUrl: signed.url });

    await db
      .insertInto('run_files')
      .values({
        run_id: scope.run.id,
        name,
        storage_path: storagePath,
        state: 'pending',
        size: null,
        md5: null,
        mimetype: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['run_id', 'name']).doUpdateSet({ state: 'pending', updated_at: now }),
      )
      .execute();
  }

  // Headers depend on the provider only, so one list serves the batch, as in W&B's API.
  return { headers, files };
}

/**
 * Looks in the bucket for run files still marked pending and records size and MD5 of the
 * ones that arrived. Listings call this first, so they show only files that exist.
 */
export async function confirmRunFiles(
  db: PlatformDb,
  storage: StorageProvider,
  run: Run,
  names?: string[],
): Promise<void> {
  let query = db
    .selectFrom('run_files')
    .selectAll()
    .where('run_id', '=', run.id)
    .where('state', '=', 'pending');
  if (names && names.length > 0) query = query.where('name', 'in', names);
  const pending = await query.execute();
  if (pending.length === 0) return;

  const queue = new PQueue({ concurrency: STAT_CONCURRENCY });
  await queue.addAll(pending.map((file) => () => confirmOne(db, storage, file)));
}

async function confirmOne(db: PlatformDb, storage: StorageProvider, file: RunFile): Promise<void> {
  const info = await storage.stat(file.storage_path);
  if (!info) return;

  await db
    .updateTable('run_files')
    .set({ state: 'stored', size: info.size, md5: info.md5Base64, updated_at: nowIso() })
    .where('id', '=', file.id)
    .execute();
}
