// The main event loop keeps running while a large file is hashed, because the reads and the
// MD5 work happen in a worker thread. This is a responsiveness check, not a speed claim: a
// slower machine makes hashing take longer, but the gaps between ticks of a 10 ms timer stay
// short. The bound of 200 ms, twenty timer periods, leaves room for a busy CI machine.
import { afterAll, describe, expect, it } from 'vitest';

import { HashPool } from '../../../../electron/engine/hashing/index.ts';
import { MiB, useTempFolder } from './hashing-fixture.ts';

const folder = useTempFolder('hash-responsive');
const pool = new HashPool({ size: 1 });
afterAll(() => pool.close());

const TIMER_PERIOD_MS = 10;
const MAX_GAP_MS = 200;

describe('HashPool responsiveness', () => {
  it('keeps the event loop responsive for 256 MiB', async () => {
    const file = await folder.largeRandomFile('large.bin', 256 * MiB);
    const warmUp = await folder.randomFile('warm-up.bin', 1);

    // Start the worker first, so the measured window holds only the hashing.
    await pool.hash(warmUp.path);

    let last = performance.now();
    let maxGapMs = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGapMs = Math.max(maxGapMs, now - last);
      last = now;
      ticks += 1;
    }, TIMER_PERIOD_MS);

    let result;
    try {
      result = await pool.hash(file.path, { partSize: 8 * MiB });
    } finally {
      clearInterval(timer);
    }

    // The gap from the last tick to the result counts too, so a main thread that was blocked
    // until the end cannot pass with few ticks.
    maxGapMs = Math.max(maxGapMs, performance.now() - last);

    expect(result.md5Hex).toBe(file.md5Hex);
    expect(result.parts).toHaveLength(32);
    expect(maxGapMs, `longest gap between ticks over ${ticks} ticks`).toBeLessThan(MAX_GAP_MS);
  });
});
