// Walks the files and folders a user dropped and streams one entry per regular file, so the
// upload can start while a folder of a hundred thousand files is still being walked.
//
// Policy (each choice that a user may want otherwise is an option in WalkOptions):
// - Logical paths: a dropped folder's files keep the folder's name as the first segment
//   (dropping /data/set gives "set/a.txt"), and a dropped file is its name alone. Segments
//   are normalised to NFC by toLogicalPath.
// - Hidden names (starting with "."): walked by default, as W&B's artifact.add_dir does.
//   With includeHidden false they are skipped as `hidden`.
// - Symbolic links are resolved with realpath. A link to a file or directory inside the
//   dropped folder is followed, and its files appear under the link's name. A link that
//   resolves outside is skipped as `symlink-outside` unless followSymlinksOutside is set.
//   A broken link is `not-found`, and a cycle of links is `loop`. A dropped link is always
//   followed.
// - Loops: a directory with the same device and inode as one of its parents is skipped as
//   `loop`. This also catches bind mounts.
// - FIFOs, sockets and devices are skipped as `special-file`. Reading a FIFO would block.
// - Unreadable directories and files are skipped as `permission-denied`. Paths that vanish
//   during the walk are `not-found`. Names that are not valid UTF-8 or make a logical path
//   over 1,024 bytes are `name-invalid`.
// - Duplicates: two dropped paths may have the same name, and two siblings may have names
//   that are equal after NFC ("é" as one code point and as e + U+0301). The first one is
//   kept and the other is skipped as `duplicate-path`. Dropped paths count in the order
//   given, and siblings in sorted order. Logical paths are unique once each level is unique, so no set
//   of every path is kept.
// - Order: dropped paths in the order given. Inside a folder come its files, sorted by NFC
//   name in UTF-16 code-unit order, then each subfolder walked in full in the same order.
//   The same tree therefore always gives the same sequence, which a resumed walk relies on.
// - Memory: the walk keeps the names of the directory whose files it is yielding, the
//   subdirectories still to walk at each level of the current path, and up to
//   `readAheadDirectories` listings per level. It never holds a list of all files.
// - Errors: every skip goes to onSkip and into the summary. A failure that is not about one
//   path (EIO, EMFILE) throws a WalkError and ends the walk.
//
// NOTE: Links to directories inside the tree that are not loops (two links to one sibling)
// walk that directory once per link, under different logical paths, as `cp -L` copies it.

import { realpath } from 'node:fs/promises';
import path from 'node:path';

import PQueue from 'p-queue';

import { classifyChild, classifyRoot, type DirectoryTarget, type WalkRoot } from './classify';
import { readListing, type ListingResult } from './listing';
import { mapOrdered } from './ordered-map';
import { duplicateSkip, skipFromFsError } from './skips';
import {
  emptySummary,
  resolveWalkOptions,
  type ResolvedWalkOptions,
  type WalkEntry,
  type WalkOptions,
  type WalkSkip,
  type WalkSummary,
} from './types';

/**
 * Returns a walk of `paths` that reads the file system only while it is iterated. Relative
 * paths are resolved against the current working directory.
 */
export function walkUploadSources(paths: readonly string[], options?: WalkOptions): UploadWalk {
  return new UploadWalk(paths, resolveWalkOptions(options));
}

/** A single-use walk: iterate it once, then read `summary`. */
export class UploadWalk implements AsyncIterable<WalkEntry> {
  private readonly totals: WalkSummary = emptySummary();
  private iterated = false;

  constructor(
    private readonly paths: readonly string[],
    private readonly options: ResolvedWalkOptions,
  ) {}

  /** A copy of the totals so far. They are final once iteration has ended. */
  get summary(): WalkSummary {
    return { ...this.totals, skipped: { ...this.totals.skipped } };
  }

  [Symbol.asyncIterator](): AsyncIterator<WalkEntry> {
    if (this.iterated) {
      throw new Error(
        'This walk has already been iterated. Call walkUploadSources again to walk the paths again.',
      );
    }
    this.iterated = true;

    return new WalkRun(this.paths, this.options, this.totals).run();
  }
}

/** A listing on its way to the generator that walks its directory, which empties the slot. */
interface ListingSlot {
  listing: Promise<ListingResult> | undefined;
}

/** The state of one iteration. */
class WalkRun {
  private readonly stop = new AbortController();
  private readonly signal: AbortSignal;
  private readonly queue: PQueue;
  /** NFC name of each dropped path walked so far, and the path that has it. */
  private readonly rootNames = new Map<string, string>();

  constructor(
    private readonly paths: readonly string[],
    private readonly options: ResolvedWalkOptions,
    private readonly totals: WalkSummary,
  ) {
    this.signal = options.signal
      ? AbortSignal.any([options.signal, this.stop.signal])
      : this.stop.signal;
    this.queue = new PQueue({ concurrency: options.concurrency });
  }

  async *run(): AsyncGenerator<WalkEntry, void, undefined> {
    try {
      this.signal.throwIfAborted();
      for (const dropped of this.paths) {
        yield* this.walkRoot(path.resolve(dropped));
      }
    } finally {
      // Stops listings read ahead and queued stats when the walk ends, fails or the consumer
      // leaves the loop early.
      this.stop.abort();
      this.queue.clear();
    }
  }

  private async *walkRoot(absolutePath: string): AsyncGenerator<WalkEntry, void, undefined> {
    const outcome = await this.runTask(() => classifyRoot(absolutePath));
    if (outcome.kind === 'skip') return this.report(outcome.skip);

    const name =
      outcome.kind === 'file' ? outcome.entry.logicalPath : outcome.directory.segments.join('/');
    const firstPath = this.rootNames.get(name);
    if (firstPath !== undefined) return this.report(duplicateSkip(absolutePath, name, firstPath));
    this.rootNames.set(name, absolutePath);

    if (outcome.kind === 'file') {
      yield this.count(outcome.entry);
      return;
    }

    let root: WalkRoot;
    try {
      root = { path: absolutePath, realPath: await realpath(absolutePath) };
    } catch (error) {
      return this.report(skipFromFsError(error, absolutePath));
    }

    const directory = outcome.directory;
    const slot = { listing: this.startListing(directory) };
    yield* this.walkDirectory(directory, slot, root, new Set([directory.identity]));
  }

  /**
   * Yields the files of `directory`, then walks its subdirectories one after another while
   * the listings of the next few are read ahead.
   */
  private async *walkDirectory(
    directory: DirectoryTarget,
    slot: ListingSlot,
    root: WalkRoot,
    ancestors: ReadonlySet<string>,
  ): AsyncGenerator<WalkEntry, void, undefined> {
    const subdirectories = yield* this.walkOwnFiles(directory, slot, root, ancestors);

    const listings: (Promise<ListingResult> | undefined)[] = [];
    const readAhead = this.options.readAheadDirectories;

    for (let i = 0; i < subdirectories.length; i += 1) {
      while (listings.length < Math.min(subdirectories.length, i + 1 + readAhead)) {
        listings.push(this.startListing(subdirectories[listings.length] as DirectoryTarget));
      }

      const subdirectory = subdirectories[i] as DirectoryTarget;
      const subdirectorySlot = { listing: listings[i] };
      listings[i] = undefined;

      const nested = new Set(ancestors).add(subdirectory.identity);
      yield* this.walkDirectory(subdirectory, subdirectorySlot, root, nested);
    }
  }

  /**
   * Yields the files in `directory`'s listing and returns its subdirectories. It empties
   * `slot` and keeps the listing in its own locals, so the listing can be freed before the
   * subdirectories are walked.
   */
  private async *walkOwnFiles(
    directory: DirectoryTarget,
    slot: ListingSlot,
    root: WalkRoot,
    ancestors: ReadonlySet<string>,
  ): AsyncGenerator<WalkEntry, DirectoryTarget[], undefined> {
    const listing = slot.listing as Promise<ListingResult>;
    slot.listing = undefined;

    const result = await listing;
    this.signal.throwIfAborted();

    if (!result.ok) {
      if ('skip' in result) {
        this.report(result.skip);
        return [];
      }
      throw result.error;
    }

    const subdirectories: DirectoryTarget[] = [];
    const outcomes = mapOrdered(result.children, this.options.concurrency, (child) =>
      this.runTask(() => classifyChild(child, directory, root, ancestors, this.options)),
    );

    for await (const outcome of outcomes) {
      this.signal.throwIfAborted();

      if (outcome.kind === 'file') yield this.count(outcome.entry);
      else if (outcome.kind === 'directory') subdirectories.push(outcome.directory);
      else this.report(outcome.skip);
    }

    return subdirectories;
  }

  /** Queues the read of a listing. The promise never rejects, so reading ahead is safe. */
  private startListing(directory: DirectoryTarget): Promise<ListingResult> {
    const read = this.runTask(() => readListing(directory.localPath, this.signal)).then(
      (result) => {
        if (result.ok) this.totals.directories += 1;
        return result;
      },
    );
    return read.catch((error: unknown): ListingResult => ({ ok: false, error }));
  }

  /** Runs `task` under the walk's limit on file system calls in flight. */
  private runTask<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.add(() => {
      this.signal.throwIfAborted();
      return task();
    });
  }

  private count(entry: WalkEntry): WalkEntry {
    this.totals.files += 1;
    this.totals.bytes += entry.size;
    return entry;
  }

  private report(skip: WalkSkip): void {
    this.totals.skipped[skip.reason] += 1;
    this.options.onSkip(skip);
  }
}
