// Entry of the Electron main process: single-instance lock, secure window, services behind
// the IPC contract, the journal and logs in the app's data folder, and the application menu.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { app, Menu, session } from 'electron';

import { resolveJournalPath } from '../engine/journal/location';
import { ElectronDialogs, SafeStorageCipher } from './electron-adapters';
import { registerIpc } from './ipc';
import { createAppLogger } from './logger';
import { applicationMenu } from './menu';
import { contentSecurityPolicy } from './security/csp';
import { isAppSender } from './security/sender';
import { createServices } from './services/create-services';
import { createHandlers } from './services/handlers';
import { ProcessSandboxLauncher } from './services/sandbox';
import { RemoteTransferHost } from './transfer-host/remote/remote-host';
import { startUtilityHost } from './utility-host';
import { createMainWindow, registerAppScheme, serveRenderer } from './window';

// The folder of package.json: the repository for `npm start`, the app's resources when packaged.
const appRoot = app.getAppPath();
// `npm run build:main` writes the bundles of this process, the transfer host and the hashing
// worker here (see build/bundle.ts).
const bundleDir = path.join(appRoot, 'dist', 'main');
const devServerOrigin = process.env.BYOB_RENDERER_URL
  ? new URL(process.env.BYOB_RENDERER_URL).origin
  : null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const log = createAppLogger(app.getPath('logs'));
  log.info({ version: app.getVersion(), dataDir }, 'app starting');

  // Every response gets the policy, including the development server's pages.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy(devServerOrigin)],
      },
    });
  });
  // The app needs no camera, microphone, notifications or other permission, so every request
  // and check is denied.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer(path.join(appRoot, 'renderer', 'dist'));

  const journalPath = resolveJournalPath();
  // The engines, folder walks and journal writes run in a utilityProcess, so a drop of
  // 100,000 files never stalls this process's event loop and with it the window's IPC.
  const host = new RemoteTransferHost({
    start: () => startUtilityHost(path.join(bundleDir, 'transfer-host.mjs')),
    init: {
      journalPath,
      hashWorkerUrl: pathToFileURL(path.join(bundleDir, 'hash-worker.mjs')).toString(),
    },
    warn: (message) => log.warn(message),
  });
  const bundle = createServices({
    dataDir,
    journalPath,
    cipher: new SafeStorageCipher(),
    host,
    dialogs: new ElectronDialogs(),
    sandbox: new ProcessSandboxLauncher({
      command: process.execPath,
      script: path.join(appRoot, 'bin', 'byob-platform.js'),
      dir: path.join(dataDir, 'sandbox'),
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    }),
    systemLocale: () => app.getLocale(),
    defaultDownloadFolder: () => app.getPath('downloads'),
    warn: (message) => log.warn(message),
    rendererLog: (entry) =>
      log[entry.level]({ source: 'renderer', ...entry.context }, entry.message),
  });
  const handlers = createHandlers(bundle.services, {
    isAllowedSender: (sender) => isAppSender(sender, devServerOrigin),
    secrets: () => bundle.session.secrets(),
    onError: (channel, error) =>
      log.warn({ channel, code: error.code, reason: error.reason }, error.message),
  });
  registerIpc(handlers, bundle.events);

  Menu.setApplicationMenu(applicationMenu(app.name));
  const restored = await bundle.auth.restore();
  log.info({ signedIn: restored !== null }, 'session restored');

  const open = () =>
    createMainWindow({
      preloadPath: path.join(appRoot, 'electron', 'preload', 'dist', 'index.cjs'),
      title: app.name,
      devServerOrigin,
    });
  let window = open();
  app.on('second-instance', () => {
    if (window.isDestroyed()) window = open();
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    log.info('app stopping');
    void bundle.close().finally(() => app.exit(0));
  });
}
