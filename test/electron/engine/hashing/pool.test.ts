// The hashing pool against node:crypto: every digest the workers return must equal MD5 over
// the same bytes computed in one call, at the sizes where part boundaries go wrong first.
import { execFile } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import {
  HashError,
  HashPool,
  type HashProgress,
} from '../../../../electron/engine/hashing/index.ts';
import { MiB, expectedDigests, rangesOf, useTempFolder } from './hashing-fixture.ts';

const folder = useTempFolder('hash-pool');

// Small reads make several reads per part, so the part bookkeeping crosses read boundaries.
const pool = new HashPool({ size: 4, readSize: 256 * 1024 });
afterAll(() => pool.close());

const PART = 5 * MiB;
const EMPTY_MD5_HEX = 'd41d8cd98f00b204e9800998ecf8427e';

describe('HashPool digests', () => {
  const cases = [
    { name: '0 bytes', size: 0 },
    { name: '1 byte', size: 1 },
    { name: 'exactly one part', size: PART },
    { name: 'one byte over one part', size: PART + 1 },
    { name: '40 MiB in 5 MiB parts', size: 40 * MiB },
    { name: 'size not a multiple of the read size', size: 3 * PART + 12_345 },
  ];

  for (const { name, size } of cases) {
    it(`matches node:crypto for ${name}`, async () => {
      const file = await folder.randomFile(`case-${size}.bin`, size);

      const result = await pool.hash(file.path, { partSize: PART });

      const { mtimeMs, ...digests } = result;
      expect(digests).toEqual(expectedDigests(file.bytes, rangesOf(size, PART)));
      expect(mtimeMs).toBe(Math.trunc((await stat(file.path)).mtimeMs));
    });
  }

  it('returns the MD5 of empty input for an empty file', async () => {
    const file = await folder.randomFile('empty.bin', 0);

    const result = await pool.hash(file.path, { partSize: PART });

    expect(result.md5Hex).toBe(EMPTY_MD5_HEX);
    expect(result.md5Base64).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
    expect(result.parts).toEqual([]);
  });

  it('hashes the whole file only without a layout', async () => {
    const file = await folder.randomFile('no-layout.bin', 3 * MiB + 7);

    const result = await pool.hash(file.path);

    expect(result.md5Hex).toBe(expectedDigests(file.bytes, []).md5Hex);
    expect(result.parts).toEqual([]);
  });

  it('hashes explicit ranges with gaps', async () => {
    const file = await folder.randomFile('ranges.bin', 2 * MiB);
    const ranges = [
      { offset: 0, length: 1 },
      { offset: 100, length: 300 * 1024 },
      { offset: 1 * MiB, length: 1 * MiB },
    ];

    const result = await pool.hash(file.path, { ranges });

    expect(result.parts).toEqual(expectedDigests(file.bytes, ranges).parts);
    expect(result.md5Hex).toBe(expectedDigests(file.bytes, []).md5Hex);
  });

  it('rejects a range past the end of the file', async () => {
    const file = await folder.randomFile('short.bin', 10);

    const error = await pool
      .hash(file.path, { ranges: [{ offset: 5, length: 6 }] })
      .catch((e) => e);

    expect(error).toBeInstanceOf(HashError);
    expect(error.code).toBe('INVALID_PARTS');
    expect(error.message).toContain('ends at byte 11 but the file has 10 bytes');
  });

  it('rejects both partSize and ranges before starting a worker', async () => {
    const call = pool.hash('/unused', { partSize: PART, ranges: [{ offset: 0, length: 1 }] });

    await expect(call).rejects.toMatchObject({ code: 'INVALID_PARTS', path: '/unused' });
  });
});

describe('HashPool concurrency and progress', () => {
  it('hashes 64 files concurrently', async () => {
    const files = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        folder.randomFile(`many-${i}.bin`, 64 * 1024 + i * 4099),
      ),
    );
    const partSize = 16 * 1024;

    const results = await Promise.all(files.map((file) => pool.hash(file.path, { partSize })));

    for (const [i, file] of files.entries()) {
      const { mtimeMs: _mtimeMs, ...digests } = results[i]!;
      expect(digests, file.path).toEqual(
        expectedDigests(file.bytes, rangesOf(file.bytes.length, partSize)),
      );
    }
    expect(pool.stats()).toEqual({ workers: 4, busy: 0, queued: 0 });
  });

  it('reports increasing progress that ends at the file size', async () => {
    const file = await folder.randomFile('progress.bin', 12 * MiB);
    const reports: HashProgress[] = [];
    const progressPool = new HashPool({ size: 1, readSize: 64 * 1024, progressIntervalMs: 0 });

    try {
      await progressPool.hash(file.path, { onProgress: (progress) => reports.push(progress) });
    } finally {
      await progressPool.close();
    }

    // With no interval the worker reports after every read: 12 MiB / 64 KiB = 192 reads.
    expect(reports).toHaveLength(192);
    expect(reports.at(-1)).toEqual({ path: file.path, bytesHashed: 12 * MiB, size: 12 * MiB });
    const bytes = reports.map((report) => report.bytesHashed);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
  });

  it('throttles progress to the interval', async () => {
    const file = await folder.randomFile('throttled.bin', 24 * MiB);
    const reports: HashProgress[] = [];
    const throttledPool = new HashPool({ size: 1, readSize: 64 * 1024, progressIntervalMs: 50 });

    const started = performance.now();
    try {
      await throttledPool.hash(file.path, { onProgress: (progress) => reports.push(progress) });
    } finally {
      await throttledPool.close();
    }
    const elapsedMs = performance.now() - started;

    // An upper bound on the count, not a speed claim: one report per 50 ms at most, plus the
    // final one, however fast or slow the machine is.
    expect(reports.length).toBeLessThanOrEqual(Math.floor(elapsedMs / 50) + 1);
    expect(reports.at(-1)?.bytesHashed).toBe(24 * MiB);
  });
});

describe('HashPool lifecycle', () => {
  it('rejects running and queued jobs on close', async () => {
    const file = await folder.largeRandomFile('close.bin', 64 * MiB);
    const closingPool = new HashPool({ size: 1, readSize: 64 * 1024 });
    const running = closingPool.hash(file.path).catch((e) => e);
    const queued = closingPool.hash(file.path).catch((e) => e);

    await closingPool.close();

    expect(await running).toMatchObject({ code: 'POOL_CLOSED', path: file.path });
    expect(await queued).toMatchObject({ code: 'POOL_CLOSED', path: file.path });
    await expect(closingPool.hash(file.path)).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    expect(closingPool.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
  });

  it('lets the process exit while idle workers remain', async () => {
    // A child process hashes one file and never calls close(): idle workers are unref'd, so
    // it must exit by itself with the digest printed.
    const file = await folder.randomFile('unref.bin', 1000);
    const poolUrl = new URL('../../../../electron/engine/hashing/index.ts', import.meta.url);
    // A script file rather than --eval: workers inherit the parent's flags, and Node rejects
    // --input-type in a worker.
    const script = path.join(folder.dir, 'unref-child.mts');
    await writeFile(
      script,
      [
        `import { HashPool } from ${JSON.stringify(poolUrl.href)};`,
        `const result = await new HashPool({ size: 2 }).hash(${JSON.stringify(file.path)});`,
        'console.log(result.md5Hex);',
      ].join('\n'),
    );

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
      timeout: 30_000,
    });

    expect(stdout.trim()).toBe(expectedDigests(file.bytes, []).md5Hex);
  });
});
