// The token bucket and the throttling stream on a fake clock, so rates are checked exactly
// without waiting in real time.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { describe, expect, it } from 'vitest';

import { ThrottleTransform, TokenBucket } from '../../../../electron/engine/walk/index.ts';
import { FakeClock, settle, track } from './fake-clock.ts';

function bucketOn(clock: FakeClock, bytesPerSecond: number, burstBytes?: number): TokenBucket {
  return new TokenBucket({ bytesPerSecond, burstBytes, now: clock.now, sleep: clock.sleep });
}

describe('TokenBucket', () => {
  it('grants the burst at once', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 1000, 500);

    const burst = track(bucket.take(500), clock);
    const next = track(bucket.take(1), clock);
    await settle();

    expect(burst.at).toBe(0);
    expect(next.at).toBeUndefined();
    expect(bucket.available()).toBe(0);

    await clock.advance(1);
    expect(next.at).toBe(1);
  });

  it('defaults the burst to one second', () => {
    const bucket = new TokenBucket({ bytesPerSecond: 4096 });

    expect(bucket.burstBytes).toBe(4096);
    expect(bucket.available()).toBe(4096);
  });

  it('holds the rate for repeated takes', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 1000, 100);
    const times: number[] = [];

    const sender = (async () => {
      for (let i = 0; i < 10; i += 1) {
        await bucket.take(100);
        times.push(clock.now());
      }
    })();
    await clock.advance(1000);
    await sender;

    // 100 bytes at 1,000 bytes per second is one take every 100 ms after the first burst.
    expect(times).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('repays a take larger than the burst', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 1000, 100);

    const large = track(bucket.take(1000), clock);
    await settle();
    expect(large.at).toBe(0);
    expect(bucket.available()).toBe(-900);

    const small = track(bucket.take(100), clock);
    await clock.advance(999);
    expect(small.at).toBeUndefined();
    await clock.advance(1);
    expect(small.at).toBe(1000);
  });

  it('shares the rate between streams in order', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 1000, 100);
    const log: string[] = [];

    const stream = async (name: string) => {
      for (let i = 0; i < 5; i += 1) {
        await bucket.take(100);
        log.push(`${name}@${clock.now()}`);
      }
    };
    const both = Promise.all([stream('a'), stream('b')]);
    await clock.advance(1000);
    await both;

    // Ten takes of 100 bytes at 1,000 bytes per second take 900 ms after the first, and the
    // streams alternate because waiting takes are served first come, first served.
    expect(log).toEqual([
      'a@0',
      'b@100',
      'a@200',
      'b@300',
      'a@400',
      'b@500',
      'a@600',
      'b@700',
      'a@800',
      'b@900',
    ]);
  });

  it('applies setRate to a waiting take', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 100, 100);
    await bucket.take(100);

    const waiting = track(bucket.take(100), clock);
    await clock.advance(500);
    expect(waiting.at).toBeUndefined();

    // 50 bytes were earned at the old rate. The other 50 take 50 ms at 1,000 bytes per second.
    bucket.setRate(1000);
    await clock.advance(49);
    expect(waiting.at).toBeUndefined();
    await clock.advance(1);
    expect(waiting.at).toBe(550);
    expect(bucket.bytesPerSecond).toBe(1000);
    expect(bucket.burstBytes).toBe(100);
  });

  it('moves a defaulted burst with the rate', () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 1000);

    bucket.setRate(250);

    expect(bucket.burstBytes).toBe(250);
    expect(bucket.available()).toBe(250);
  });

  it('releases every waiter at an unlimited rate', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 10, 10);
    await bucket.take(10);
    const waiting = [track(bucket.take(5), clock), track(bucket.take(1_000_000), clock)];
    await settle();
    expect(bucket.waiting).toBe(2);

    bucket.setRate(Infinity);
    await settle();

    expect(waiting.map((state) => state.at)).toEqual([0, 0]);
    expect(bucket.waiting).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects an aborted take and serves the next', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 1000, 100);
    await bucket.take(100);

    const controller = new AbortController();
    const reason = new Error('transfer paused');
    const first = bucket.take(100, controller.signal);
    const firstState = track(first, clock);
    const second = track(bucket.take(50), clock);
    await clock.advance(10);

    controller.abort(reason);
    await expect(first).rejects.toBe(reason);

    // The aborted take used no tokens, so the 50-byte take goes once 50 ms have passed.
    await clock.advance(39);
    expect(second.at).toBeUndefined();
    await clock.advance(1);
    expect(second.at).toBe(50);
    expect(firstState.at).toBe(10);
  });

  it('rejects a take with an aborted signal', async () => {
    const bucket = new TokenBucket({ bytesPerSecond: 1000 });
    const reason = new Error('stopped');

    await expect(bucket.take(1, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(bucket.available()).toBe(1000);
  });

  it('waits on the default timer', async () => {
    const bucket = new TokenBucket({ bytesPerSecond: 1_000_000, burstBytes: 1000 });

    await bucket.take(1000);
    await bucket.take(1000);

    // The second take had to wait for about 1 ms of real time; no duration is asserted.
    expect(bucket.waiting).toBe(0);
  });

  it('rejects invalid rates and sizes', async () => {
    expect(() => new TokenBucket({ bytesPerSecond: 0 })).toThrow(
      'Invalid bytesPerSecond 0: it must be above 0. Pass Infinity to turn the limit off.',
    );
    expect(() => new TokenBucket({ bytesPerSecond: 10, burstBytes: -1 })).toThrow(
      'Invalid burstBytes -1: it must be above 0.',
    );
    await expect(new TokenBucket({ bytesPerSecond: 10 }).take(-5)).rejects.toThrow(
      'Invalid byte count -5: pass a finite number of at least 0.',
    );
  });
});

describe('ThrottleTransform', () => {
  it('passes bytes through at the rate', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 1000, 250);
    const input = Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 251));
    const output: Buffer[] = [];
    const received: { at: number; total: number }[] = [];

    const throttle = new ThrottleTransform(bucket, { sliceBytes: 250 });
    throttle.on('data', (slice: Buffer) => {
      output.push(slice);
      received.push({ at: clock.now(), total: Buffer.concat(output).length });
    });
    const done = pipeline(Readable.from([input.subarray(0, 1500), input.subarray(1500)]), throttle);

    await clock.advance(2000);
    await done;

    expect(Buffer.concat(output).equals(input)).toBe(true);
    // 250 bytes at once, then 250 bytes every 250 ms: 2,000 bytes arrive by 1,750 ms.
    expect(received.map((point) => point.at)).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750]);
    for (const point of received) expect(point.total).toBeLessThanOrEqual(250 + point.at);
  });

  it('fails when its signal aborts', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 100, 100);
    const controller = new AbortController();
    const reason = new Error('transfer cancelled');
    const throttle = new ThrottleTransform(bucket, { signal: controller.signal, sliceBytes: 100 });
    throttle.resume();

    const done = pipeline(Readable.from([Buffer.alloc(1000)]), throttle);
    await clock.advance(5);
    controller.abort(reason);

    await expect(done).rejects.toBe(reason);
    expect(bucket.waiting).toBe(0);
    // The first slice used the whole burst and the aborted second slice took nothing, so
    // only the 0.5 bytes earned in 5 ms remain.
    expect(bucket.available()).toBeCloseTo(0.5, 5);
  });

  it('gives up its place when destroyed', async () => {
    const clock = new FakeClock();
    const bucket = bucketOn(clock, 100, 100);
    await bucket.take(100);
    const throttle = new ThrottleTransform(bucket);
    throttle.on('error', () => {});

    throttle.write(Buffer.alloc(10));
    await settle();
    expect(bucket.waiting).toBe(1);

    throttle.destroy();
    await settle();

    expect(bucket.waiting).toBe(0);
  });
});
