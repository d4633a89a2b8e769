// The HostPort of a transfer host in a worker thread of the calling process: plain Node, so
// tests and the browser test bridge run the same remote host as the app.
import { Worker } from 'node:worker_threads';

import type { HostPort } from './messages';

/** The TypeScript entry, which registers tsx in the thread; a bundled build passes its own. */
export const SOURCE_HOST_ENTRY = new URL('./host-entry.mjs', import.meta.url);

export function startWorkerHost(entry: URL = SOURCE_HOST_ENTRY): HostPort {
  const worker = new Worker(entry);
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) => {
      let reported = false;
      const report = (description: string) => {
        if (reported) return;
        reported = true;
        listener(description);
      };
      worker.once('error', (error) => report(`error: ${error.message}`));
      worker.once('exit', (code) => report(`exit code ${code}`));
    },
    terminate: () => void worker.terminate(),
  };
}
