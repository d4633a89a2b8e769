// Worker side of HashPool.hashInOrder: one whole-file MD5 fed with byte ranges of a file that
// is still being written, in file order. Each range is read back from the file when its
// message arrives, usually from the page cache because the writer has just written it. The
// job ends when the pool sends `ordered-finish`, or at once when it sends `abort`.

import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

import { hashError, fromFsError } from './errors';
import { fileChanged } from './fingerprint';
import type { FileHashResult } from './types';

export class OrderedJob {
  private readonly hash = createHash('md5');
  private handle: FileHandle | null = null;
  /** Bytes 0 to position are in the MD5. */
  private position = 0;
  /** Opening the file and each range's read run one after another on this chain. */
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  private finishRequested: (() => void) | null = null;

  /** @param buffer read buffer of the worker, used only by this job while it runs */
  constructor(
    private readonly path: string,
    private readonly buffer: Buffer,
    private readonly signal: AbortSignal,
  ) {
    this.chain = this.step(async () => {
      try {
        this.handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      } catch (error) {
        throw fromFsError(error, path);
      }
    });
  }

  /** Queues the read of `length` bytes at `offset`, which must be where the hashed bytes end. */
  append(offset: number, length: number): void {
    this.chain = this.step(() => this.read(offset, length));
  }

  /** Asks for the result once every range queued so far is hashed. */
  finish(): void {
    this.finishRequested?.();
  }

  /**
   * Resolves with the digest after `finish`, or rejects with the first read error, or with
   * the abort reason once the signal aborts. The file is closed when it settles.
   */
  result(): Promise<FileHashResult> {
    return new Promise<FileHashResult>((resolve, reject) => {
      const onAbort = () => {
        void this.close().then(() => reject(this.signal.reason));
      };
      if (this.signal.aborted) return onAbort();
      this.signal.addEventListener('abort', onAbort, { once: true });

      this.finishRequested = () => {
        this.signal.removeEventListener('abort', onAbort);
        this.complete().then(resolve, reject);
      };
    });
  }

  /** Runs `action` after the earlier steps, unless one of them failed. */
  private step(action: () => Promise<void>): Promise<void> {
    return this.chain.then(async () => {
      if (this.failure !== null) return;
      try {
        await action();
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  private async read(offset: number, length: number): Promise<void> {
    if (offset !== this.position) {
      throw hashError(
        'INVALID_PARTS',
        this.path,
        `the range at byte ${offset} does not start where the hashed bytes end (byte ${this.position})`,
        'Append ranges in file order, without gaps or overlaps.',
      );
    }

    const end = offset + length;
    while (this.position < end) {
      this.signal.throwIfAborted();
      const bytesToRead = Math.min(this.buffer.length, end - this.position);
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.handle!.read(this.buffer, 0, bytesToRead, this.position));
      } catch (error) {
        throw fromFsError(error, this.path);
      }
      if (bytesRead === 0) throw fileChanged(this.path, `it ended at byte ${this.position}`);

      this.hash.update(this.buffer.subarray(0, bytesRead));
      this.position += bytesRead;
    }
  }

  private async complete(): Promise<FileHashResult> {
    try {
      await this.chain;
      if (this.failure !== null) throw this.failure.error;

      // Bytes past the last range would not be in the MD5, so the size must match.
      const stats = await this.handle!.stat();
      if (stats.size !== this.position) {
        throw fileChanged(
          this.path,
          `it has ${stats.size} bytes, but ${this.position} were hashed`,
        );
      }
      const digest = this.hash.digest();
      return {
        size: this.position,
        mtimeMs: Math.trunc(stats.mtimeMs),
        md5Base64: digest.toString('base64'),
        md5Hex: digest.toString('hex'),
        parts: [],
      };
    } finally {
      await this.close();
    }
  }

  private async close(): Promise<void> {
    // A read in flight still uses the buffer and the handle, so it ends first.
    await this.chain;
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }
}
