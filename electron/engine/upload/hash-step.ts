// Hashing of artifact files before createArtifact, which needs the digest of every file.
// Files are hashed in parallel in the HashPool's worker threads. A file whose plan is already
// journaled (a resumed upload) is not read again: its MD5s come from the journal.

import { stat } from 'node:fs/promises';

import type { FileTransferRecord } from '../journal/index';
import { planParts } from '../../../shared/transfer/part-plan';
import type { TransferContext } from './context';
import { toTransferError, TransferError } from '../transfer/errors';
import type { FileJob } from './file-job';

/**
 * Returns a job for every file of the transfer, hashing those without a journaled plan.
 * Jobs in `hashed` (files hashed while the folder was walked) are used as they are.
 */
export async function prepareJobs(
  ctx: TransferContext,
  files: readonly FileTransferRecord[],
  hashed?: ReadonlyMap<number, FileJob>,
): Promise<FileJob[]> {
  const jobs: FileJob[] = [];
  const toHash: FileJob[] = [];

  for (const record of files) {
    const earlier = hashed?.get(record.id);
    if (earlier !== undefined) {
      jobs.push(earlier);
      continue;
    }
    const job = jobFor(ctx, record);
    jobs.push(job);
    if (needsHash(job)) toHash.push(job);
  }

  await Promise.all(toHash.map((job) => hashJob(ctx, job)));
  return jobs;
}

/** Builds the job of one file, with the part digests of a plan the journal already has. */
export function jobFor(ctx: TransferContext, record: FileTransferRecord): FileJob {
  const job: FileJob = {
    record,
    md5Base64: record.fingerprint.md5Base64 ?? '',
    parts: [],
    partSize: record.partSize ?? 0,
    headers: {},
    birthArtifactId: null,
  };
  if (!needsHash(job)) {
    job.parts = ctx.journal.allParts(record.id).map((part) => ({
      offset: part.offset,
      length: part.length,
      ...(part.md5Hex === null ? {} : { md5Hex: part.md5Hex }),
    }));
  }
  return job;
}

/** Whether the file must be read: it has no journaled plan and is not finished. */
export function needsHash(job: FileJob): boolean {
  const { uploadMode, state } = job.record;
  return uploadMode === null && state !== 'done' && state !== 'deduplicated';
}

/** Hashes one file and journals the result, restarting it on FILE_CHANGED when the options allow. */
export async function hashJob(ctx: TransferContext, job: FileJob): Promise<void> {
  const fileId = job.record.id;
  ctx.journal.inTransaction(() => {
    if (job.record.state !== 'pending') ctx.journal.setFileState(fileId, 'pending');
    ctx.journal.setFileState(fileId, 'hashing');
  });
  ctx.fileState(job.record, 'hashing');

  for (let restarts = 0; ; restarts++) {
    const size = job.record.fingerprint.size;
    const plan = planParts(size, ctx.options);
    try {
      const result = await ctx.hashPool.hash(job.record.localPath, {
        ...(plan.kind === 'multipart' ? { partSize: plan.partSize } : {}),
        signal: ctx.signal,
      });
      const expected = job.record.fingerprint;
      if (
        result.size !== expected.size ||
        (expected.mtimeMs !== null && result.mtimeMs !== expected.mtimeMs)
      ) {
        throw new TransferError(
          'FILE_CHANGED',
          `File "${job.record.localPath}" changed after it was listed (size ${expected.size} → ${result.size} bytes). Upload it again once it no longer changes.`,
          { transferId: ctx.transferId, logicalPath: job.record.logicalPath },
        );
      }

      job.md5Base64 = result.md5Base64;
      job.partSize = plan.kind === 'multipart' ? plan.partSize : Math.max(1, size);
      job.parts = result.parts.map((part) => ({
        offset: part.offset,
        length: part.length,
        md5Hex: part.md5Hex,
      }));
      job.record = ctx.journal.inTransaction(() => {
        ctx.journal.recordHash(fileId, result.md5Base64);
        ctx.journal.setFileState(fileId, 'hashed');
        return ctx.journal.getFile(fileId);
      });
      return;
    } catch (error) {
      ctx.signal.throwIfAborted();
      const failure = toTransferError(error, 'FILE_UNREADABLE', {
        transferId: ctx.transferId,
        logicalPath: job.record.logicalPath,
        operation: 'hash',
      });
      // A restart re-reads the file under its new fingerprint; two restarts in a row mean the
      // file keeps changing, so it fails instead of looping.
      if (failure.code === 'FILE_CHANGED' && ctx.options.onChanged === 'restart' && restarts < 2) {
        ctx.journal.restartFile(fileId, await stat(job.record.localPath));
        ctx.journal.setFileState(fileId, 'hashing');
        job.record = ctx.journal.getFile(fileId);
        continue;
      }
      ctx.journal.setFileState(fileId, 'failed', failure.toInfo());
      ctx.fileState(job.record, 'failed', failure);
      throw failure;
    }
  }
}
