// MD5 digests computed while a download writes its `.part` file, so the verify step needs no
// second read of the whole file. A whole-file GET hashes each slice as it is written. Ranges
// of a file fetched in parallel complete out of order, but one MD5 must see the bytes in file
// order. So a hashing worker reads each completed range back, usually from the page cache,
// once every range before it is hashed. A range is hashed only after its fetch succeeded, so
// a retried range, whose failed attempt wrote part of it, still counts once.

import { createHash } from 'node:crypto';

import type { HashPool, OrderedHash } from '../hashing/index';

/** Size and MD5 of the bytes a download wrote, in the form the hashing pool returns them. */
export interface StreamedDigest {
  size: number;
  md5Base64: string;
}

/**
 * A digest that may still be hashing when the fetch ends. Call `result` once to wait for it,
 * and `stop` in every case, so a worker that still hashes is freed.
 */
export interface PendingDigest {
  /** Resolves with the digest, or with null when the caller must hash the whole file again. */
  result(): Promise<StreamedDigest | null>;
  stop(): Promise<void>;
}

// NOTE: this MD5 runs on the main thread. Files below the parallel threshold (2 GiB by
// default) then cost about 1.4 ms of main-thread CPU per MiB, an estimate from the 735 MB/s of
// one node:crypto thread in bench/RESULTS.md.
/** MD5 of a whole-file GET written from byte 0, fed with each slice after it is written. */
export class SequentialDigest implements PendingDigest {
  private readonly hash = createHash('md5');
  private size = 0;

  /** Adds a slice that was written right after the previous one. */
  update(slice: Buffer): void {
    this.hash.update(slice);
    this.size += slice.length;
  }

  result(): Promise<StreamedDigest> {
    return Promise.resolve({ size: this.size, md5Base64: this.hash.digest('base64') });
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * MD5 of a file fetched in ranges, fed in file order as the completed prefix grows. A worker
 * of the hashing pool reads each range back and keeps the MD5, so the main thread only
 * orders the ranges.
 */
export class OrderedDigest implements PendingDigest {
  /** Completed ranges not yet sent to the worker: offset → length. */
  private readonly waiting = new Map<number, number>();
  /** Bytes 0 to sentEnd are sent to the worker. */
  private sentEnd = 0;
  /** Set when a range overlaps one already added, so the digest cannot be trusted. */
  private invalid = false;

  private constructor(
    private readonly hash: OrderedHash,
    private readonly size: number,
  ) {}

  /**
   * Starts the digest of the `.part` file at `path` in the pool. Returns null when the pool
   * has no worker to spare, and the caller then hashes the whole file after the fetch.
   */
  static start(
    pool: HashPool,
    path: string,
    size: number,
    signal: AbortSignal,
  ): OrderedDigest | null {
    const hash = pool.hashInOrder(path, signal);
    return hash === null ? null : new OrderedDigest(hash, size);
  }

  /** Records a range whose bytes are written, and sends every range that is now in order. */
  add(offset: number, length: number): void {
    if (offset < this.sentEnd || this.waiting.has(offset)) {
      this.invalid = true;
      return;
    }
    this.waiting.set(offset, length);

    for (;;) {
      const next = this.waiting.get(this.sentEnd);
      if (next === undefined) return;
      this.waiting.delete(this.sentEnd);
      this.hash.append(this.sentEnd, next);
      this.sentEnd += next;
    }
  }

  /**
   * Waits for the worker and returns the digest, or null when it does not cover exactly bytes
   * 0 to size: a range missing or added twice, a read error, or a stop.
   */
  async result(): Promise<StreamedDigest | null> {
    if (this.invalid || this.sentEnd !== this.size || this.waiting.size > 0) {
      this.hash.cancel();
      return null;
    }
    try {
      const { size, md5Base64 } = await this.hash.finish();
      return { size, md5Base64 };
    } catch {
      // The verify step hashes the whole file again and reports a disk error there.
      return null;
    }
  }

  /** Stops the worker's job, if it still runs. */
  stop(): Promise<void> {
    this.hash.cancel();
    return Promise.resolve();
  }
}
