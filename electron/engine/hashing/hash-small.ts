// Hashes a small file with blocking calls. In a pool worker a blocking call holds up only that
// worker. For a file of a few KiB, the six thread-pool round trips of the asynchronous path
// (open, two stats of the handle, the reads, a stat of the path, close) cost more than the MD5.
// The checks are the same: the file must keep its fingerprint from the first stat to the end.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

import { fromFsError } from './errors';
import {
  compareFingerprints,
  fileChanged,
  fingerprintOf,
  mtimeMsOf,
  requireUnchanged,
  type Fingerprint,
} from './fingerprint';
import type { HashRun } from './hash-file';
import { PartDigests } from './part-digests';
import { planParts } from './parts';
import type { FileHashResult, PartLayout } from './types';

/** Largest file hashed with blocking calls, in bytes. */
export const SMALL_FILE_BYTES = 256 * 1024;

/**
 * Hashes `path`, whose stat before the open gave `before`, opening it with `flags`. Throws a
 * `HashError` as the asynchronous path does, and reports progress once, at the end.
 */
export function hashSmallFile(
  path: string,
  before: Fingerprint,
  layout: PartLayout,
  run: HashRun,
  flags: number,
): FileHashResult {
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (error) {
    throw fromFsError(error, path);
  }

  try {
    const replaced = compareFingerprints(path, before, fingerprintOf(fstatOf(fd, path)));
    if (replaced) throw replaced;

    const parts = new PartDigests(planParts(path, before.size, layout));
    const whole = run.wholeFile === false ? null : createHash('md5');
    readAllSync(fd, path, before.size, run.buffers[0], (slice, offset) => {
      whole?.update(slice);
      parts.update(slice, offset);
    });

    requireUnchanged(path, before, fingerprintOf(fstatOf(fd, path)), pathFingerprint(path));

    run.signal?.throwIfAborted();
    if (before.size > 0) run.onProgress?.(before.size, before.size);
    return digestResult(before, whole, parts);
  } finally {
    closeSync(fd);
  }
}

/** Builds the result of a finished read; without a whole-file hash its digests are empty. */
export function digestResult(
  before: Fingerprint,
  whole: Hash | null,
  parts: PartDigests,
): FileHashResult {
  const digest = whole?.digest() ?? Buffer.alloc(0);
  return {
    size: before.size,
    mtimeMs: mtimeMsOf(before),
    md5Base64: digest.toString('base64'),
    md5Hex: digest.toString('hex'),
    parts: parts.parts,
  };
}

function readAllSync(
  fd: number,
  path: string,
  size: number,
  buffer: Buffer,
  consume: (slice: Buffer, offset: number) => void,
): void {
  for (let position = 0; position < size;) {
    let bytesRead: number;
    try {
      bytesRead = readSync(fd, buffer, 0, Math.min(buffer.length, size - position), position);
    } catch (error) {
      throw fromFsError(error, path);
    }
    // A read that returns nothing before `size` bytes means the file was truncated.
    if (bytesRead === 0) throw fileChanged(path, `it ended at byte ${position} of ${size}`);

    consume(buffer.subarray(0, bytesRead), position);
    position += bytesRead;
  }
}

function pathFingerprint(path: string): Fingerprint | null {
  try {
    return fingerprintOf(statSync(path, { bigint: true }));
  } catch {
    return null;
  }
}

function fstatOf(fd: number, path: string) {
  try {
    return fstatSync(fd, { bigint: true });
  } catch (error) {
    throw fromFsError(error, path);
  }
}
