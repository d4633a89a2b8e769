// Builds the `window.byob` bridge from the IPC contract: one function per invoke channel and
// one subscribe function per event channel, nothing else. It never exposes ipcRenderer or a
// generic `invoke(channel)`, so the page can call only the channels the contract lists.
import {
  IPC_CONTRACT,
  ipcError,
  type ByobApi,
  type IpcResult,
  type Unsubscribe,
} from '../../shared/ipc/index';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function buildBridge(ipc: IpcRendererLike): ByobApi {
  const api: Record<string, Record<string, unknown>> = {};

  for (const [namespace, methods] of Object.entries(IPC_CONTRACT)) {
    const target: Record<string, unknown> = {};
    for (const [method, channel] of Object.entries(methods)) {
      target[method] =
        channel.kind === 'invoke'
          ? (request?: unknown) => invokeChannel(ipc, channel.channel, request)
          : (listener: (payload: unknown) => void) => subscribe(ipc, channel.channel, listener);
    }
    api[namespace] = Object.freeze(target);
  }
  return Object.freeze(api) as unknown as ByobApi;
}

async function invokeChannel(
  ipc: IpcRendererLike,
  channel: string,
  request: unknown,
): Promise<IpcResult<unknown>> {
  try {
    return (await ipc.invoke(channel, request)) as IpcResult<unknown>;
  } catch (error) {
    // Main returns envelopes, so a rejection means the channel had no handler at all.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: ipcError('INTERNAL', `IPC call ${channel} failed: ${message}`) };
  }
}

function subscribe(
  ipc: IpcRendererLike,
  channel: string,
  listener: (payload: unknown) => void,
): Unsubscribe {
  // The Electron event object stays in the preload: it carries the sender and ports.
  const wrapped = (_event: unknown, payload: unknown) => listener(payload);
  ipc.on(channel, wrapped);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipc.removeListener(channel, wrapped);
  };
}
