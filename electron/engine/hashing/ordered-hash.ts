// The caller's handle on a HashPool.hashInOrder job: byte ranges go to the worker that keeps
// the job's MD5 open, and `finish` resolves with the whole-file digest.

import type { ToWorker } from './messages';
import type { FileHashResult } from './types';

export class OrderedHash {
  constructor(
    private readonly jobId: number,
    private readonly outcome: Promise<FileHashResult>,
    private readonly cancelController: AbortController,
    private readonly send: (message: ToWorker) => void,
  ) {
    // The caller gets a failure through finish(), and after a cancel it may never call it.
    outcome.catch(() => undefined);
  }

  /** Hashes `length` bytes at `offset`, which must start where the previous range ended. */
  append(offset: number, length: number): void {
    this.send({ type: 'ordered-range', jobId: this.jobId, offset, length });
  }

  /**
   * Resolves with the MD5 and size of the bytes appended, once the worker has read them all.
   * Rejects with a `HashError` (a range out of order, a read error, a file longer or shorter
   * than the ranges), or with the abort reason after an abort or `cancel`.
   */
  finish(): Promise<FileHashResult> {
    this.send({ type: 'ordered-finish', jobId: this.jobId });
    return this.outcome;
  }

  /** Stops the job and frees its worker. */
  cancel(): void {
    this.cancelController.abort();
  }
}
