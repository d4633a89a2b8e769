// The body of a hashing worker: it runs one job at a time, posts throttled progress, and
// stops a job between two reads when the pool sends `abort`. Started through
// worker-entry.mjs, never imported by the main thread.

import { parentPort, workerData } from 'node:worker_threads';

import { HashError, type HashErrorData } from './errors';
import { allocateReadBuffers, hashFile } from './hash-file';
import type { FromWorker, ToWorker, WorkerSettings } from './messages';

if (!parentPort) throw new Error('worker.ts must run in a worker thread started by HashPool');
const port = parentPort;
const settings = workerData as WorkerSettings;

// Reused by every job of this worker, so memory stays at two reads per worker.
const buffers = allocateReadBuffers(settings.readSize);
let running: { jobId: number; controller: AbortController } | null = null;

function post(message: FromWorker): void {
  port.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') {
    if (running?.jobId === message.jobId) running.controller.abort();
    return;
  }
  void runJob(message);
});

async function runJob({ jobId, path, layout, pass }: Extract<ToWorker, { type: 'hash' }>) {
  if (running) {
    post({ type: 'failed', jobId, error: busyError(path, running.jobId) });
    return;
  }

  const controller = new AbortController();
  running = { jobId, controller };

  try {
    const result = await hashFile(path, layout, {
      buffers,
      wholeFile: pass === 'all',
      signal: controller.signal,
      progressIntervalMs: settings.progressIntervalMs,
      onProgress: (bytesHashed, size) => post({ type: 'progress', jobId, bytesHashed, size }),
    });
    post({ type: 'done', jobId, result });
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
