// Decides what one path found by the walk becomes: a file entry, a directory to walk, or a
// skip. Each call makes one to four system calls (lstat, realpath, stat, access).

import { constants, type BigIntStats } from 'node:fs';
import { access, lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import { LogicalPathError, toLogicalPath } from '../../../shared/transfer/logical-paths';
import type { ListedChild } from './listing';
import {
  duplicateSkip,
  hiddenSkip,
  invalidNameSkip,
  loopSkip,
  outsideSkip,
  skipFromFsError,
  specialFileSkip,
} from './skips';
import type { ResolvedWalkOptions, WalkEntry, WalkSkip } from './types';

/** A dropped folder. Symbolic links are "inside" when they resolve under `realPath`. */
export interface WalkRoot {
  path: string;
  /** The dropped folder with every symbolic link resolved. */
  realPath: string;
}

/** A directory the walk will list. */
export interface DirectoryTarget {
  localPath: string;
  /** NFC segments of its logical path, starting with the dropped folder's name. */
  segments: string[];
  /** `<device>:<inode>` of the directory, which is how loops are recognised. */
  identity: string;
}

export type Outcome =
  | { kind: 'file'; entry: WalkEntry }
  | { kind: 'directory'; directory: DirectoryTarget }
  | { kind: 'skip'; skip: WalkSkip };

/**
 * Classifies one child of `parent`. `ancestors` contains the identities of `parent` and of
 * every directory above it on the current path, so a directory that equals one of them is
 * reported as a loop instead of walked.
 */
export async function classifyChild(
  child: ListedChild,
  parent: DirectoryTarget,
  root: WalkRoot,
  ancestors: ReadonlySet<string>,
  options: ResolvedWalkOptions,
): Promise<Outcome> {
  const where = child.localPath;

  if (!options.includeHidden && child.name.startsWith('.')) {
    return skipped(hiddenSkip(where));
  }
  if (child.invalidUtf8) {
    return skipped(
      invalidNameSkip(where, 'its name is not valid UTF-8, so it cannot be opened by name'),
    );
  }

  const segments = [...parent.segments, child.logicalName];
  if (child.duplicateOf !== undefined) {
    return skipped(duplicateSkip(where, segments.join('/'), child.duplicateOf));
  }

  let stats: BigIntStats;
  try {
    stats = await lstat(where, { bigint: true });

    if (stats.isSymbolicLink()) {
      const target = await realpath(where);
      if (!options.followSymlinksOutside && !isInside(root.realPath, target)) {
        return skipped(outsideSkip(where, target, root.path));
      }
      stats = await stat(where, { bigint: true });
    }
  } catch (error) {
    return skipped(skipFromFsError(error, where));
  }

  return classifyStats(where, segments, stats, ancestors);
}

/**
 * Classifies a dropped path. Its symbolic links are always followed and its name is never
 * treated as hidden, because the user chose it.
 */
export async function classifyRoot(absolutePath: string): Promise<Outcome> {
  const name = path.basename(absolutePath);
  if (name === '') {
    return skipped(
      invalidNameSkip(
        absolutePath,
        "a file system root has no name to start its files' logical paths with",
      ),
    );
  }

  let stats: BigIntStats;
  try {
    stats = await stat(absolutePath, { bigint: true });
  } catch (error) {
    return skipped(skipFromFsError(error, absolutePath));
  }

  return classifyStats(absolutePath, [name.normalize('NFC')], stats, new Set());
}

/** Returns whether `target` is `root` or lies under it. Both must be real paths. */
export function isInside(root: string, target: string): boolean {
  if (target === root) return true;

  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return target.startsWith(prefix);
}

async function classifyStats(
  where: string,
  segments: string[],
  stats: BigIntStats,
  ancestors: ReadonlySet<string>,
): Promise<Outcome> {
  if (stats.isDirectory()) {
    const identity = `${stats.dev}:${stats.ino}`;
    if (ancestors.has(identity)) return skipped(loopSkip(where));

    const logicalPath = buildLogicalPath(where, segments);
    if (typeof logicalPath !== 'string') return skipped(logicalPath);

    return { kind: 'directory', directory: { localPath: where, segments, identity } };
  }

  if (!stats.isFile()) return skipped(specialFileSkip(where, describeKind(stats)));

  // Mode bits that let everyone read the file settle it without another system call. Other
  // files get an access() check, which also accounts for the user, its groups and root.
  // NOTE: An ACL that denies a world-readable file is not seen here, so the read fails later.
  if ((Number(stats.mode) & 0o444) !== 0o444) {
    try {
      await access(where, constants.R_OK);
    } catch (error) {
      return skipped(skipFromFsError(error, where));
    }
  }

  const logicalPath = buildLogicalPath(where, segments);
  if (typeof logicalPath !== 'string') return skipped(logicalPath);

  const entry: WalkEntry = {
    localPath: where,
    logicalPath,
    size: Number(stats.size),
    mtimeMs: Number(stats.mtimeNs / 1_000_000n),
  };
  return { kind: 'file', entry };
}

/** Joins `segments` into a logical path, or returns a `name-invalid` skip when they cannot form one. */
function buildLogicalPath(where: string, segments: string[]): string | WalkSkip {
  try {
    return toLogicalPath(segments);
  } catch (error) {
    if (!(error instanceof LogicalPathError)) throw error;

    return {
      path: where,
      reason: 'name-invalid',
      message: `Skipped ${JSON.stringify(where)}: ${error.message}`,
    };
  }
}

function describeKind(stats: BigIntStats): string {
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return 'file of unknown type';
}

function skipped(value: WalkSkip): Outcome {
  return { kind: 'skip', skip: value };
}
