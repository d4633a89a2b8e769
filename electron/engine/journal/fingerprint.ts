import type { FileFingerprint, FileTransferRecord } from './types';

/** The parts of `fs.Stats` (or `fs.BigIntStats` converted to numbers) a fingerprint compares. */
export interface StatLike {
  size: number;
  mtimeMs: number;
}

/**
 * Rounds `fs.Stats.mtimeMs` down to whole milliseconds. The fractional part depends on the
 * filesystem's timestamp resolution, and copies of the same time made through `Date` have none.
 */
export function wholeMilliseconds(mtimeMs: number): number {
  return Math.floor(mtimeMs);
}

/**
 * Returns true when `stat` has the size and modification time the journal recorded for the
 * file. A file whose fingerprint no longer matches must not be completed with the parts
 * already sent, so restart it with `Journal.restartFile`. A fingerprint without a
 * modification time (a download not yet written) matches no stat.
 */
export function fingerprintMatches(
  file: FileTransferRecord | FileFingerprint,
  stat: StatLike,
): boolean {
  const fingerprint = 'fingerprint' in file ? file.fingerprint : file;
  if (fingerprint.mtimeMs === null) return false;

  return fingerprint.size === stat.size && fingerprint.mtimeMs === wholeMilliseconds(stat.mtimeMs);
}
