// Cancelling hashing jobs: a running job stops between two reads and frees its worker, a
// queued job never starts, and the caller's promise rejects with the signal's reason.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it, vi } from 'vitest';

import { allocateReadBuffers, hashFile } from '../../../../electron/engine/hashing/hash-file.ts';
import { HashPool } from '../../../../electron/engine/hashing/index.ts';
import { MiB, expectedDigests, useTempFolder } from './hashing-fixture.ts';

const folder = useTempFolder('hash-abort');

// One worker, so a second job can only run once the aborted one has released it. The long
// grace period keeps the pool from replacing the worker, so the same worker runs both.
const pool = new HashPool({
  size: 1,
  readSize: 64 * 1024,
  progressIntervalMs: 0,
  abortGraceMs: 120_000,
});
afterAll(() => pool.close());

describe('HashPool abort', () => {
  it('rejects a running job with the reason and frees the worker', async () => {
    const big = await folder.largeRandomFile('big.bin', 64 * MiB);
    const small = await folder.randomFile('small.bin', 1000);
    const controller = new AbortController();
    const reason = new Error('user cancelled the transfer');
    let progressCalls = 0;

    const aborted = pool.hash(big.path, {
      signal: controller.signal,
      onProgress: () => {
        progressCalls += 1;
        controller.abort(reason);
      },
    });
    await expect(aborted).rejects.toBe(reason);
    const callsAtAbort = progressCalls;

    const next = await pool.hash(small.path);

    expect(next.md5Hex).toBe(expectedDigests(small.bytes, []).md5Hex);
    expect(progressCalls).toBe(callsAtAbort);
    expect(pool.stats()).toEqual({ workers: 1, busy: 0, queued: 0 });
  });

  it('removes a queued job without starting it', async () => {
    const first = await folder.randomFile('first.bin', 4 * MiB);
    const second = await folder.randomFile('second.bin', 4 * MiB);
    const controller = new AbortController();
    let secondProgress = 0;

    const running = pool.hash(first.path);
    const queued = pool.hash(second.path, {
      signal: controller.signal,
      onProgress: () => (secondProgress += 1),
    });
    expect(pool.stats().queued).toBe(1);
    controller.abort();

    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(pool.stats().queued).toBe(0);
    expect((await running).md5Hex).toBe(expectedDigests(first.bytes, []).md5Hex);
    expect(secondProgress).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const file = await folder.randomFile('never.bin', 10);
    const reason = new Error('aborted before the call');

    const call = pool.hash(file.path, { signal: AbortSignal.abort(reason) });

    await expect(call).rejects.toBe(reason);
    expect(pool.stats().queued).toBe(0);
  });
});

describe('HashPool shared signal', () => {
  it('aborts every job that shares one signal', async () => {
    // A transfer passes one signal for all of its files. Node warns once an AbortSignal has
    // more than 10 listeners, so the pool must register one listener per signal.
    const file = await folder.randomFile('shared.bin', 2 * MiB);
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);

    try {
      const calls = Array.from({ length: 20 }, () =>
        pool.hash(file.path, { signal: controller.signal }).catch((e) => e),
      );
      controller.abort();
      const errors = await Promise.all(calls);

      expect(errors.map((error) => error.name)).toEqual(Array(20).fill('AbortError'));
      // Warnings are emitted on the next tick, so give them time to arrive before checking.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('HashPool abort grace period', () => {
  it('terminates a worker that does not confirm an abort', async () => {
    // This worker reads its messages and never replies, like one stuck in a blocked read.
    const silentScript = path.join(folder.dir, 'silent-worker.mjs');
    await writeFile(
      silentScript,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n",
    );
    const silentPool = new HashPool({
      size: 1,
      abortGraceMs: 200,
      workerUrl: pathToFileURL(silentScript),
    });
    const controller = new AbortController();

    try {
      const call = silentPool.hash(path.join(folder.dir, 'unused.bin'), {
        signal: controller.signal,
      });
      expect(silentPool.stats()).toEqual({ workers: 1, busy: 1, queued: 0 });
      controller.abort();

      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
      await vi.waitFor(() => expect(silentPool.stats().workers).toBe(0), { timeout: 10_000 });
    } finally {
      await silentPool.close();
    }
  });
});

describe('hashFile abort', () => {
  it('stops after the read in flight', async () => {
    // hashFile runs on this thread here, so the number of reads after the abort is exact:
    // the loop checks the signal after each read, and one read-ahead may already be running.
    const file = await folder.randomFile('counted.bin', 8 * MiB);
    const controller = new AbortController();
    const positions: number[] = [];

    const call = hashFile(
      file.path,
      {},
      {
        buffers: allocateReadBuffers(64 * 1024),
        signal: controller.signal,
        progressIntervalMs: 0,
        onProgress: (bytesHashed) => {
          positions.push(bytesHashed);
          if (bytesHashed >= 256 * 1024) controller.abort();
        },
      },
    );

    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(positions).toEqual([64, 128, 192, 256].map((kib) => kib * 1024));
  });
});
