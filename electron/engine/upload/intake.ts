// Adds the caller's files to the journal: each file is fingerprinted (size and mtime from
// one stat) and written in batches, so a folder of many thousand files streams in from an
// async iterable without being held twice. Each journaled batch goes to a callback, so the
// upload works on it while the walk goes on.

import { stat } from 'node:fs/promises';

import { fingerprintOf, mtimeMsOf } from '../hashing/fingerprint';
import type { FileTransferRecord, Journal, NewFile } from '../journal/index';
import { LogicalPathError, toLogicalPath } from '../../../shared/transfer/logical-paths';
import { requireUploadableSize } from '../../../shared/transfer/part-plan';
import type { TransferContext } from './context';
import { toTransferError, TransferError } from '../transfer/errors';

export interface UploadFileInput {
  localPath: string;
  /** Path inside the artifact or run, with `/` separators and no leading `/`. */
  logicalPath: string;
}

export type UploadFileList = readonly UploadFileInput[] | AsyncIterable<UploadFileInput>;

/**
 * Receives each batch of files right after it is journaled. `last` is true for the batch that
 * ends the walk, which may be empty. The listing waits for the returned promise, so a
 * consumer that falls behind pauses the walk.
 */
export type ListedBatchHandler = (
  files: FileTransferRecord[],
  last: boolean,
) => void | Promise<void>;

/** Files per journal transaction while listing. */
export const INTAKE_BATCH = 500;

/**
 * Fingerprints every listed file and adds it to transfer `transferId`; returns the count.
 * An abort of `signal` stops the listing at the next file with the signal's reason.
 * `onBatch` receives the records of each journaled batch and may pause the listing.
 */
export async function addFilesToJournal(
  journal: Journal,
  transferId: string,
  files: UploadFileList,
  signal?: AbortSignal,
  onBatch?: ListedBatchHandler,
): Promise<number> {
  let batch: NewFile[] = [];
  let count = 0;
  const flush = async (last: boolean) => {
    const ids = batch.length > 0 ? journal.addFiles(transferId, batch) : [];
    count += batch.length;
    batch = [];
    if (onBatch)
      await onBatch(
        ids.map((id) => journal.getFile(id)),
        last,
      );
  };

  for await (const file of files as AsyncIterable<UploadFileInput>) {
    signal?.throwIfAborted();
    batch.push(await fingerprint(file));
    if (batch.length >= INTAKE_BATCH) await flush(false);
  }
  await flush(true);
  return count;
}

async function fingerprint(file: UploadFileInput): Promise<NewFile> {
  let stats;
  try {
    stats = await stat(file.localPath, { bigint: true });
  } catch (error) {
    throw new TransferError(
      'FILE_UNREADABLE',
      `Cannot read "${file.localPath}": ${(error as Error).message}. Check the path and its permissions.`,
      { logicalPath: file.logicalPath },
      { cause: error },
    );
  }
  if (!stats.isFile()) {
    throw new TransferError(
      'INVALID_INPUT',
      `"${file.localPath}" is not a regular file; list the files inside a folder one by one.`,
      { logicalPath: file.logicalPath },
    );
  }
  const size = Number(stats.size);
  requireUploadableSize(size);
  return {
    logicalPath: logicalPathOf(file),
    localPath: file.localPath,
    size,
    // Whole milliseconds from the nanosecond time, exactly as the hashing pool computes
    // them: flooring the float `mtimeMs` can land one millisecond lower.
    mtimeMs: mtimeMsOf(fingerprintOf(stats)),
  };
}

/**
 * Checks a logical path and normalises it to NFC, as the platform stores names, so a name
 * typed or listed in NFD (as macOS file systems may return it) matches its manifest entry.
 */
function logicalPathOf(file: UploadFileInput): string {
  try {
    return toLogicalPath(file.logicalPath.split('/'));
  } catch (error) {
    if (!(error instanceof LogicalPathError)) throw error;
    throw new TransferError(
      'INVALID_INPUT',
      error.message,
      { logicalPath: file.logicalPath },
      { cause: error },
    );
  }
}

/**
 * Adds the caller's files to the journal, passing each batch to `onBatch`, and marks the
 * listing complete just before the last batch. The transfer's progress total grows with every batch. A failure leaves
 * only some of the files there, so it fails the transfer with LISTING_FAILED. `resume`
 * rejects that transfer, and one whose process died while listing, because resuming would
 * upload an incomplete artifact.
 */
export async function listFiles(
  ctx: TransferContext,
  files: UploadFileList,
  onBatch?: ListedBatchHandler,
): Promise<void> {
  // The counters start from the journal's total now (no files yet), so each batch adds its bytes once.
  ctx.progress.addTotal(0);
  const countBatch: ListedBatchHandler = (records, last) => {
    ctx.progress.addTotal(records.reduce((sum, record) => sum + record.fingerprint.size, 0));
    if (last) {
      // An abort can end the caller's iterable early, so a listing that ends after one is not complete.
      ctx.signal.throwIfAborted();
      // Marked before the last batch's work starts, so a walk of one batch (at most
      // INTAKE_BATCH files) is complete before anything is hashed or sent, as before.
      ctx.journal.markListingComplete(ctx.transferId);
    }
    return onBatch?.(records, last);
  };

  try {
    await addFilesToJournal(ctx.journal, ctx.transferId, files, ctx.signal, countBatch);
  } catch (error) {
    ctx.signal.throwIfAborted();
    const cause = toTransferError(error, 'INVALID_INPUT', { transferId: ctx.transferId });
    throw new TransferError('LISTING_FAILED', cause.message, cause.context, { cause });
  }
}
