// The preload script: exposes `window.byob` (the contract's bridge) and
// `window.byobFiles.pathsOf(files)` for drag and drop. It runs sandboxed, so it may import only
// `electron` and what the bundler inlines.
import { contextBridge, ipcRenderer, webUtils } from 'electron';

import { BRIDGE_GLOBAL } from '../../shared/ipc/index';
import { buildBridge } from './bridge';
import { pathsOfDroppedFiles } from './dropped-files';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildBridge(ipcRenderer));
contextBridge.exposeInMainWorld('byobFiles', {
  pathsOf: (files: ArrayLike<File>) => pathsOfDroppedFiles(webUtils, files),
});
