import { describe, expect, it } from 'vitest';

import { ArtifactFileBatcher } from '../../../electron/platform-client/index';

/** A clock the test moves by hand, in milliseconds. */
class TestClock {
  nowMs = 10_000;
  readonly now = (): number => this.nowMs;
}

describe('ArtifactFileBatcher', () => {
  it('starts at 25 specs', () => {
    const batcher = new ArtifactFileBatcher({ now: new TestClock().now });

    expect(batcher.nextBatchSize()).toBe(25);
  });

  it('stays at 25 during warm-up', () => {
    const clock = new TestClock();
    const batcher = new ArtifactFileBatcher({ now: clock.now });

    // Fast, but fewer than 128 files: the rate is not trusted yet.
    clock.nowMs += 5_000;
    batcher.recordCompleted(127);
    expect(batcher.nextBatchSize()).toBe(25);

    // Enough files, but within the first second.
    const quick = new ArtifactFileBatcher({ now: clock.now });
    quick.recordCompleted(500);
    clock.nowMs += 999;
    expect(quick.nextBatchSize()).toBe(25);
  });

  it('grows to the files done per minute', () => {
    const clock = new TestClock();
    const batcher = new ArtifactFileBatcher({ now: clock.now });

    // 300 files in 30 s is 600 files per minute.
    batcher.recordCompleted(300);
    clock.nowMs += 30_000;
    expect(batcher.nextBatchSize()).toBe(600);
  });

  it('caps growth at 2,000', () => {
    const clock = new TestClock();
    const batcher = new ArtifactFileBatcher({ now: clock.now });

    batcher.recordCompleted(10_000);
    clock.nowMs += 2_000;
    expect(batcher.nextBatchSize()).toBe(2_000);
  });

  it('never drops below 25 when slow', () => {
    const clock = new TestClock();
    const batcher = new ArtifactFileBatcher({ now: clock.now });

    // 130 files in 10 minutes is 13 files per minute.
    batcher.recordCompleted(130);
    clock.nowMs += 600_000;
    expect(batcher.nextBatchSize()).toBe(25);
  });

  it('halves after failures and recovers', () => {
    const clock = new TestClock();
    const batcher = new ArtifactFileBatcher({ now: clock.now });
    batcher.recordCompleted(10_000);
    clock.nowMs += 2_000;

    batcher.recordFailure();
    expect(batcher.nextBatchSize()).toBe(1_000);
    batcher.recordFailure();
    expect(batcher.nextBatchSize()).toBe(500);
    for (let i = 0; i < 10; i++) batcher.recordFailure();
    expect(batcher.nextBatchSize()).toBe(25);

    batcher.recordSuccess();
    expect(batcher.nextBatchSize()).toBe(50);
    for (let i = 0; i < 10; i++) batcher.recordSuccess();
    expect(batcher.nextBatchSize()).toBe(2_000);
  });

  it('takes batches from the front of a queue', () => {
    const batcher = new ArtifactFileBatcher({ now: new TestClock().now });
    const queue = Array.from({ length: 60 }, (_, i) => i);

    const sizes: number[] = [];
    while (queue.length > 0) sizes.push(batcher.takeBatch(queue).length);

    expect(sizes).toEqual([25, 25, 10]);
  });

  it.each([
    [{ minBatchSize: 0 }, 'Invalid minBatchSize 0'],
    [{ minBatchSize: 50, maxBatchSize: 40 }, 'Invalid maxBatchSize 40'],
    [{ maxBatchSize: 2.5 }, 'Invalid maxBatchSize 2.5'],
  ])('rejects options %o', (options, message) => {
    expect(() => new ArtifactFileBatcher(options)).toThrow(message);
  });

  it('rejects a negative completed count', () => {
    const batcher = new ArtifactFileBatcher();

    expect(() => batcher.recordCompleted(-1)).toThrow('Invalid completed file count -1');
  });
});
