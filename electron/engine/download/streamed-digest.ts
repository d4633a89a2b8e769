// MD5 digests computed while a download writes its `.part` file, so the verify step needs no
// second read of the whole file. A whole-file GET hashes each slice as it is written. Ranges
// of a file fetched in parallel complete out of order, and one MD5 must see the bytes in file
// order, so each completed range is read back (usually from the page cache) once every range
// before it is hashed. A range is hashed only after its fetch succeeded, so a retried range,
// whose failed attempt wrote part of it, still counts once.

import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

import { openPartForReading } from './part-file';

/** Size and MD5 of the bytes a download wrote, in the form the hashing pool returns them. */
export interface StreamedDigest {
  size: number;
  md5Base64: string;
}

/**
 * A digest that may still be hashing when the fetch ends. Call `result` once to wait for it,
 * and `stop` in every case, so the file it reads is closed.
 */
export interface PendingDigest {
  /** Resolves with the digest, or with null when the caller must hash the whole file again. */
  result(): Promise<StreamedDigest | null>;
  stop(): Promise<void>;
}

/** Bytes per read-back of a completed range. Each file fetched in ranges keeps one buffer. */
const READ_BACK_SIZE = 512 * 1024;

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

// NOTE: this MD5 uses the main thread's CPU, spread over the fetch, because a Node Hash object
// cannot move between threads and the hashing pool has no job that keeps one open while ranges
// arrive. At the 708 MB/s of one node:crypto thread in bench/RESULTS.md, 512 MiB costs an
// estimated 0.76 s.
/**
 * MD5 of a file fetched in ranges, fed in file order as the completed prefix grows. The MD5
 * runs on the main thread in slices of READ_BACK_SIZE, so network callbacks run between two
 * slices.
 */
export class OrderedDigest implements PendingDigest {
  private readonly hash = createHash('md5');
  private readonly buffer = Buffer.allocUnsafe(READ_BACK_SIZE);
  /** Completed ranges not hashed yet: offset → length. */
  private readonly waiting = new Map<number, number>();
  /** Bytes 0 to hashedEnd are in the MD5. */
  private hashedEnd = 0;
  /** The read-backs run one after another on this chain. */
  private chain: Promise<void> = Promise.resolve();
  private failed = false;
  private stopped = false;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
  ) {}

  /**
   * Opens the `.part` file at `path` for reading back. Returns null when it cannot, and the
   * caller then hashes the whole file after the fetch.
   */
  static async open(path: string, size: number): Promise<OrderedDigest | null> {
    try {
      return new OrderedDigest(await openPartForReading(path), size);
    } catch {
      return null;
    }
  }

  /**
   * Records a range whose bytes are written, and hashes every range that is now in order.
   * The promise resolves once they are hashed and never rejects, so callers need not wait.
   */
  add(offset: number, length: number): Promise<void> {
    this.waiting.set(offset, length);
    this.chain = this.chain.then(() => this.hashInOrder());
    return this.chain;
  }

  /**
   * Waits for the read-backs and returns the digest, or null when it does not cover exactly
   * bytes 0 to size: a range missing or added twice, a failed read, or a stop. The caller then
   * hashes the whole file again.
   */
  async result(): Promise<StreamedDigest | null> {
    await this.chain;
    await this.close();
    const complete = this.hashedEnd === this.size && this.waiting.size === 0;
    if (this.failed || this.stopped || !complete) return null;
    return { size: this.size, md5Base64: this.hash.digest('base64') };
  }

  /** Stops hashing, waits for a read in flight and closes the file. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.chain;
    await this.close();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A failed close of a file opened only for reading loses nothing.
    await this.handle.close().catch(() => undefined);
  }

  private async hashInOrder(): Promise<void> {
    for (;;) {
      if (this.failed || this.stopped) return;
      const length = this.waiting.get(this.hashedEnd);
      if (length === undefined) return;

      this.waiting.delete(this.hashedEnd);
      try {
        await this.readBack(this.hashedEnd, length);
      } catch {
        // The verify step reads the whole file again and reports a disk error there.
        this.failed = true;
        return;
      }
      if (this.stopped) return;
      this.hashedEnd += length;
    }
  }

  private async readBack(offset: number, length: number): Promise<void> {
    const end = offset + length;
    for (let position = offset; position < end;) {
      if (this.stopped) return;
      const bytesToRead = Math.min(this.buffer.length, end - position);
      const { bytesRead } = await this.handle.read(this.buffer, 0, bytesToRead, position);
      if (bytesRead === 0) throw new Error(`The .part file ends before byte ${position}.`);

      this.hash.update(this.buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  }
}
