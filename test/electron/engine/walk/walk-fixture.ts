// Shared setup for the walker tests: a temporary folder per test file, helpers that build
// trees in it, and a collector that runs a walk to the end.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll } from 'vitest';

import {
  walkUploadSources,
  type WalkEntry,
  type WalkOptions,
  type WalkSkip,
  type WalkSummary,
} from '../../../../electron/engine/walk/index.ts';

export interface TempFolder {
  /** Absolute path of the folder, set once `beforeAll` has run. */
  dir: string;
  /** Returns the absolute path of `relative` inside the folder. */
  at(...relative: string[]): string;
}

/** Creates a temporary folder before the file's tests and removes it after them. */
export function useTempFolder(prefix: string): TempFolder {
  const folder: TempFolder = {
    dir: '',
    at: (...relative) => path.join(folder.dir, ...relative),
  };

  beforeAll(async () => {
    folder.dir = await mkdtemp(path.join(tmpdir(), `byob-${prefix}-`));
  });
  afterAll(async () => {
    await rm(folder.dir, { recursive: true, force: true });
  });

  return folder;
}

/**
 * Writes each file of `files` (relative path to contents) under `root`, creating folders
 * as needed. Relative paths use `/`.
 */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, contents] of Object.entries(files)) {
    const filePath = path.join(root, ...relative.split('/'));
    await mkdir(path.dirname(filePath), { recursive: true });
    await writeFile(filePath, contents);
  }
}

export interface WalkResult {
  entries: WalkEntry[];
  skips: WalkSkip[];
  summary: WalkSummary;
}

/** Walks `paths` to the end and returns everything it reported. */
export async function collect(paths: string[], options: WalkOptions = {}): Promise<WalkResult> {
  const skips: WalkSkip[] = [];
  const walk = walkUploadSources(paths, { ...options, onSkip: (skip) => skips.push(skip) });

  const entries: WalkEntry[] = [];
  for await (const entry of walk) entries.push(entry);

  return { entries, skips, summary: walk.summary };
}

export function logicalPaths(result: WalkResult): string[] {
  return result.entries.map((entry) => entry.logicalPath);
}

/** Returns the skips as `reason path-relative-to-base` strings, easy to compare as a list. */
export function describeSkips(result: WalkResult, base: string): string[] {
  return result.skips.map((skip) => `${skip.reason} ${path.relative(base, skip.path)}`);
}
