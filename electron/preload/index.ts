// The preload script: exposes `window.byob`, the contract's bridge plus `files.pathForFile`
// for drag and drop. It runs sandboxed, so it may import only `electron` and what the bundler
// inlines: `npm run build:preload` writes the single CommonJS file that main.ts loads
// (electron/preload/dist/index.cjs).
import { contextBridge, ipcRenderer, webUtils } from 'electron';

import { BRIDGE_GLOBAL } from '../../shared/ipc/index';
import { buildBridge } from './bridge';
import { withDroppedFiles } from './dropped-files';

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  withDroppedFiles(buildBridge(ipcRenderer), webUtils),
);
