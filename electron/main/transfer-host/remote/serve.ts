// The side of a remote transfer host that runs next to the engines, in a worker thread or an
// Electron utilityProcess. It waits for `init`, opens a LocalTransferHost on the journal,
// then runs each call, posts its result and forwards every transfer event. Nothing here imports Electron.
import type { TransferHost } from '../host';
import { LocalTransferHost } from '../local-host';
import { toIpcError } from '../../services/errors';
import { ipcError } from '../../../../shared/ipc/index';
import {
  HOST_CALLS,
  hostConfigSchema,
  toHostSchema,
  type FromHost,
  type HostCallName,
  type HostInit,
} from './messages';

/** The parent's end of the message channel, as this thread or process uses it. */
export interface ParentPort {
  postMessage(message: FromHost): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Lets the process exit once nothing else keeps it alive. */
  close(): void;
}

export type HostFactory = (init: HostInit) => TransferHost;

export const createLocalHost: HostFactory = (init) =>
  new LocalTransferHost({
    journalPath: init.journalPath,
    ...(init.hashWorkerUrl === null
      ? {}
      : { hashPool: { workerUrl: new URL(init.hashWorkerUrl) } }),
  });

/** Serves one TransferHost over `port` until the parent sends `close`. */
export function serveTransferHost(
  port: ParentPort,
  createHost: HostFactory = createLocalHost,
): void {
  let host: TransferHost | null = null;
  // The key of the current configuration, removed from messages of unexpected errors.
  let secrets: string[] = [];

  port.onMessage((raw) => {
    const parsed = toHostSchema.safeParse(raw);
    if (!parsed.success) {
      const error = ipcError(
        'INTERNAL',
        `The transfer host received an invalid message: ${parsed.error.message}`,
      );
      port.postMessage({ type: 'fatal', error });
      return;
    }
    const message = parsed.data;

    if (message.type === 'init') {
      try {
        host ??= createHost(message.init);
        host.subscribe((event) => port.postMessage({ type: 'event', event }));
        port.postMessage({ type: 'ready' });
      } catch (error) {
        port.postMessage({ type: 'fatal', error: toIpcError(error) });
      }
      return;
    }

    if (message.type === 'close') {
      const closing = host?.close() ?? Promise.resolve();
      host = null;
      void closing
        .catch(() => undefined)
        .finally(() => {
          port.postMessage({ type: 'closed' });
          port.close();
        });
      return;
    }

    if (host === null) {
      const error = ipcError('INTERNAL', 'The transfer host received a call before init.');
      port.postMessage({ type: 'failure', id: message.id, error });
      return;
    }
    if (message.method === 'configure') {
      const config = hostConfigSchema.nullable().safeParse(message.argument);
      secrets = config.success && config.data ? [config.data.apiKey] : [];
    }
    void call(host, message.method, message.argument).then(
      (value) => port.postMessage({ type: 'result', id: message.id, value }),
      (error: unknown) =>
        port.postMessage({ type: 'failure', id: message.id, error: toIpcError(error, secrets) }),
    );
  });
}

/** Validates the argument of one call and runs it on the host. */
async function call(host: TransferHost, method: HostCallName, argument: unknown): Promise<unknown> {
  const parsed = HOST_CALLS[method].safeParse(argument);
  if (!parsed.success) {
    throw new Error(`Invalid argument for the transfer host's ${method}: ${parsed.error.message}`);
  }
  const value = parsed.data as never;
  switch (method) {
    case 'configure':
      return host.configure(value);
    case 'uploadArtifact':
      return host.uploadArtifact(value);
    case 'uploadRunFiles':
      return host.uploadRunFiles(value);
    case 'downloadVersion':
      return host.downloadVersion(value);
    case 'downloadRunFiles':
      return host.downloadRunFiles(value);
    case 'pause':
      return host.pause(value);
    case 'resume':
      return host.resume(value);
    case 'cancel':
      return host.cancel(value);
  }
}
