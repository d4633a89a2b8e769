// The options of the app's BrowserWindow. The renderer gets no Node.js: it runs sandboxed with
// context isolation, and reaches main only through the preload's bridge.
import type { BrowserWindowConstructorOptions } from 'electron';

export function windowOptions(preloadPath: string, title: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click would otherwise open links in new windows without the window.open handler.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
