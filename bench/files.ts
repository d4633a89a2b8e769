// Input files of the benchmarks, in one temporary folder per run. Content is random, so no
// store can compress it, and every repetition gives each file new content: the platform
// deduplicates content that the team already stores, and an unchanged file would not be sent.

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MiB } from './config';

/** Bytes at the start of a file that change between repetitions. */
const STAMP_BYTES = 16;

export class BenchFiles {
  readonly root = mkdtempSync(join(tmpdir(), 'byob-bench-'));
  private next = 0;

  /** A new empty folder under the run's root. */
  folder(name: string): string {
    const path = join(this.root, `${String(this.next++).padStart(3, '0')}-${name}`);
    mkdirSync(path, { recursive: true });
    return path;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Writes a file of `size` random-looking bytes. One 8 MiB random block is repeated with a
 * different first byte per block, which avoids generating `size` random bytes.
 */
export async function writeLargeFile(path: string, size: number): Promise<void> {
  const block = randomBytes(Math.min(size, 8 * MiB));
  const handle = await open(path, 'w');
  try {
    for (let written = 0, index = 0; written < size; written += block.length, index++) {
      block[0] = index & 0xff;
      await handle.write(block, 0, Math.min(block.length, size - written));
    }
  } finally {
    await handle.close();
  }
}

/** Overwrites the first bytes of a file with a fresh random stamp, giving it a new MD5. */
export async function restampFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(randomBytes(STAMP_BYTES), 0, STAMP_BYTES, 0);
  } finally {
    await handle.close();
  }
}

/** Writes `count` files of `size` bytes into `folder`, each with distinct random content. */
export async function writeSmallFiles(folder: string, count: number, size: number): Promise<void> {
  const body = randomBytes(size);
  for (let index = 0; index < count; index++) {
    // A random stamp per file keeps every file distinct, so none is deduplicated.
    randomBytes(Math.min(STAMP_BYTES, size)).copy(body);
    await writeFile(join(folder, `file-${String(index).padStart(6, '0')}.bin`), body);
  }
}
