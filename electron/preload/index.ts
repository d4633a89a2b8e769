// The preload script: exposes `window.byob` (the contract's bridge) and
// `window.byobFiles.pathsOf(files)` for drag and drop. It runs sandboxed, so it may import only
// `electron` and what the bundler inlines.
// NOTE: a sandboxed preload cannot load other modules, so this file must be bundled into one
// CommonJS file (electron/preload/dist/index.cjs, which main.ts loads); no build script exists yet.
import { contextBridge, ipcRenderer, webUtils } from 'electron';

import { BRIDGE_GLOBAL } from '../../shared/ipc/index';
import { buildBridge } from './bridge';
import { pathsOfDroppedFiles } from './dropped-files';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge(ipcRenderer));
contextBridge.exposeInMainWorld('byobFiles', {
  pathsOf: (files: ArrayLike<File>) => pathsOfDroppedFiles(webUtils, files),
});
