// A pool of worker threads that hash files off the main event loop. Parallelism is across
// files, because a file's whole MD5 is one sequential computation; a lone multipart file
// also gets its part digests from a second worker. A hashInOrder job keeps one worker for a
// file that is still being written and hashes its ranges as they arrive. Jobs wait in a FIFO
// queue until a worker is free. Workers start on demand up to the pool size, and idle
// workers are unref'd so they never keep the process alive.

import { Worker } from 'node:worker_threads';

import { AbortListeners } from './abort-listeners';
import { HashError } from './errors';
import type { FromWorker, HashPass, ToWorker, WorkerSettings } from './messages';
import { OrderedHash } from './ordered-hash';
import { validateLayout } from './parts';
import {
  poolClosed,
  settle,
  workerFailed,
  type Job,
  type OrderedState,
  type PoolWorker,
} from './pool-jobs';
import { resolvePoolOptions, type HashPoolOptions, type ResolvedPoolOptions } from './pool-options';
import { hashInTwoPasses, hasSeveralParts } from './two-pass';
import type { FileHashResult, HashFileOptions, PartLayout } from './types';

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

  /**
   * Starts a whole-file MD5 of a file that is still being written, fed with byte ranges in
   * file order through the returned handle. The job keeps one worker until it finishes or
   * `signal` aborts. So the pool runs at most size - 1 of them and leaves a worker for other
   * jobs. It returns null beyond that, on a pool of one worker, or when the pool is closed.
   */
  hashInOrder(path: string, signal?: AbortSignal): OrderedHash | null {
    if (this.closed || signal?.aborted) return null;
    if (this.orderedJobs() >= this.options.size - 1) return null;

    const cancel = new AbortController();
    const combined =
      signal === undefined ? cancel.signal : AbortSignal.any([signal, cancel.signal]);
    const ordered: OrderedState = { outbox: [], entry: null };
    let job: Job | undefined;
    const outcome = this.enqueue(path, {}, 'all', { signal: combined }, ordered, (created) => {
      job = created;
    });
    return new OrderedHash(job!.id, outcome, cancel, (message) => this.sendOrdered(job!, message));
  }

  /** Sends a message to the worker running a hashInOrder job, or keeps it until one does. */
  private sendOrdered(job: Job, message: ToWorker): void {
    if (job.settled || job.ordered === null) return;
    if (job.ordered.entry === null) job.ordered.outbox.push(message);
    else job.ordered.entry.worker.postMessage(message);
  }

  private orderedJobs(): number {
    const running = [...this.workers].map((entry) => entry.job);
    return [...this.queue, ...running].filter((job) => job?.ordered && !job.settled).length;
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
    ordered: OrderedState | null = null,
    onCreated?: (job: Job) => void,
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
        ordered,
      };
      onCreated?.(job);

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
      if (job.ordered !== null) {
        this.startOrdered(entry, job, job.ordered);
        continue;
      }
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

  private startOrdered(entry: PoolWorker, job: Job, ordered: OrderedState): void {
    const open: ToWorker = { type: 'ordered-open', jobId: job.id, path: job.path };
    entry.worker.postMessage(open);
    for (const message of ordered.outbox.splice(0)) entry.worker.postMessage(message);
    ordered.entry = entry;
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
