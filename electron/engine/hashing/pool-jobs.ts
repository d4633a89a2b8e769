// The pool's records of its jobs and workers, and the errors that end a job without a result.

import type { Worker } from 'node:worker_threads';

import { hashError, type HashError } from './errors';
import type { HashPass, ToWorker } from './messages';
import type { FileHashResult, HashFileOptions, PartLayout } from './types';

/** Messages of a hashInOrder job that wait until a worker runs it. */
export interface OrderedState {
  /** Sent once a worker runs the job, after its `ordered-open`. */
  outbox: ToWorker[];
  /** The worker running the job, or null while it waits in the queue. */
  entry: PoolWorker | null;
}

export interface Job {
  id: number;
  path: string;
  layout: PartLayout;
  pass: HashPass;
  options: HashFileOptions;
  resolve: (result: FileHashResult) => void;
  reject: (error: unknown) => void;
  /** True once the caller's promise is resolved or rejected; the worker may still run. */
  settled: boolean;
  detachAbort: () => void;
  /** Set for a hashInOrder job, which the worker runs until `ordered-finish`. */
  ordered: OrderedState | null;
}

export interface PoolWorker {
  worker: Worker;
  /** The job the worker runs, kept after an abort until the worker confirms it stopped. */
  job: Job | null;
  abortTimer: NodeJS.Timeout | null;
  lastError: Error | null;
}

/** Runs `action` once per job and detaches its abort listener. */
export function settle(job: Job, action: () => void): void {
  if (job.settled) return;
  job.settled = true;
  job.detachAbort();
  action();
}

export function poolClosed(path: string): HashError {
  return hashError(
    'POOL_CLOSED',
    path,
    'the hashing pool is closed',
    'Create a new HashPool to hash more files.',
  );
}

export function workerFailed(path: string, cause: string): HashError {
  return hashError(
    'WORKER_FAILED',
    path,
    `the hashing worker stopped (${cause})`,
    'Retry, and if it fails again check that the worker script loads in this build.',
  );
}
