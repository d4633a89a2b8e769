// Adds the caller's files to the journal: each file is fingerprinted (size and mtime from
// one stat) and written in batches, so a folder of many thousand files streams in from an
// async iterable without being held twice.

import { stat } from 'node:fs/promises';

import { fingerprintOf, mtimeMsOf } from '../hashing/fingerprint';
import type { Journal, NewFile } from '../journal/index';
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

/** Files per journal transaction while listing. */
const INTAKE_BATCH = 500;

/**
 * Fingerprints every listed file and adds it to transfer `transferId`; returns the count.
 * An abort of `signal` stops the listing at the next file with the signal's reason.
 */
export async function addFilesToJournal(
  journal: Journal,
  transferId: string,
  files: UploadFileList,
  signal?: AbortSignal,
): Promise<number> {
  let batch: NewFile[] = [];
  let count = 0;

  for await (const file of files as AsyncIterable<UploadFileInput>) {
    signal?.throwIfAborted();
    batch.push(await fingerprint(file));
    if (batch.length >= INTAKE_BATCH) {
      journal.addFiles(transferId, batch);
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) journal.addFiles(transferId, batch);
  return count + batch.length;
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
 * Adds the caller's files to the journal and then marks the listing complete. A failure
 * leaves only some of them there, so it fails the transfer with LISTING_FAILED. `resume`
 * rejects that transfer, and one whose process died while listing, because resuming would
 * upload an incomplete artifact.
 */
export async function listFiles(ctx: TransferContext, files: UploadFileList): Promise<void> {
  try {
    await addFilesToJournal(ctx.journal, ctx.transferId, files, ctx.signal);
    // An abort can end the caller's iterable early, so a listing that ends after one is not complete.
    ctx.signal.throwIfAborted();
    ctx.journal.markListingComplete(ctx.transferId);
  } catch (error) {
    ctx.signal.throwIfAborted();
    const cause = toTransferError(error, 'INVALID_INPUT', { transferId: ctx.transferId });
    throw new TransferError('LISTING_FAILED', cause.message, cause.context, { cause });
  }
}
