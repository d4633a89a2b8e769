// A pool of worker threads that hash files off the main event loop. Parallelism is across
// files, because a file's whole MD5 is one sequential computation; a lone multipart file
// also gets its part digests from a second worker. Jobs wait in a FIFO
// queue until a worker is free. Workers start on demand up to the pool size, and idle
// workers are unref'd so they never keep the process alive.

import { Worker } from 'node:worker_threads';

import { AbortListeners } from './abort-listeners';
import { HashError, hashError } from './errors';
import type { FromWorker, HashPass, ToWorker, WorkerSettings } from './messages';
import { validateLayout } from './parts';
import { resolvePoolOptions, type HashPoolOptions, type ResolvedPoolOptions } from './pool-options';
import { hashInTwoPasses, hasSeveralParts } from './two-pass';
import type { FileHashResult, HashFileOptions, PartLayout } from './types';

interface Job {
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
}

interface PoolWorker {
  worker: Worker;
  /** The job the worker runs, kept after an abort until the worker confirms it stopped. */
  job: Job | null;
  abortTimer: NodeJS.Timeout | null;
  lastError: Error | null;
}

/** Counts for a status display. */
export interface HashPoolStats {
  workers: number;
  busy: number;
  queued: number;
}

export class HashPool {
  private readonly options: ResolvedPoolOptions;
  private readonly queue: Job[] = [];
  private readonly workers = new Set<PoolWorker>();
  private readonly abortListeners = new AbortListeners<Job>((job) => this.abort(job));
  private nextJobId = 1;
  private closed = false;

  constructor(options: HashPoolOptions = {}) {
    this.options = resolvePoolOptions(options);
  }

  /** Maximum number of worker threads. */
  get size(): number {
    return this.options.size;
  }

  stats(): HashPoolStats {
    return { workers: this.workers.size, busy: this.busyWorkers(), queued: this.queue.length };
  }

  /**
   * Hashes one file in a worker and resolves with the whole-file and per-part digests.
   * Rejects with a `HashError`, or with `options.signal.reason` once the signal aborts.
   */
  hash(path: string, options: HashFileOptions = {}): Promise<FileHashResult> {
    if (this.closed) return Promise.reject(poolClosed(path));
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);

    const layout: PartLayout = { partSize: options.partSize, ranges: options.ranges };
    try {
      validateLayout(path, layout);
    } catch (error) {
      return Promise.reject(error);
    }

    // A lone multipart file would keep one worker busy while the others wait, so its part
    // digests go to a second worker. With other files queued every worker has work already,
    // and a second read of the same file would only cost disk time.
    if (hasSeveralParts(layout) && this.freeWorkers() >= 2) {
      return hashInTwoPasses(path, layout, options, (pass, passLayout, passOptions) =>
        this.enqueue(path, passLayout, pass, passOptions),
      );
    }
    return this.enqueue(path, layout, 'all', options);
  }

  /** Workers that could take a job now, started or not. */
  private freeWorkers(): number {
    return this.queue.length > 0 ? 0 : this.options.size - this.busyWorkers();
  }

  private busyWorkers(): number {
    return [...this.workers].filter((entry) => entry.job).length;
  }

  private enqueue(
    path: string,
    layout: PartLayout,
    pass: HashPass,
    options: HashFileOptions,
  ): Promise<FileHashResult> {
    return new Promise<FileHashResult>((resolve, reject) => {
      const job: Job = {
        id: this.nextJobId++,
        path,
        layout,
        pass,
        options,
        resolve,
        reject,
        settled: false,
        detachAbort: () => {},
      };

      const signal = options.signal;
      if (signal) {
        this.abortListeners.add(signal, job);
        job.detachAbort = () => this.abortListeners.delete(signal, job);
      }

      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Rejects waiting and running jobs with POOL_CLOSED and terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;

    for (const job of this.queue.splice(0)) settle(job, () => job.reject(poolClosed(job.path)));

    const terminations = [...this.workers].map(async (entry) => {
      const job = entry.job;
      if (job) settle(job, () => job.reject(poolClosed(job.path)));
      if (entry.abortTimer) clearTimeout(entry.abortTimer);
      await entry.worker.terminate();
    });
    this.workers.clear();
    await Promise.all(terminations);
  }

  /** Hands queued jobs to idle workers, starting workers while the pool is below its size. */
  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let entry: PoolWorker | null;
      try {
        entry = this.idleWorker() ?? this.startWorker();
      } catch (error) {
        // new Worker throws at once for a URL it cannot use, and the front job reports that.
        const job = this.queue.shift()!;
        settle(job, () => job.reject(workerFailed(job.path, String(error))));
        continue;
      }
      if (!entry) return;

      const job = this.queue.shift()!;
      entry.job = job;
      entry.worker.ref();
      const message: ToWorker = {
        type: 'hash',
        jobId: job.id,
        path: job.path,
        layout: job.layout,
        pass: job.pass,
      };
      entry.worker.postMessage(message);
    }
  }

  private idleWorker(): PoolWorker | null {
    for (const entry of this.workers) if (!entry.job) return entry;
    return null;
  }

  private startWorker(): PoolWorker | null {
    if (this.workers.size >= this.options.size) return null;

    const settings: WorkerSettings = {
      readSize: this.options.readSize,
      progressIntervalMs: this.options.progressIntervalMs,
    };
    const worker = new Worker(this.options.workerUrl, { workerData: settings });
    const entry: PoolWorker = { worker, job: null, abortTimer: null, lastError: null };

    worker.on('message', (message: FromWorker) => this.onMessage(entry, message));
    worker.on('error', (error) => {
      entry.lastError = error;
    });
    worker.on('exit', (exitCode) => this.onExit(entry, exitCode));

    this.workers.add(entry);
    return entry;
  }

  private onMessage(entry: PoolWorker, message: FromWorker): void {
    const job = entry.job;
    // A reply for a job this worker no longer runs (a late progress message) is dropped.
    if (!job || job.id !== message.jobId) return;

    switch (message.type) {
      case 'progress':
        if (!job.settled) this.reportProgress(entry, job, message.bytesHashed, message.size);
        return;
      case 'done':
        this.release(entry);
        settle(job, () => job.resolve(message.result));
        return;
      case 'failed':
        this.release(entry);
        settle(job, () => job.reject(new HashError(message.error)));
        return;
      case 'aborted':
        this.release(entry);
        return;
    }
  }

  /** Calls the caller's progress callback; if it throws, the job stops and rejects with that error. */
  private reportProgress(entry: PoolWorker, job: Job, bytesHashed: number, size: number): void {
    try {
      job.options.onProgress?.({ path: job.path, bytesHashed, size });
    } catch (error) {
      settle(job, () => job.reject(error));
      this.stopRunningJob(entry, job);
    }
  }

  /** Rejects an aborted job at once, and sends its worker an abort message if it is running. */
  private abort(job: Job): void {
    const reason = job.options.signal?.reason;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    settle(job, () => job.reject(reason));

    for (const entry of this.workers) {
      if (entry.job === job) this.stopRunningJob(entry, job);
    }
  }

  private stopRunningJob(entry: PoolWorker, job: Job): void {
    if (entry.abortTimer) return;

    const message: ToWorker = { type: 'abort', jobId: job.id };
    entry.worker.postMessage(message);

    // The worker checks for an abort between two reads. One that does not reply in time is
    // stuck in a read, so it is replaced rather than left occupying a pool slot.
    entry.abortTimer = setTimeout(() => {
      if (entry.job === job) void entry.worker.terminate();
    }, this.options.abortGraceMs);
    entry.abortTimer.unref();
  }

  private release(entry: PoolWorker): void {
    if (entry.abortTimer) clearTimeout(entry.abortTimer);
    entry.abortTimer = null;
    entry.job = null;
    entry.worker.unref();
    this.dispatch();
  }

  /** Removes a worker that exited; its job, if still waiting for a result, fails. */
  private onExit(entry: PoolWorker, exitCode: number): void {
    if (!this.workers.delete(entry)) return;
    if (entry.abortTimer) clearTimeout(entry.abortTimer);

    const job = entry.job;
    if (job) {
      const cause = entry.lastError ? entry.lastError.message : `exit code ${exitCode}`;
      settle(job, () => job.reject(workerFailed(job.path, cause)));
    }

    this.dispatch();
  }
}

/** Runs `action` once per job and detaches its abort listener. */
function settle(job: Job, action: () => void): void {
  if (job.settled) return;
  job.settled = true;
  job.detachAbort();
  action();
}

function poolClosed(path: string): HashError {
  return hashError(
    'POOL_CLOSED',
    path,
    'the hashing pool is closed',
    'Create a new HashPool to hash more files.',
  );
}

function workerFailed(path: string, cause: string): HashError {
  return hashError(
    'WORKER_FAILED',
    path,
    `the hashing worker stopped (${cause})`,
    'Retry, and if it fails again check that the worker script loads in this build.',
  );
}
