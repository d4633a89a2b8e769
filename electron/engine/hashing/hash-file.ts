// Hashes one file in a single sequential pass: the whole-file MD5 and each part's MD5 are
// updated from the same read buffers. Files of up to 256 KiB take the blocking path of
// hash-small.ts. This code runs inside a pool worker, but nothing here depends on being in
// one, so tests and the benchmark can call it directly.

import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

import { fromFsError } from './errors';
import {
  compareFingerprints,
  fileChanged,
  fingerprintOf,
  requireUnchanged,
  statRegularFile,
  type Fingerprint,
} from './fingerprint';
import { digestResult, hashSmallFile, SMALL_FILE_BYTES } from './hash-small';
import { PartDigests } from './part-digests';
import { planParts, validateLayout } from './parts';
import type { FileHashResult, PartLayout } from './types';

/** Settings of one `hashFile` call. */
export interface HashRun {
  /**
   * Two equal-sized buffers, reused across calls: one is hashed while the next read fills
   * the other. Their length is the read size.
   */
  buffers: readonly [Buffer, Buffer];
  /**
   * False skips the whole-file MD5, and the result's `md5Base64` and `md5Hex` are empty:
   * the pool then takes them from a job that runs in parallel on another worker.
   */
  wholeFile?: boolean;
  signal?: AbortSignal;
  /** Minimum time between two progress calls, in milliseconds. */
  progressIntervalMs: number;
  onProgress?: (bytesHashed: number, size: number) => void;
}

/** Allocates the read buffers for `HashRun.buffers`. */
export function allocateReadBuffers(readSize: number): [Buffer, Buffer] {
  return [Buffer.allocUnsafe(readSize), Buffer.allocUnsafe(readSize)];
}

// O_NONBLOCK keeps open() from waiting for a writer if the path was swapped for a FIFO after
// the type check. It does not change reads of regular files. Windows has no such flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Hashes `path` and returns the digests with the fingerprint they were read under. Rejects
 * with a `HashError`, or with `run.signal.reason` once the signal aborts.
 */
export async function hashFile(
  path: string,
  layout: PartLayout,
  run: HashRun,
): Promise<FileHashResult> {
  run.signal?.throwIfAborted();
  validateLayout(path, layout);

  const before = fingerprintOf(await statRegularFile(path));
  if (before.size <= SMALL_FILE_BYTES) {
    return hashSmallFile(path, before, layout, run, OPEN_FLAGS);
  }

  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw fromFsError(error, path);
  }

  try {
    // The path may have been replaced between the stat and the open.
    const opened = fingerprintOf(await statHandle(handle, path));
    const replaced = compareFingerprints(path, before, opened);
    if (replaced) throw replaced;

    const parts = new PartDigests(planParts(path, before.size, layout));
    const whole = run.wholeFile === false ? null : createHash('md5');
    await readAll(handle, path, before.size, run, (slice, offset) => {
      whole?.update(slice);
      parts.update(slice, offset);
    });

    await checkUnchanged(handle, path, before);
    return digestResult(before, whole, parts);
  } finally {
    await handle.close();
  }
}

/**
 * Reads bytes 0 to `size` in order and passes each filled slice to `consume`. The next read
 * is started before the current slice is hashed, so the disk and the CPU work in parallel.
 */
async function readAll(
  handle: FileHandle,
  path: string,
  size: number,
  run: HashRun,
  consume: (slice: Buffer, offset: number) => void,
): Promise<void> {
  let [current, next] = run.buffers;
  const readSize = current.length;
  let position = 0;
  let lastReport = performance.now();
  let pending: Promise<number> | null = null;

  const readInto = (buffer: Buffer, offset: number) =>
    handle.read(buffer, 0, Math.min(readSize, size - offset), offset).then(
      ({ bytesRead }) => bytesRead,
      (error: unknown) => Promise.reject(fromFsError(error, path)),
    );

  try {
    pending = size > 0 ? readInto(current, 0) : null;

    while (pending) {
      const bytesRead = await pending;
      pending = null;
      run.signal?.throwIfAborted();

      // A read that returns nothing before `size` bytes means the file was truncated.
      if (bytesRead === 0) {
        throw fileChanged(path, `it ended at byte ${position} of ${size}`);
      }

      const end = position + bytesRead;
      if (end < size) pending = readInto(next, end);

      consume(current.subarray(0, bytesRead), position);
      position = end;
      [current, next] = [next, current];

      const now = performance.now();
      if (run.onProgress && (position === size || now - lastReport >= run.progressIntervalMs)) {
        run.onProgress(position, size);
        lastReport = now;
      }
    }
  } finally {
    // A read still in flight writes into a buffer the next job reuses, so wait for it.
    await pending?.catch(() => 0);
  }
}

/** Compares the fingerprint after the read, through the open handle and through the path. */
async function checkUnchanged(handle: FileHandle, path: string, before: Fingerprint) {
  const throughHandle = fingerprintOf(await statHandle(handle, path));
  const throughPath = await statRegularFile(path).then(fingerprintOf, () => null);
  requireUnchanged(path, before, throughHandle, throughPath);
}

async function statHandle(handle: FileHandle, path: string) {
  try {
    return await handle.stat({ bigint: true });
  } catch (error) {
    throw fromFsError(error, path);
  }
}
