// Messages between the pool (main thread) and a hashing worker. Every message carries the
// job id, so a late reply for a job the pool has already given up on is recognised.

import type { HashErrorData } from './errors';
import type { FileHashResult, PartLayout } from './types';

/**
 * The digests one job computes. `parts` skips the whole-file MD5, so a second worker can
 * compute the part digests while the first computes the whole-file MD5 of the same file.
 */
export type HashPass = 'all' | 'parts';

/** Options the pool sends once, in `workerData`, when it starts a worker. */
export interface WorkerSettings {
  /** Bytes per read; the worker allocates two buffers of this size. */
  readSize: number;
  progressIntervalMs: number;
}

export type ToWorker =
  | { type: 'hash'; jobId: number; path: string; layout: PartLayout; pass: HashPass }
  /** Starts a whole-file MD5 fed by the `ordered-range` messages that follow (hashInOrder). */
  | { type: 'ordered-open'; jobId: number; path: string }
  | { type: 'ordered-range'; jobId: number; offset: number; length: number }
  | { type: 'ordered-finish'; jobId: number }
  | { type: 'abort'; jobId: number };

export type FromWorker =
  | { type: 'progress'; jobId: number; bytesHashed: number; size: number }
  | { type: 'done'; jobId: number; result: FileHashResult }
  | { type: 'failed'; jobId: number; error: HashErrorData }
  | { type: 'aborted'; jobId: number };
