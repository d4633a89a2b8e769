// A lone multipart file is hashed by two workers at once: one computes the whole-file MD5,
// the other the part MD5s. These tests check that both workers really run, that the merged
// result equals one sequential pass, and that a change, an abort or a full queue behave as
// they do with one worker.
import { appendFileSync } from 'node:fs';

import { afterAll, describe, expect, it } from 'vitest';

import { HashError, HashPool } from '../../../../electron/engine/hashing/index.ts';
import { hashFile, allocateReadBuffers } from '../../../../electron/engine/hashing/hash-file.ts';
import { MiB, expectedDigests, rangesOf, useTempFolder } from './hashing-fixture.ts';

const folder = useTempFolder('hash-two-pass');

const pool = new HashPool({ size: 2, readSize: 256 * 1024, progressIntervalMs: 0 });
afterAll(() => pool.close());

const PART = 5 * MiB;

describe('HashPool with one multipart file', () => {
  it('matches one sequential pass on two workers', async () => {
    const file = await folder.randomFile('two-workers.bin', 12 * PART + 777);

    const hashing = pool.hash(file.path, { partSize: PART });
    // Both passes are handed to a worker at once, before either has read a byte.
    const busyAtStart = pool.stats().busy;
    const result = await hashing;

    expect(busyAtStart).toBe(2);
    const { mtimeMs: _mtimeMs, ...digests } = result;
    expect(digests).toEqual(expectedDigests(file.bytes, rangesOf(file.bytes.length, PART)));
    const single = await hashFile(
      file.path,
      { partSize: PART },
      {
        buffers: allocateReadBuffers(64 * 1024),
        progressIntervalMs: 0,
      },
    );
    expect(result).toEqual(single);
    expect(pool.stats()).toEqual({ workers: 2, busy: 0, queued: 0 });
  });

  it('reports progress in order up to the size', async () => {
    const file = await folder.randomFile('progress.bin', 4 * PART);
    const seen: number[] = [];

    await pool.hash(file.path, {
      partSize: PART,
      onProgress: (progress) => seen.push(progress.bytesHashed),
    });

    expect(seen.at(-1)).toBe(4 * PART);
    expect(seen.filter((bytes) => bytes === 4 * PART)).toHaveLength(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('fails when the file grows', async () => {
    const file = await folder.largeRandomFile('grows.bin', 64 * MiB);
    let appended = false;

    const error = await pool
      .hash(file.path, {
        partSize: PART,
        onProgress: () => {
          if (appended) return;
          appendFileSync(file.path, 'more');
          appended = true;
        },
      })
      .catch((caught: unknown) => caught);

    expect(appended).toBe(true);
    expect(error).toBeInstanceOf(HashError);
    expect((error as HashError).code).toBe('FILE_CHANGED');
    expect(pool.stats().queued).toBe(0);
  });

  it('aborts both passes', async () => {
    const file = await folder.largeRandomFile('aborted.bin', 64 * MiB);
    const controller = new AbortController();
    const reason = new Error('user paused the transfer');

    const aborted = pool.hash(file.path, {
      partSize: PART,
      signal: controller.signal,
      onProgress: () => controller.abort(reason),
    });

    await expect(aborted).rejects.toBe(reason);
    const small = await folder.randomFile('after-abort.bin', 1000);
    const next = await pool.hash(small.path);
    expect(next.md5Hex).toBe(expectedDigests(small.bytes, []).md5Hex);
    await expect.poll(() => pool.stats().busy).toBe(0);
  });

  it('keeps one job per queued file', async () => {
    const files = await Promise.all(
      [0, 1, 2, 3].map((index) => folder.randomFile(`queued-${index}.bin`, 3 * PART)),
    );
    let queuedMost = 0;

    const results = await Promise.all(
      files.map((file) =>
        pool.hash(file.path, {
          partSize: PART,
          onProgress: () => {
            queuedMost = Math.max(queuedMost, pool.stats().queued);
          },
        }),
      ),
    );

    // The first file takes both free workers, and the other three wait as one job each.
    // Splitting those files too would queue six jobs.
    expect(queuedMost).toBe(3);
    results.forEach((result, index) => {
      expect(result.parts).toEqual(
        expectedDigests(files[index]!.bytes, rangesOf(3 * PART, PART)).parts,
      );
    });
  });
});
