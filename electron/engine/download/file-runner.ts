// Runs the download of one file inside the shared file queue: keep an identical file already
// on disk, fetch the bytes into `.part`, check the size and MD5 against the listing, and
// rename. A file fetched from its first byte in this run is checked against the MD5 computed
// while it was written. A resumed file, one found already fetched, and the fetches that follow
// a restart are hashed again in full by the hashing pool's worker threads. A checksum
// mismatch never renames: the file is fetched once more and then fails with
// CHECKSUM_MISMATCH. An object that changed restarts the file with a warning.

import type { FileTransferRecord } from '../journal/index';
import type { EngineState } from '../transfer/events';
import { toTransferError, TransferError } from '../transfer/errors';
import type { DownloadContext } from './context';
import { bytesAlreadyFetched, fetchFile, planFile } from './fetch-file';
import { finalFileSize, preparePartFolder, publishPart, removePart } from './part-file';
import { partPathOf } from './local-paths';
import type { PendingDigest, StreamedDigest } from './streamed-digest';

/** Restarts allowed after the remote object changed, before the file fails with REMOTE_CHANGED. */
const MAX_REMOTE_RESTARTS = 2;

/** Downloads one file through the file queue; rejects with a TransferError or the abort reason. */
export async function runFileDownload(
  ctx: DownloadContext,
  file: FileTransferRecord,
): Promise<void> {
  // Without a signal for the queue, a pause waits until the file has journaled its progress.
  await ctx.files.add(() => {
    ctx.signal.throwIfAborted();
    return downloadOne(ctx, file);
  });
}

async function downloadOne(ctx: DownloadContext, listed: FileTransferRecord): Promise<void> {
  let file = ctx.journal.getFile(listed.id);
  if (['done', 'skipped', 'cancelled'].includes(file.state)) {
    // A file finished by an earlier run counts as done, so the totals add up after a resume.
    if (file.state !== 'cancelled') {
      ctx.progress.track(file.logicalPath, file.fingerprint.size, file.fingerprint.size);
    }
    return;
  }
  ctx.progress.track(file.logicalPath, file.fingerprint.size, bytesAlreadyFetched(ctx, file));

  try {
    await preparePartFolder(ctx.root, file);
    if (file.state === 'failed' && file.error?.code === 'CHECKSUM_MISMATCH') {
      file = restart(ctx, file);
    }
    if (file.state === 'pending' && file.bytesDone === 0 && (await isAlreadyPresent(ctx, file))) {
      move(ctx, file, 'skipped');
      ctx.progress.credit(file.logicalPath, file.fingerprint.size);
      return;
    }

    let remoteRestarts = 0;
    let mismatches = 0;
    for (;;) {
      try {
        // After a restart the file is hashed again in full, which is rare and costs little.
        const streamDigest = remoteRestarts === 0 && mismatches === 0;
        file = await fetchAndVerify(ctx, file, streamDigest);
        return;
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        const failure = toTransferError(error, 'WRITE_FAILED', { logicalPath: file.logicalPath });
        if (failure.code === 'REMOTE_CHANGED' && remoteRestarts < MAX_REMOTE_RESTARTS) {
          remoteRestarts += 1;
          ctx.warn(`${failure.message} It starts again from its first byte.`, file.logicalPath);
        } else if (failure.code === 'CHECKSUM_MISMATCH' && mismatches === 0) {
          mismatches += 1;
          ctx.warn(`${failure.message} It is fetched once more.`, file.logicalPath);
        } else {
          if (failure.code === 'CHECKSUM_MISMATCH') await removePart(file);
          throw failure;
        }
        file = restart(ctx, file);
      }
    }
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const failure = toTransferError(error, 'WRITE_FAILED', {
      transferId: ctx.transferId,
      logicalPath: file.logicalPath,
    });
    file = ctx.journal.getFile(file.id);
    ctx.journal.setFileState(file.id, 'failed', failure.toInfo());
    ctx.fileState(file, 'failed', failure);
    throw failure;
  }
}

/** Fetches what is missing, verifies the `.part` file and renames it; returns the done record. */
async function fetchAndVerify(
  ctx: DownloadContext,
  initial: FileTransferRecord,
  streamDigest: boolean,
): Promise<FileTransferRecord> {
  let file = planFile(ctx, initial);
  let digest: PendingDigest | null = null;
  try {
    if (file.state !== 'completing') {
      if (file.state === 'pending') move(ctx, file, 'waiting-for-urls');
      move(ctx, file, 'downloading');
      ({ file, digest } = await fetchFile(ctx, ctx.journal.getFile(file.id), streamDigest));
      move(ctx, file, 'completing');
    }
    await verify(ctx, file, digest);
  } finally {
    await digest?.stop();
  }
  await publishPart(file);
  move(ctx, file, 'done');
  return ctx.journal.getFile(file.id);
}

/**
 * Throws CHECKSUM_MISMATCH unless the `.part` file has the listed size and MD5. The digest
 * computed while the file was written is used when there is one. Otherwise the hashing pool
 * reads the whole `.part` file.
 */
async function verify(
  ctx: DownloadContext,
  file: FileTransferRecord,
  digest: PendingDigest | null,
): Promise<void> {
  const expected = file.fingerprint;
  const streamed = digest === null ? null : await digestUnlessAborted(ctx, digest);
  const result = streamed ?? (await ctx.hashPool.hash(partPathOf(file), { signal: ctx.signal }));
  const sizeDiffers = result.size !== expected.size;
  const md5Differs = expected.md5Base64 !== null && result.md5Base64 !== expected.md5Base64;
  if (!sizeDiffers && !md5Differs) return;

  throw new TransferError(
    'CHECKSUM_MISMATCH',
    sizeDiffers
      ? `Downloaded "${file.logicalPath}" has ${result.size} bytes, but the platform lists ${expected.size}.`
      : `Downloaded "${file.logicalPath}" has MD5 ${result.md5Base64}, but the platform lists ${expected.md5Base64}; the bytes were corrupted on the way or the stored object differs from its manifest.`,
    { transferId: ctx.transferId, logicalPath: file.logicalPath, operation: 'verify' },
  );
}

/**
 * Waits for a digest that may still be hashing its last ranges. A pause or cancel stops that
 * hashing at once and rejects with the abort reason.
 */
async function digestUnlessAborted(
  ctx: DownloadContext,
  digest: PendingDigest,
): Promise<StreamedDigest | null> {
  ctx.signal.throwIfAborted();
  const stop = () => void digest.stop();
  ctx.signal.addEventListener('abort', stop, { once: true });
  let streamed: StreamedDigest | null;
  try {
    streamed = await digest.result();
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
  ctx.signal.throwIfAborted();
  return streamed;
}

/** Returns whether the final path already contains a file with the listed size and MD5. */
async function isAlreadyPresent(ctx: DownloadContext, file: FileTransferRecord): Promise<boolean> {
  const expected = file.fingerprint;
  if (expected.md5Base64 === null) return false;
  if ((await finalFileSize(file)) !== expected.size) return false;

  const result = await ctx.hashPool.hash(file.localPath, { signal: ctx.signal });
  return result.size === expected.size && result.md5Base64 === expected.md5Base64;
}

/** Sends the file back to its first byte: the journal drops its ranges, ETag and progress. */
function restart(ctx: DownloadContext, file: FileTransferRecord): FileTransferRecord {
  ctx.journal.restartFile(file.id);
  ctx.progress.restartFile(file.logicalPath);
  return ctx.journal.getFile(file.id);
}

/** Moves the file to a journal state and emits it; `completing` is reported as `verifying`. */
function move(
  ctx: DownloadContext,
  file: FileTransferRecord,
  state: 'waiting-for-urls' | 'downloading' | 'completing' | 'done' | 'skipped',
): void {
  ctx.journal.setFileState(file.id, state);
  const reported: EngineState = state === 'completing' ? 'verifying' : state;
  ctx.fileState(file, reported);
}
