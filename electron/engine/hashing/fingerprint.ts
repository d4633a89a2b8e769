// The fingerprint of a local file is its size and modification time, plus the inode so a
// file replaced by rename is noticed. It is taken before a read and compared after it, so
// digests of a file modified while it was read are not reported.

import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';

import { fromFsError, hashError, notAFile, type HashError } from './errors';

/** Identity of a local file at one moment. */
export interface Fingerprint {
  size: number;
  /** Modification time in nanoseconds since the Unix epoch, as precise as the file system keeps it. */
  mtimeNs: bigint;
  dev: bigint;
  ino: bigint;
}

export function fingerprintOf(stats: BigIntStats): Fingerprint {
  return { size: Number(stats.size), mtimeNs: stats.mtimeNs, dev: stats.dev, ino: stats.ino };
}

/** Returns the modification time in whole milliseconds, the unit the journal stores. */
export function mtimeMsOf(fingerprint: Fingerprint): number {
  return Number(fingerprint.mtimeNs / 1_000_000n);
}

/** Stats `path`, following symbolic links, and rejects anything but a regular file. */
export async function statRegularFile(path: string): Promise<BigIntStats> {
  let stats: BigIntStats;
  try {
    stats = await stat(path, { bigint: true });
  } catch (error) {
    throw fromFsError(error, path);
  }

  if (!stats.isFile()) throw notAFile(path, describeKind(stats));
  return stats;
}

function describeKind(stats: BigIntStats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Returns a FILE_CHANGED error when `after` differs from `before`, or null when they match.
 *
 * NOTE: a same-size rewrite is caught only when it moves the modification time. Many Linux
 * file systems stamp mtime from the kernel's coarse clock, which advances once per scheduler
 * tick (1 to 10 ms), so a rewrite within the tick of the previous write can keep both.
 */
export function compareFingerprints(
  path: string,
  before: Fingerprint,
  after: Fingerprint,
): HashError | null {
  if (after.dev !== before.dev || after.ino !== before.ino) {
    return fileChanged(path, 'the path now points to a different file');
  }
  if (after.size !== before.size) {
    return fileChanged(path, `its size went from ${before.size} to ${after.size} bytes`);
  }
  if (after.mtimeNs !== before.mtimeNs) {
    return fileChanged(path, 'its modification time changed');
  }
  return null;
}

/**
 * Throws FILE_CHANGED unless the file kept `before` through its read. `throughHandle` is the
 * open file's fingerprint after the read, and `throughPath` is the path's, or null when the path
 * is gone. Both the blocking and the asynchronous hashing path end with this check.
 */
export function requireUnchanged(
  path: string,
  before: Fingerprint,
  throughHandle: Fingerprint,
  throughPath: Fingerprint | null,
): void {
  const changed =
    compareFingerprints(path, before, throughHandle) ??
    (throughPath === null
      ? fileChanged(path, 'the path was removed or replaced')
      : compareFingerprints(path, before, throughPath));
  if (changed) throw changed;
}

export function fileChanged(path: string, detail: string): HashError {
  return hashError(
    'FILE_CHANGED',
    path,
    `the file changed while it was read (${detail})`,
    'Hash it again once nothing writes to it.',
  );
}
