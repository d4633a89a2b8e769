// Shared setup for the hashing tests: a temporary folder per test file, files of random
// bytes in it, and the digests node:crypto computes over the same bytes, which every pool
// result is compared with.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll } from 'vitest';

import type { FileHashResult, PartRange } from '../../../../electron/engine/hashing/index.ts';

export const MiB = 1024 * 1024;

export interface TempFolder {
  /** Absolute path of the folder; set once `beforeAll` has run. */
  dir: string;
  /** Writes `size` random bytes to `name` in the folder and returns the path and the bytes. */
  randomFile(name: string, size: number): Promise<{ path: string; bytes: Buffer }>;
  /**
   * Writes `size` random bytes in 8 MiB pieces, for files too large to keep in memory, and
   * returns the path and the whole file's MD5 in hex.
   */
  largeRandomFile(name: string, size: number): Promise<{ path: string; md5Hex: string }>;
}

/** Creates a temporary folder before the file's tests and removes it after them. */
export function useTempFolder(prefix: string): TempFolder {
  const folder: TempFolder = {
    dir: '',

    async randomFile(name, size) {
      const filePath = path.join(folder.dir, name);
      const bytes = randomBytes(size);
      await writeFile(filePath, bytes);
      return { path: filePath, bytes };
    },

    async largeRandomFile(name, size) {
      const filePath = path.join(folder.dir, name);
      const md5 = createHash('md5');
      const handle = await open(filePath, 'w');
      try {
        for (let written = 0; written < size;) {
          const piece = randomBytes(Math.min(8 * MiB, size - written));
          await handle.write(piece);
          md5.update(piece);
          written += piece.length;
        }
      } finally {
        await handle.close();
      }
      return { path: filePath, md5Hex: md5.digest('hex') };
    },
  };

  beforeAll(async () => {
    folder.dir = await mkdtemp(path.join(tmpdir(), `byob-${prefix}-`));
  });

  afterAll(async () => {
    if (folder.dir) await rm(folder.dir, { recursive: true, force: true });
  });

  return folder;
}

/** Splits `size` bytes into parts of `partSize`, the last one holding the remainder. */
export function rangesOf(size: number, partSize: number): PartRange[] {
  const ranges: PartRange[] = [];
  for (let offset = 0; offset < size; offset += partSize) {
    ranges.push({ offset, length: Math.min(partSize, size - offset) });
  }
  return ranges;
}

/** The digests the pool must return for `bytes`, computed with node:crypto in one call each. */
export function expectedDigests(
  bytes: Buffer,
  ranges: readonly PartRange[],
): Omit<FileHashResult, 'mtimeMs'> {
  const whole = createHash('md5').update(bytes).digest();

  return {
    size: bytes.length,
    md5Hex: whole.toString('hex'),
    md5Base64: whole.toString('base64'),
    parts: ranges.map((range, index) => {
      const digest = createHash('md5')
        .update(bytes.subarray(range.offset, range.offset + range.length))
        .digest();
      return {
        index,
        partNumber: index + 1,
        offset: range.offset,
        length: range.length,
        md5Hex: digest.toString('hex'),
        md5Base64: digest.toString('base64'),
      };
    }),
  };
}
