// Reads one directory into a sorted list of children. A directory is held in memory as a
// list of names while it is walked, because sorting needs all of them, but file metadata
// is read later, a few entries at a time.

import { Buffer } from 'node:buffer';
import { opendir } from 'node:fs/promises';
import path from 'node:path';

import { skipFromFsError } from './skips';
import type { WalkSkip } from './types';

/** One name in a directory listing. */
export interface ListedChild {
  /** The name on disk, decoded from UTF-8. */
  name: string;
  /** The name in Unicode NFC, the form logical paths use. */
  logicalName: string;
  localPath: string;
  /** Set when the name's bytes are not valid UTF-8, so no JavaScript string can open the file. */
  invalidUtf8: boolean;
  /** Set when an earlier sibling has the same NFC name: the local path of that sibling. */
  duplicateOf: string | undefined;
}

export type ListingResult =
  | { ok: true; children: ListedChild[] }
  | { ok: false; skip: WalkSkip }
  | { ok: false; error: unknown };

// Node accepts 'buffer' here at runtime and then returns names as Buffers, but the
// OpenDirOptions type of @types/node 20 lists only string encodings.
const BUFFER_NAMES = { encoding: 'buffer' as BufferEncoding };

/**
 * Reads the names in `directory`, sorted for a deterministic walk. Never rejects: a failure
 * the walk can report becomes a skip, and any other failure is returned for the caller to
 * throw when it reaches this directory, so listings read ahead cannot cause unhandled
 * rejections.
 */
export async function readListing(directory: string, signal: AbortSignal): Promise<ListingResult> {
  const children: ListedChild[] = [];

  try {
    const dir = await opendir(directory, BUFFER_NAMES);

    // `for await` over a Dir closes it when the loop ends or throws.
    for await (const dirent of dir) {
      signal.throwIfAborted();
      children.push(toChild(directory, dirent.name as unknown as Buffer));
    }
  } catch (error) {
    if (signal.aborted) return { ok: false, error: signal.reason };

    try {
      return { ok: false, skip: skipFromFsError(error, directory) };
    } catch (fatal) {
      return { ok: false, error: fatal };
    }
  }

  children.sort(compareChildren);
  markDuplicates(children);
  return { ok: true, children };
}

function toChild(directory: string, rawName: Buffer): ListedChild {
  const name = rawName.toString('utf8');

  // Invalid UTF-8 decodes to U+FFFD, and encoding that string again gives other bytes, so a
  // round trip that changes the bytes means the name cannot be passed back to the OS.
  const invalidUtf8 = !Buffer.from(name, 'utf8').equals(rawName);

  return {
    name,
    logicalName: name.normalize('NFC'),
    localPath: path.join(directory, name),
    invalidUtf8,
    duplicateOf: undefined,
  };
}

/**
 * Orders children by NFC name in UTF-16 code-unit order, which is the same on every machine
 * (localeCompare is not). Names that are equal after NFC put the one already in NFC first,
 * so the kept twin's name on disk equals its logical name.
 */
export function compareChildren(a: ListedChild, b: ListedChild): number {
  const byLogicalName = compareCodeUnits(a.logicalName, b.logicalName);
  if (byLogicalName !== 0) return byLogicalName;

  const aIsNfc = a.name === a.logicalName;
  const bIsNfc = b.name === b.logicalName;
  if (aIsNfc !== bIsNfc) return aIsNfc ? -1 : 1;

  return compareCodeUnits(a.name, b.name);
}

export function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * Marks every child whose NFC name equals that of an earlier valid sibling. Names that are
 * not valid UTF-8 are skipped for their name, so they never count as the first of a pair.
 * `children` must be sorted.
 */
function markDuplicates(children: ListedChild[]): void {
  let firstOfName: ListedChild | undefined;

  for (const child of children) {
    if (child.invalidUtf8) continue;

    if (firstOfName !== undefined && firstOfName.logicalName === child.logicalName) {
      child.duplicateOf = firstOfName.localPath;
    } else {
      firstOfName = child;
    }
  }
}
