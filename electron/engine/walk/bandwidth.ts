// Bandwidth limits for transfers: a token bucket that several streams share, and a
// Transform that passes bytes through it.
//
// The bucket holds up to `burstBytes` tokens and gains `bytesPerSecond` tokens per second.
// Sending n bytes takes n tokens. A take larger than the burst waits until the bucket is
// full and then drives it negative, so the long-run rate stays exact for any request size.
// Waiting takes are served first come, first served, so one stream cannot starve another.

import { Transform, type TransformCallback } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

export interface TokenBucketOptions {
  /** Refill rate in bytes per second. Infinity turns the limit off. */
  bytesPerSecond: number;
  /**
   * Capacity in bytes: how much can be sent at once after the bucket has been idle.
   * Defaults to one second of traffic, `bytesPerSecond`.
   */
  burstBytes?: number;
  /** Monotonic clock in milliseconds. Defaults to `performance.now`. */
  now?: () => number;
  /** Waits `ms` milliseconds, rejecting when `signal` aborts. Defaults to a Node timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface Waiter {
  bytes: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Rounding slack in bytes, so float error in the refill never adds an extra wait. */
const EPSILON_BYTES = 1e-6;

export class TokenBucket {
  private rate = 0;
  private burst = 0;
  private burstFollowsRate = false;
  private tokens: number;
  private updatedAt: number;
  private readonly waiters: Waiter[] = [];
  private wake: AbortController | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(options: TokenBucketOptions) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));

    this.configure(options.bytesPerSecond, options.burstBytes);
    this.tokens = this.burst;
    this.updatedAt = this.now();
  }

  get bytesPerSecond(): number {
    return this.rate;
  }

  get burstBytes(): number {
    return this.burst;
  }

  /** Tokens available now, in bytes. Negative while a take larger than the burst is repaid. */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Number of takes waiting for tokens. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Resolves once `bytes` may be sent. Rejects with the signal's reason when `signal` aborts
   * first, and then takes no tokens.
   */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(bytes) || bytes < 0) {
      return Promise.reject(
        new RangeError(`Invalid byte count ${bytes}: pass a finite number of at least 0.`),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiters.length === 0 && this.tryTake(bytes)) return Promise.resolve();

    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { bytes, resolve, reject, signal, onAbort: () => this.cancel(waiter) };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /**
   * Changes the rate, and the burst when given, for waiting and future takes. Tokens earned
   * until now count at the old rate. Without `burstBytes`, a burst that was defaulted
   * follows the new rate and a burst that was set stays.
   */
  setRate(bytesPerSecond: number, burstBytes?: number): void {
    this.refill();
    this.configure(bytesPerSecond, burstBytes ?? (this.burstFollowsRate ? undefined : this.burst));
    this.tokens = Math.min(this.tokens, this.burst);
    this.pump();
  }

  private configure(bytesPerSecond: number, burstBytes: number | undefined): void {
    if (!(bytesPerSecond > 0)) {
      throw new RangeError(
        `Invalid bytesPerSecond ${bytesPerSecond}: it must be above 0. Pass Infinity to turn the limit off.`,
      );
    }
    if (burstBytes !== undefined && !(burstBytes > 0)) {
      throw new RangeError(
        `Invalid burstBytes ${burstBytes}: it must be above 0. Leave it out to allow one second of traffic.`,
      );
    }

    this.rate = bytesPerSecond;
    this.burst = burstBytes ?? bytesPerSecond;
    this.burstFollowsRate = burstBytes === undefined;
  }

  private refill(): void {
    const now = this.now();
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.updatedAt = now;

    if (this.rate === Infinity) {
      this.tokens = this.burst;
      return;
    }
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.rate) / 1000);
  }

  /** Takes `bytes` tokens when the bucket has enough (or is full for a take over the burst). */
  private tryTake(bytes: number): boolean {
    if (this.rate === Infinity) return true;

    this.refill();
    if (this.tokens + EPSILON_BYTES < Math.min(bytes, this.burst)) return false;

    this.tokens -= bytes;
    return true;
  }

  /** Serves waiters in order while tokens last, then sets one timer for the next in line. */
  private pump(): void {
    this.wake?.abort();
    this.wake = undefined;

    let head = this.waiters[0];
    while (head && this.tryTake(head.bytes)) {
      this.waiters.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve();
      head = this.waiters[0];
    }
    if (!head) return;

    const missing = Math.min(head.bytes, this.burst) - this.tokens;
    const waitMs = Math.max(1, Math.ceil((missing * 1000) / this.rate));
    const wake = new AbortController();
    this.wake = wake;

    this.sleep(waitMs, wake.signal).then(
      () => {
        if (this.wake === wake) this.pump();
      },
      () => {
        // Cancelled by a newer pump, which has set its own timer.
      },
    );
  }

  private cancel(waiter: Waiter): void {
    const position = this.waiters.indexOf(waiter);
    if (position === -1) return;

    this.waiters.splice(position, 1);
    waiter.reject(waiter.signal?.reason);

    // The head may have changed, and a smaller take behind it may fit now.
    this.pump();
  }
}

export interface ThrottleOptions {
  /** Aborting fails the stream with the signal's reason. */
  signal?: AbortSignal;
  /** Largest slice passed on per take, in bytes, so output flows evenly. Defaults to 64 KiB. */
  sliceBytes?: number;
}

const DEFAULT_SLICE_BYTES = 64 * 1024;

/** A pass-through stream that sends each byte only once `bucket` grants it. */
export class ThrottleTransform extends Transform {
  private readonly stop = new AbortController();
  private readonly signal: AbortSignal;
  private readonly sliceBytes: number;

  constructor(
    private readonly bucket: TokenBucket,
    options: ThrottleOptions = {},
  ) {
    super();
    this.sliceBytes = options.sliceBytes ?? DEFAULT_SLICE_BYTES;
    if (!Number.isInteger(this.sliceBytes) || this.sliceBytes < 1) {
      throw new RangeError(
        `Invalid sliceBytes ${this.sliceBytes}: it must be an integer of at least 1.`,
      );
    }
    this.signal = options.signal
      ? AbortSignal.any([options.signal, this.stop.signal])
      : this.stop.signal;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.forward(chunk).then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Rejects a pending take, so a destroyed stream stops holding its place in the queue.
    this.stop.abort();
    callback(error);
  }

  private async forward(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += this.sliceBytes) {
      const slice = chunk.subarray(offset, offset + this.sliceBytes);
      await this.bucket.take(slice.length, this.signal);
      this.push(slice);
    }
  }
}
