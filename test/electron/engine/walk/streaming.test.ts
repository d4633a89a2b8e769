// Streaming and cancellation: a large tree yields its first file long before the walk has
// read most folders, and an AbortSignal stops the walk.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { walkUploadSources, type WalkEntry } from '../../../../electron/engine/walk/index.ts';
import { useTempFolder } from './walk-fixture.ts';

const folder = useTempFolder('walk-stream');

const FOLDERS = 200;
const FILES_PER_FOLDER = 100;
const TOTAL_FILES = FOLDERS * FILES_PER_FOLDER;

let root = '';

beforeAll(async () => {
  root = folder.at('big');
  for (let d = 0; d < FOLDERS; d += 1) {
    const dir = path.join(root, `d${String(d).padStart(3, '0')}`);
    await mkdir(dir, { recursive: true });
    await Promise.all(
      Array.from({ length: FILES_PER_FOLDER }, (_, f) =>
        writeFile(path.join(dir, `f${String(f).padStart(3, '0')}.bin`), String(d)),
      ),
    );
  }
});

describe('walkUploadSources streaming', () => {
  it('yields the first file after a few folders', async () => {
    const walk = walkUploadSources([root], { readAheadDirectories: 4 });

    let first: WalkEntry | undefined;
    let foldersReadAtFirst = -1;
    let count = 0;
    for await (const entry of walk) {
      if (count === 0) {
        first = entry;
        foldersReadAtFirst = walk.summary.directories;
      }
      count += 1;
    }

    expect(first?.logicalPath).toBe('big/d000/f000.bin');
    // The root, d000 and up to four folders read ahead: at most 6 of the 201 folders.
    expect(foldersReadAtFirst).toBeGreaterThanOrEqual(2);
    expect(foldersReadAtFirst).toBeLessThanOrEqual(6);
    expect(count).toBe(TOTAL_FILES);
    expect(walk.summary.files).toBe(TOTAL_FILES);
    expect(walk.summary.directories).toBe(FOLDERS + 1);
  });

  it('reads folders only as the consumer advances', async () => {
    const walk = walkUploadSources([root], { readAheadDirectories: 0 });
    const foldersRead: number[] = [];

    let count = 0;
    for await (const entry of walk) {
      count += 1;
      if (count % FILES_PER_FOLDER === 1) foldersRead.push(walk.summary.directories);
      if (count === 3 * FILES_PER_FOLDER + 1) {
        expect(entry.logicalPath).toBe('big/d003/f000.bin');
        break;
      }
    }

    // Without read-ahead, each folder is read when its first file is due.
    expect(foldersRead).toEqual([2, 3, 4, 5]);
  });

  it('sums the bytes of every file', async () => {
    const walk = walkUploadSources([root]);
    let bytes = 0;
    for await (const entry of walk) bytes += entry.size;

    // Each file contains its folder number as decimal text.
    let expected = 0;
    for (let d = 0; d < FOLDERS; d += 1) expected += String(d).length * FILES_PER_FOLDER;
    expect(bytes).toBe(expected);
    expect(walk.summary.bytes).toBe(expected);
  });
});

describe('walkUploadSources abort', () => {
  it('rejects at once with an aborted signal', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    controller.abort(reason);
    const walk = walkUploadSources([root], { signal: controller.signal });

    const iterator = walk[Symbol.asyncIterator]();

    await expect(iterator.next()).rejects.toBe(reason);
    expect(walk.summary.files).toBe(0);
    expect(walk.summary.directories).toBe(0);
  });

  it('stops mid-walk with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const walk = walkUploadSources([root], { signal: controller.signal });

    const seen: string[] = [];
    const run = (async () => {
      for await (const entry of walk) {
        seen.push(entry.logicalPath);
        if (seen.length === 150) controller.abort(reason);
      }
    })();

    await expect(run).rejects.toBe(reason);
    expect(seen).toHaveLength(150);
    expect(walk.summary.files).toBe(150);
    expect(walk.summary.directories).toBeLessThan(FOLDERS / 10);
  });

  it('ends cleanly when the consumer stops early', async () => {
    const walk = walkUploadSources([root, root]);

    let count = 0;
    for await (const _entry of walk) {
      count += 1;
      if (count === 10) break;
    }

    expect(walk.summary.files).toBe(10);
    expect(walk.summary.skipped['duplicate-path']).toBe(0);
  });
});
