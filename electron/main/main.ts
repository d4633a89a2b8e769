// Entry of the Electron main process: single-instance lock, secure window, services behind
// the IPC contract, the journal and logs in the app's data folder, and the application menu.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
import { LocalTransferHost } from './transfer-host/local-host';
import { createMainWindow, registerAppScheme, serveRenderer } from './window';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
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
  serveRenderer(path.join(repositoryRoot, 'renderer', 'dist'));

  const journalPath = resolveJournalPath();
  // TODO: run the transfer host in a utilityProcess, so the journal writes of a 100,000-file
  // drop stay off this process. Until then it runs in the main process.
  const host = new LocalTransferHost({ journalPath });
  const bundle = createServices({
    dataDir,
    journalPath,
    cipher: new SafeStorageCipher(),
    host,
    dialogs: new ElectronDialogs(),
    sandbox: new ProcessSandboxLauncher({
      command: process.execPath,
      script: path.join(repositoryRoot, 'bin', 'byob-platform.js'),
      dir: path.join(dataDir, 'sandbox'),
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    }),
    systemLocale: () => app.getLocale(),
    defaultDownloadFolder: () => app.getPath('downloads'),
    warn: (message) => log.warn(message),
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
      preloadPath: path.join(repositoryRoot, 'electron', 'preload', 'dist', 'index.cjs'),
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
