// The app window and the `app://byob/` protocol that serves the built renderer. Every page
// gets the Content-Security-Policy. New windows and navigation away from the app are blocked,
// and an https link that the page tries to open goes to the OS browser instead.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

import { BrowserWindow, net, protocol, shell } from 'electron';

import { contentSecurityPolicy } from './security/csp';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isAppUrl } from './security/sender';
import { windowOptions } from './security/window-options';

/** Registers `app://` as a secure standard scheme; call before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves files of `rendererDir` under `app://byob/`, never a path outside it. */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, relative);
    if (url.host !== APP_HOST || (file !== root && !file.startsWith(root + path.sep))) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    return new Response(response.body, { status: response.status, headers });
  });
}

export function createMainWindow(options: {
  preloadPath: string;
  title: string;
  devServerOrigin: string | null;
}): BrowserWindow {
  const base = windowOptions(options.preloadPath, options.title);
  // The flags that keep Node and new windows away from the page are written out where the
  // window is made, so a change to windowOptions cannot drop them and the Electronegativity
  // scan (npm run scan:electron) finds them.
  const window = new BrowserWindow({
    ...base,
    webPreferences: {
      ...base.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contents = window.webContents;

  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, options.devServerOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.devServerOrigin ?? `${APP_ORIGIN}/index.html`);
  return window;
}
