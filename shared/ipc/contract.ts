// The one IPC contract between the renderer and main. Each namespace lists its channels; the
// preload builds `window.byob` from these objects and main registers one handler per invoke
// channel. Adding a channel here is the only way to add one to either side.
import { admin } from './admin';
import { auth } from './auth';
import { browse } from './browse';
import type { BridgeApi } from './define';
import { diagnostics } from './diagnostics';
import { settings } from './settings';
import { teams } from './teams';
import { transfers } from './transfers';

export const IPC_CONTRACT = {
  auth,
  teams,
  browse,
  transfers,
  settings,
  admin,
  diagnostics,
} as const;

export type IpcContract = typeof IPC_CONTRACT;

/** The API of `window.byob` in the renderer. */
export type ByobApi = BridgeApi<IpcContract>;

/** Name of the global the preload exposes. */
export const BRIDGE_GLOBAL = 'byob';
