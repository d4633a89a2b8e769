// The body of a hashing worker: it runs one job at a time, posts throttled progress, and
// stops a job between two reads when the pool sends `abort`. Started through
// worker-entry.mjs, never imported by the main thread.

import { parentPort, workerData } from 'node:worker_threads';

import { HashError, type HashErrorData } from './errors';
import { allocateReadBuffers, hashFile } from './hash-file';
import type { FromWorker, ToWorker, WorkerSettings } from './messages';
import { OrderedJob } from './ordered-job';
import type { FileHashResult } from './types';

if (!parentPort) throw new Error('worker.ts must run in a worker thread started by HashPool');
const port = parentPort;
const settings = workerData as WorkerSettings;

// Reused by every job of this worker, so memory stays at two reads per worker.
const buffers = allocateReadBuffers(settings.readSize);

interface RunningJob {
  jobId: number;
  controller: AbortController;
  /** Set for a hashInOrder job, which takes its ranges in later messages. */
  ordered?: OrderedJob;
}
let running: RunningJob | null = null;

function post(message: FromWorker): void {
  port.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'abort':
      if (running?.jobId === message.jobId) running.controller.abort();
      return;
    case 'hash':
      void runJob(message);
      return;
    case 'ordered-open':
      void runOrderedJob(message);
      return;
    case 'ordered-range':
      if (running?.jobId === message.jobId) running.ordered?.append(message.offset, message.length);
      return;
    case 'ordered-finish':
      if (running?.jobId === message.jobId) running.ordered?.finish();
      return;
  }
});

async function runJob({ jobId, path, layout, pass }: Extract<ToWorker, { type: 'hash' }>) {
  await runExclusive(jobId, path, (signal) =>
    hashFile(path, layout, {
      buffers,
      wholeFile: pass === 'all',
      signal,
      progressIntervalMs: settings.progressIntervalMs,
      onProgress: (bytesHashed, size) => post({ type: 'progress', jobId, bytesHashed, size }),
    }),
  );
}

/** Runs a hashInOrder job until the pool sends `ordered-finish` or `abort`. */
async function runOrderedJob({ jobId, path }: Extract<ToWorker, { type: 'ordered-open' }>) {
  await runExclusive(jobId, path, (signal, slot) => {
    slot.ordered = new OrderedJob(path, buffers[0], signal);
    return slot.ordered.result();
  });
}

/** Runs one job as the worker's only job and posts its result, its failure or its abort. */
async function runExclusive(
  jobId: number,
  path: string,
  compute: (signal: AbortSignal, slot: RunningJob) => Promise<FileHashResult>,
): Promise<void> {
  if (running) {
    post({ type: 'failed', jobId, error: busyError(path, running.jobId) });
    return;
  }

  const controller = new AbortController();
  const slot: RunningJob = { jobId, controller };
  running = slot;

  try {
    post({ type: 'done', jobId, result: await compute(controller.signal, slot) });
  } catch (error) {
    if (controller.signal.aborted) {
      post({ type: 'aborted', jobId });
    } else {
      post({ type: 'failed', jobId, error: toErrorData(error, path) });
    }
  } finally {
    running = null;
  }
}

/** Copies a HashError's fields. Any other error is a bug in this module, and the message states that. */
function toErrorData(error: unknown, path: string): HashErrorData {
  if (error instanceof HashError) return error.toData();
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    code: 'WORKER_FAILED',
    message: `Cannot hash ${JSON.stringify(path)}: unexpected error in the hashing worker (${detail}). Report this error with the path's file type.`,
    path,
  };
}

function busyError(path: string, runningJobId: number): HashErrorData {
  return {
    code: 'WORKER_FAILED',
    message: `Cannot hash ${JSON.stringify(path)}: the worker is still running job ${runningJobId}. HashPool sends one job per worker; this is a bug in the pool.`,
    path,
  };
}
