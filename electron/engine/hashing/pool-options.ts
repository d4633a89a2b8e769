// Settings of a HashPool, their defaults and the checks on them.

import { availableParallelism } from 'node:os';

export interface HashPoolOptions {
  /**
   * Number of worker threads. Default: `os.availableParallelism()`, at least 1.
   *
   * NOTE: the workers hash in parallel but read through the process-wide libuv thread pool
   * (4 threads unless UV_THREADPOOL_SIZE sets another count), so reads from a slow disk can
   * queue there once the pool is larger than that.
   */
  size?: number;
  /** Bytes per read. Each worker keeps two buffers of this size. Default: 1 MiB. */
  readSize?: number;
  /** Minimum time between two progress calls for one file, in milliseconds. Default: 100. */
  progressIntervalMs?: number;
  /**
   * Time a worker gets to confirm an abort, in milliseconds, before the pool terminates it
   * and starts a new one. A read blocked on a stalled network file system is the usual
   * cause. Default: 5000.
   */
  abortGraceMs?: number;
  /**
   * Script each worker runs. Default: worker-entry.mjs next to the pool, which loads the
   * TypeScript sources through tsx. A bundled build passes the URL of its compiled worker.
   */
  workerUrl?: URL;
}

export type ResolvedPoolOptions = Required<HashPoolOptions>;

const MiB = 1024 * 1024;

// Buffer.allocUnsafe accepts up to buffer.constants.MAX_LENGTH, but reads much larger than
// a few MiB bring no speed and cost memory per worker.
const MAX_READ_SIZE = 64 * MiB;

export function resolvePoolOptions(options: HashPoolOptions): ResolvedPoolOptions {
  const resolved: ResolvedPoolOptions = {
    size: options.size ?? Math.max(1, availableParallelism()),
    readSize: options.readSize ?? 1 * MiB,
    progressIntervalMs: options.progressIntervalMs ?? 100,
    abortGraceMs: options.abortGraceMs ?? 5000,
    workerUrl: options.workerUrl ?? new URL('./worker-entry.mjs', import.meta.url),
  };

  checkInteger('size', resolved.size, 1, 1024, 'a number of worker threads');
  checkInteger('readSize', resolved.readSize, 1, MAX_READ_SIZE, 'bytes, such as 1048576');
  checkInteger('progressIntervalMs', resolved.progressIntervalMs, 0, 60_000, 'milliseconds');
  checkInteger('abortGraceMs', resolved.abortGraceMs, 0, 600_000, 'milliseconds');
  return resolved;
}

function checkInteger(name: string, value: number, min: number, max: number, unit: string) {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(
      `HashPool option ${name} is ${value}, outside ${min} to ${max}: pass a whole number of ${unit}.`,
    );
  }
}
