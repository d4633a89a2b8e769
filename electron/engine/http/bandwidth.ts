// A token bucket shared by every request of the engine, so the limit holds for the sum of
// all parts in flight rather than per connection.

import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Limits throughput to `bytesPerSecond`. The bucket contains at most one second of tokens, so
 * an idle period allows a burst of up to one second's worth. A take larger than the balance
 * drives it negative and the next take waits until it is repaid, so read-buffer slices
 * larger than the rate still pass.
 */
export class BandwidthLimiter {
  private tokens: number;
  private refilledAtMs: number;

  constructor(readonly bytesPerSecond: number) {
    if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) {
      throw new RangeError(
        `Invalid bandwidth limit ${String(bytesPerSecond)} bytes/s: expected a number above 0, or no limit.`,
      );
    }
    this.tokens = bytesPerSecond;
    this.refilledAtMs = Date.now();
  }

  /** Waits until `bytes` may be sent. Rejects with the signal's reason when it aborts. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    this.refill();
    while (this.tokens < 0) {
      const waitMs = Math.ceil((-this.tokens * 1000) / this.bytesPerSecond);
      await sleep(Math.max(1, waitMs), undefined, { signal });
      this.refill();
    }
    this.tokens -= bytes;
  }

  private refill(): void {
    const now = Date.now();
    const earned = ((now - this.refilledAtMs) * this.bytesPerSecond) / 1000;
    this.tokens = Math.min(this.bytesPerSecond, this.tokens + earned);
    this.refilledAtMs = now;
  }
}
