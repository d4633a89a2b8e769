// Access to `window.byob`, the preload's bridge to main. Components read it from context, so
// component tests pass a fake bridge and the app passes the real one.
import { createContext, useContext, type ReactNode } from 'react';

import {
  BRIDGE_GLOBAL,
  IpcRequestError,
  ipcError,
  type ByobApi,
  type IpcResult,
} from '../../shared/ipc/index';

/**
 * Bridge methods beyond the IPC contract: turning a dropped `File` into its local path.
 * Electron removed `File.path`, so only the preload can do this (`webUtils.getPathForFile`).
 */
export interface DroppedFileBridge {
  readonly files?: { readonly pathForFile: (file: File) => string };
}

export type RendererBridge = ByobApi & DroppedFileBridge;

const BridgeContext = createContext<RendererBridge | null>(null);

export function BridgeProvider({
  bridge,
  children,
}: {
  bridge: RendererBridge;
  children: ReactNode;
}) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useBridge(): RendererBridge {
  const bridge = useContext(BridgeContext);
  if (bridge === null) throw new Error('useBridge needs a BridgeProvider above it.');
  return bridge;
}

/** Returns the preload's bridge, or null when the page runs without one (a plain browser tab). */
export function findWindowBridge(): RendererBridge | null {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL];
  return typeof candidate === 'object' && candidate !== null ? (candidate as RendererBridge) : null;
}

/**
 * Awaits a bridge call and returns its value, or throws IpcRequestError. A rejected promise
 * (the bridge itself failed, not main) becomes an INTERNAL error, so callers handle one type.
 */
export async function request<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  let result: IpcResult<T>;
  try {
    result = await pending;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new IpcRequestError(ipcError('INTERNAL', message));
  }
  if (result.ok) return result.value;
  throw new IpcRequestError(result.error);
}

/** Turns any thrown value into an IpcRequestError for display. */
export function asRequestError(error: unknown): IpcRequestError {
  if (error instanceof IpcRequestError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IpcRequestError(ipcError('INTERNAL', message));
}
