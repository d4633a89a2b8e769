// The public types of the folder walker and the defaults of its options. The policy they
// encode is explained in walker.ts.

/** One regular file found by the walk, ready to become a file transfer. */
export interface WalkEntry {
  /** Absolute path to open, through any followed symbolic links. */
  localPath: string;
  /** `/`-separated NFC path inside the transfer, built by toLogicalPath. */
  logicalPath: string;
  /** Size in bytes when the file was stat'ed. */
  size: number;
  /** Modification time in whole milliseconds since the Unix epoch, the unit the journal stores. */
  mtimeMs: number;
}

/** Stable reasons a path was left out of the walk, for callers and UIs that branch on them. */
export const WALK_SKIP_REASONS = [
  'hidden',
  'symlink-outside',
  'loop',
  'special-file',
  'permission-denied',
  'not-found',
  'name-invalid',
  'duplicate-path',
] as const;

export type WalkSkipReason = (typeof WALK_SKIP_REASONS)[number];

/** A path the walk left out. A skipped directory is reported once, not once per file in it. */
export interface WalkSkip {
  /** Local path of the skipped file or directory. */
  path: string;
  reason: WalkSkipReason;
  /** One line naming the path, what happened and what to do about it. */
  message: string;
  /** The operating system's error code, such as `EACCES`, when a system call failed. */
  osCode?: string;
}

/** Totals of a walk. They grow while the walk runs and are final once iteration ends. */
export interface WalkSummary {
  /** Files yielded. */
  files: number;
  /** Sum of the sizes of the yielded files, in bytes. */
  bytes: number;
  /** Directories whose listing has been read, including listings read ahead of the consumer. */
  directories: number;
  /** Skipped paths by reason. Every reason is present, with 0 when nothing was skipped. */
  skipped: Record<WalkSkipReason, number>;
}

export interface WalkOptions {
  /**
   * Whether names starting with `.` are walked. Defaults to true because a dataset folder's
   * dotfiles are usually part of it, and W&B's `artifact.add_dir` also uploads them. When
   * false, each hidden file or directory is reported once as `hidden`. A dropped path is
   * walked even when its own name is hidden, because the user chose it.
   */
  includeHidden?: boolean;
  /**
   * Whether symbolic links that resolve outside the dropped folder are followed. Defaults to
   * false: such a link is reported as `symlink-outside`, so a link to a home folder or a
   * system directory does not pull unrelated files into the transfer.
   */
  followSymlinksOutside?: boolean;
  /** Maximum file system calls (directory reads and stats) in flight at once. Defaults to 16. */
  concurrency?: number;
  /** Number of sibling directories whose listings are read ahead of the consumer. Defaults to 4. */
  readAheadDirectories?: number;
  /** Aborting stops the walk: iteration rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called for every skipped path, in walk order, before the walk goes on. */
  onSkip?: (skip: WalkSkip) => void;
}

export interface ResolvedWalkOptions {
  includeHidden: boolean;
  followSymlinksOutside: boolean;
  concurrency: number;
  readAheadDirectories: number;
  signal: AbortSignal | undefined;
  onSkip: (skip: WalkSkip) => void;
}

export const DEFAULT_WALK_OPTIONS = {
  includeHidden: true,
  followSymlinksOutside: false,
  concurrency: 16,
  readAheadDirectories: 4,
} as const;

/** A walk option with a value the walker cannot use. */
export class WalkOptionError extends Error {
  override name = 'WalkOptionError';
}

export function resolveWalkOptions(options: WalkOptions = {}): ResolvedWalkOptions {
  const concurrency = options.concurrency ?? DEFAULT_WALK_OPTIONS.concurrency;
  const readAhead = options.readAheadDirectories ?? DEFAULT_WALK_OPTIONS.readAheadDirectories;

  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new WalkOptionError(
      `Invalid concurrency ${concurrency}: it must be an integer of at least 1. Pass the number of file system calls to run at once.`,
    );
  }
  if (!Number.isInteger(readAhead) || readAhead < 0) {
    throw new WalkOptionError(
      `Invalid readAheadDirectories ${readAhead}: it must be an integer of at least 0. Pass 0 to read each directory only when the walk reaches it.`,
    );
  }

  return {
    includeHidden: options.includeHidden ?? DEFAULT_WALK_OPTIONS.includeHidden,
    followSymlinksOutside:
      options.followSymlinksOutside ?? DEFAULT_WALK_OPTIONS.followSymlinksOutside,
    concurrency,
    readAheadDirectories: readAhead,
    signal: options.signal,
    onSkip: options.onSkip ?? (() => {}),
  };
}

export function emptySummary(): WalkSummary {
  const skipped = Object.fromEntries(WALK_SKIP_REASONS.map((reason) => [reason, 0]));
  return { files: 0, bytes: 0, directories: 0, skipped: skipped as Record<WalkSkipReason, number> };
}
