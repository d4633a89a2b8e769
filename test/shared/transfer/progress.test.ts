import { describe, expect, it } from 'vitest';

import {
  ProgressEstimator,
  ProgressThrottle,
  type ProgressSnapshot,
} from '../../../shared/transfer/progress';

/** Returns a clock in ms that the test advances by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000_000;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** Feeds `bytesPerTick` every `tickMs` for `durationMs`. */
function feed(
  estimator: ProgressEstimator,
  clock: ReturnType<typeof manualClock>,
  bytesPerTick: number,
  tickMs: number,
  durationMs: number,
): void {
  for (let elapsed = 0; elapsed < durationMs; elapsed += tickMs) {
    clock.advance(tickMs);
    estimator.add(bytesPerTick);
  }
}

describe('ProgressEstimator', () => {
  it('starts with no rate and no ETA', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(1_000, { now: clock.now });

    expect(estimator.snapshot()).toEqual({
      bytesDone: 0,
      bytesTotal: 1_000,
      rateBytesPerSecond: 0,
      etaSeconds: null,
    });
  });

  it('reports an empty transfer as done', () => {
    const estimator = new ProgressEstimator(0, { now: manualClock().now });

    expect(estimator.snapshot().etaSeconds).toBe(0);
  });

  it('converges on a steady rate', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(100_000, { now: clock.now });

    feed(estimator, clock, 1_000, 250, 10_000);
    const snapshot = estimator.snapshot();

    expect(snapshot.bytesDone).toBe(40_000);
    expect(snapshot.rateBytesPerSecond).toBeCloseTo(4_000, 6);
    expect(snapshot.etaSeconds).toBeCloseTo(15, 6);
  });

  it('samples at most once per interval', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(1_000_000, { now: clock.now, sampleIntervalMs: 250 });

    clock.advance(100);
    estimator.add(10_000);
    expect(estimator.snapshot().rateBytesPerSecond).toBe(0);

    clock.advance(100);
    estimator.add(10_000);
    expect(estimator.snapshot().rateBytesPerSecond).toBe(0);

    clock.advance(50);
    estimator.add(5_000);
    // 25,000 bytes over the 250 ms since the estimator started.
    expect(estimator.snapshot().rateBytesPerSecond).toBeCloseTo(100_000, 6);
  });

  it('weights a sample by its length in time', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(1_000_000, { now: clock.now, smoothingMs: 5_000 });
    feed(estimator, clock, 1_000, 250, 5_000);

    // Five seconds at 4,000 B/s and five silent seconds carry weights e:1 once corrected for
    // the average's start at zero, so the rate is 4,000 / (e + 1).
    clock.advance(5_000);
    const snapshot = estimator.snapshot();
    const expected = 4_000 / (Math.E + 1);

    expect(snapshot.rateBytesPerSecond).toBeCloseTo(expected, 6);
    expect(snapshot.etaSeconds).toBeCloseTo((1_000_000 - 20_000) / expected, 6);
  });

  it('dilutes an opening burst', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(100_000_000, { now: clock.now });

    // A one-second burst of 8 MB in the first sample, then 1 MB/s for four seconds.
    estimator.add(8_000_000);
    clock.advance(250);
    estimator.snapshot();
    feed(estimator, clock, 250_000, 250, 4_000);
    const rate = estimator.snapshot().rateBytesPerSecond;

    expect(rate).toBeLessThan(3_000_000);
    expect(rate).toBeGreaterThan(1_000_000);
  });

  it('credits done bytes outside the rate', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(10_000, { now: clock.now });

    estimator.credit(6_000);
    clock.advance(1_000);
    const snapshot = estimator.snapshot();

    expect(snapshot.bytesDone).toBe(6_000);
    expect(snapshot.rateBytesPerSecond).toBe(0);
    expect(snapshot.etaSeconds).toBeNull();
  });

  it('lets the rate decay while stalled', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(1_000_000, { now: clock.now });
    feed(estimator, clock, 1_000, 250, 2_000);
    const before = estimator.snapshot();

    clock.advance(30_000);
    const after = estimator.snapshot();

    expect(after.rateBytesPerSecond).toBeLessThan(before.rateBytesPerSecond / 100);
    expect(after.etaSeconds ?? 0).toBeGreaterThan((before.etaSeconds ?? 0) * 100);
  });

  it('takes back bytes to resend without touching the rate', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(100_000, { now: clock.now });
    feed(estimator, clock, 1_000, 250, 10_000);

    estimator.rollback(15_000);
    const snapshot = estimator.snapshot();

    expect(snapshot.bytesDone).toBe(25_000);
    expect(snapshot.rateBytesPerSecond).toBeCloseTo(4_000, 6);

    estimator.rollback(1_000_000);
    expect(estimator.snapshot().bytesDone).toBe(0);
  });

  it('reports ETA 0 on completion', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(5_000, { now: clock.now });
    feed(estimator, clock, 1_000, 250, 1_250);

    expect(estimator.snapshot()).toMatchObject({ bytesDone: 5_000, etaSeconds: 0 });
  });

  it('produces serialisable snapshots', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(100_000, { now: clock.now });
    feed(estimator, clock, 1_000, 250, 1_000);
    const snapshot = estimator.snapshot();

    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(structuredClone(snapshot)).toEqual(snapshot);
    expect(Object.getPrototypeOf(snapshot)).toBe(Object.prototype);
  });

  it('grows its total as files are listed', () => {
    const clock = manualClock();
    const estimator = new ProgressEstimator(1_000, { now: clock.now });
    estimator.add(1_000);
    expect(estimator.snapshot().etaSeconds).toBe(0);

    estimator.addTotal(500);
    expect(estimator.bytesTotal).toBe(1_500);
    expect(estimator.snapshot().bytesTotal).toBe(1_500);
    expect(estimator.snapshot().etaSeconds).not.toBe(0);
    expect(() => estimator.addTotal(-1)).toThrow(RangeError);
  });

  it('rejects invalid byte counts', () => {
    expect(() => new ProgressEstimator(-1)).toThrow(/Invalid bytesTotal -1/);
    const estimator = new ProgressEstimator(10);
    for (const bytes of [-1, 0.5, Number.NaN]) {
      expect(() => estimator.add(bytes), String(bytes)).toThrow(RangeError);
      expect(() => estimator.rollback(bytes), String(bytes)).toThrow(RangeError);
    }
  });
});

describe('ProgressThrottle', () => {
  function throttled(intervalMs = 250) {
    const clock = manualClock();
    const emitted: number[] = [];
    const throttle = new ProgressThrottle<number>((value) => emitted.push(value), {
      intervalMs,
      now: clock.now,
    });
    return { clock, emitted, throttle };
  }

  it('emits at most once per interval', () => {
    const { clock, emitted, throttle } = throttled();

    expect(throttle.push(1)).toBe(true);
    clock.advance(100);
    expect(throttle.push(2)).toBe(false);
    clock.advance(149);
    expect(throttle.push(3)).toBe(false);
    clock.advance(1);
    expect(throttle.push(4)).toBe(true);

    expect(emitted).toEqual([1, 4]);
  });

  it('always emits the final value', () => {
    const { clock, emitted, throttle } = throttled();

    throttle.push(1);
    clock.advance(10);
    expect(throttle.push(2, true)).toBe(true);

    expect(emitted).toEqual([1, 2]);
  });

  it('flushes the latest held value once', () => {
    const { clock, emitted, throttle } = throttled();

    expect(throttle.flush()).toBe(false);
    throttle.push(1);
    clock.advance(10);
    throttle.push(2);
    throttle.push(3);

    expect(throttle.flush()).toBe(true);
    expect(throttle.flush()).toBe(false);
    expect(emitted).toEqual([1, 3]);
  });

  it('drops the held value once a newer one is emitted', () => {
    const { clock, emitted, throttle } = throttled(1_000);

    throttle.push(1);
    clock.advance(500);
    throttle.push(2);
    clock.advance(500);
    throttle.push(3);

    expect(throttle.flush()).toBe(false);
    expect(emitted).toEqual([1, 3]);
  });

  it('passes snapshots through unchanged', () => {
    const snapshots: ProgressSnapshot[] = [];
    const throttle = new ProgressThrottle<ProgressSnapshot>((s) => snapshots.push(s));
    const snapshot = { bytesDone: 1, bytesTotal: 2, rateBytesPerSecond: 3, etaSeconds: null };

    throttle.push(snapshot);

    expect(snapshots).toEqual([snapshot]);
  });
});
