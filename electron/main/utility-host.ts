// Runs the transfer host in an Electron utilityProcess: a Node.js child process that Electron
// starts and ends with the app, so folder walks, hashing and journal writes never share the
// main process's event loop with window and IPC work. RemoteTransferHost does the rest.
import { utilityProcess } from 'electron';

import type { HostPort } from './transfer-host/remote/messages';

/** Starts the bundled host-entry script (dist/main/transfer-host.mjs) as a utilityProcess. */
export function startUtilityHost(entryPath: string): HostPort {
  const child = utilityProcess.fork(entryPath, [], {
    serviceName: 'BYOB Transfer engine',
    stdio: 'inherit',
  });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(`exit code ${code}`)),
    terminate: () => void child.kill(),
  };
}
