// Entry of the transfer host's own thread or process. In a worker thread it talks through
// `worker_threads.parentPort`; in an Electron utilityProcess, through `process.parentPort`,
// whose messages arrive wrapped in an event's `data`. The bundled build emits this file as
// its own entry, and both RemoteTransferHost adapters start that output.
import { parentPort } from 'node:worker_threads';

import { serveTransferHost, type ParentPort } from './serve';

/** Electron's `process.parentPort` in a utilityProcess (Electron's typings are not loaded here). */
interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function connect(): ParentPort {
  if (parentPort) {
    const port = parentPort;
    return {
      postMessage: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', listener),
      close: () => port.close(),
    };
  }

  const utility = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  if (!utility) {
    throw new Error(
      'The transfer host entry must run in a worker thread or an Electron utilityProcess.',
    );
  }
  return {
    postMessage: (message) => utility.postMessage(message),
    onMessage: (listener) => utility.on('message', (event) => listener(event.data)),
    close: () => process.exit(0),
  };
}

serveTransferHost(connect());
