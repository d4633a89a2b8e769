// Fetching one file's bytes into its `.part` file. Files at or above the parallel threshold are
// cut into ranges that are fetched in parallel and journaled one by one as confirmed parts
// (receipt: the object's ETag), so a resume fetches only the missing ranges. Smaller files
// come in one GET; its progress is journaled every few MiB after a sync, and a resume
// continues with `Range: bytes=N-` and If-Match on the recorded ETag. A file fetched from its
// first byte in this run gets its MD5 while it is written (./streamed-digest.ts). A resumed
// file gets none, because this run never hashed the bytes an earlier run wrote.

import type { FileTransferRecord, PlannedPart } from '../journal/index';
import type { DownloadContext } from './context';
import { fetchRange } from './fetch';
import { createPart, reopenPart, syncPart, type OpenPart } from './part-file';
import { OrderedDigest, SequentialDigest, type PendingDigest } from './streamed-digest';

/** Bytes between two journaled checkpoints of a whole-file GET. */
const CHECKPOINT_BYTES = 8 * 1024 * 1024;

/** Receipt of a range when storage sends no ETag; the journal needs a non-empty receipt. */
const NO_ETAG_RECEIPT = 'no-etag';

/** Records how the file will be fetched, unless an earlier run already did. */
export function planFile(ctx: DownloadContext, file: FileTransferRecord): FileTransferRecord {
  if (file.uploadMode !== null) return file;
  const size = file.fingerprint.size;
  const { rangeSize, parallelThreshold } = ctx.options;

  // NOTE: the journal's upload_mode column also names how a download is fetched: `multipart`
  // for parallel ranges, `single` for one GET.
  if (size > 0 && size >= parallelThreshold) {
    const parts: PlannedPart[] = [];
    for (let offset = 0; offset < size; offset += rangeSize) {
      parts.push({ offset, length: Math.min(rangeSize, size - offset) });
    }
    ctx.journal.recordPlan(file.id, { uploadMode: 'multipart', partSize: rangeSize, parts });
  } else {
    ctx.journal.recordPlan(file.id, {
      uploadMode: 'single',
      partSize: Math.max(1, size),
      parts: [],
    });
  }
  return ctx.journal.getFile(file.id);
}

/** Bytes of the file already on disk and journaled by an earlier run. */
export function bytesAlreadyFetched(ctx: DownloadContext, file: FileTransferRecord): number {
  if (file.uploadMode === 'multipart') {
    return ctx.journal.confirmedParts(file.id).reduce((sum, part) => sum + part.length, 0);
  }
  return file.bytesDone;
}

/** The outcome of `fetchFile`. */
export interface FetchedFile {
  /** A new record when the `.part` file was gone and the file restarted. */
  file: FileTransferRecord;
  /** MD5 of the bytes as they are written, or null when the file must be hashed again. */
  digest: PendingDigest | null;
}

/**
 * Fetches every missing byte of the file into its `.part` file and syncs it. With
 * `streamDigest`, a file that starts at its first byte is hashed while it is written.
 */
export async function fetchFile(
  ctx: DownloadContext,
  file: FileTransferRecord,
  streamDigest: boolean,
): Promise<FetchedFile> {
  let current = file;
  const fresh = streamDigest && bytesAlreadyFetched(ctx, current) === 0;
  let part = await reopenWithProgress(ctx, current);
  if (part === null) {
    if (bytesAlreadyFetched(ctx, current) > 0) {
      ctx.warn(
        `The partial file of "${current.logicalPath}" is missing or shorter than the journal records, so the file starts again from its first byte.`,
        current.logicalPath,
      );
      ctx.journal.restartFile(current.id);
      ctx.progress.restartFile(current.logicalPath);
      current = planFile(ctx, ctx.journal.getFile(current.id));
      ctx.journal.setFileState(current.id, 'waiting-for-urls');
      ctx.journal.setFileState(current.id, 'downloading');
    }
    const multipart = current.uploadMode === 'multipart';
    part = await createPart(current, multipart ? current.fingerprint.size : 0);
  }

  let digest: PendingDigest | null;
  try {
    if (current.uploadMode === 'multipart') {
      digest = await fetchRanges(ctx, current, part, fresh);
    } else {
      digest = await fetchWhole(ctx, current, part, fresh);
    }
  } finally {
    await part.handle.close();
  }
  return { file: ctx.journal.getFile(current.id), digest };
}

/**
 * Reopens the `.part` file when the journal has progress for it, cut to the journaled bytes.
 * Returns null when there is no progress, or when the file is gone or shorter than journaled.
 */
async function reopenWithProgress(
  ctx: DownloadContext,
  file: FileTransferRecord,
): Promise<OpenPart | null> {
  const fetched = bytesAlreadyFetched(ctx, file);
  if (fetched === 0) return null;

  const part = await reopenPart(file);
  if (part === null) return null;
  const onDisk = (await part.handle.stat()).size;
  if (file.uploadMode === 'multipart' && onDisk === file.fingerprint.size) return part;
  if (file.uploadMode !== 'multipart' && onDisk >= fetched) {
    // Bytes past the last checkpoint may not have reached the disk, so they are fetched again.
    await part.handle.truncate(fetched);
    return part;
  }
  await part.handle.close();
  return null;
}

/** Fetches the rest of the file in one GET and returns its digest when it started at byte 0. */
async function fetchWhole(
  ctx: DownloadContext,
  file: FileTransferRecord,
  part: OpenPart,
  fresh: boolean,
): Promise<PendingDigest | null> {
  const size = file.fingerprint.size;
  let checkpoint = file.bytesDone;
  let position = checkpoint;
  // A failed attempt keeps its bytes and the next one continues after them, so the slices
  // reach the digest in file order without gaps or repeats.
  const digest = fresh && position === 0 ? new SequentialDigest() : null;
  const saveCheckpoint = async () => {
    if (position === checkpoint) return;
    await syncPart(part, file);
    ctx.journal.recordProgress(file.id, position);
    checkpoint = position;
  };
  if (size > 0 && position === size) return null;

  try {
    await fetchRange(ctx, {
      file,
      operation: 'get-object',
      handle: part.handle,
      partPath: part.path,
      start: position,
      end: size,
      keepPartialBytes: true,
      signal: ctx.signal,
      onWritten: async (written, slice) => {
        digest?.update(slice);
        position = written;
        if (position - checkpoint >= CHECKPOINT_BYTES) await saveCheckpoint();
      },
    });
    position = size;
    await saveCheckpoint();
    await syncPart(part, file);
    return digest;
  } catch (error) {
    // A pause keeps what arrived, so the resume requests only the rest.
    if (ctx.signal.aborted) await saveCheckpoint();
    throw error;
  }
}

/** Fetches the missing ranges in parallel and returns a digest when no range was on disk. */
async function fetchRanges(
  ctx: DownloadContext,
  file: FileTransferRecord,
  part: OpenPart,
  fresh: boolean,
): Promise<PendingDigest | null> {
  // One failed range stops the others, so a changed object restarts the file at once.
  const stopFile = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stopFile.signal]);
  let firstError: unknown;
  const digest = fresh
    ? OrderedDigest.start(ctx.hashPool, part.path, file.fingerprint.size, ctx.signal)
    : null;

  await Promise.all(
    ctx.journal.pendingParts(file.id).map(async (range) => {
      try {
        const etag = await fetchRange(ctx, {
          file,
          operation: 'get-range',
          partNumber: range.partNumber,
          handle: part.handle,
          partPath: part.path,
          start: range.offset,
          end: range.offset + range.length,
          keepPartialBytes: false,
          signal,
        });
        await syncPart(part, file);
        ctx.journal.confirmPart(file.id, range.index, etag ?? NO_ETAG_RECEIPT);
        digest?.add(range.offset, range.length);
      } catch (error) {
        if (firstError === undefined) {
          firstError = error;
          stopFile.abort(error);
        }
      }
    }),
  );
  if (ctx.signal.aborted || firstError !== undefined) await digest?.stop();

  ctx.signal.throwIfAborted();
  if (firstError !== undefined) throw firstError;
  // The ranges completed last may still be hashing, and the verify step waits for them.
  return digest;
}
