// Everything one end-to-end run needs, all on 127.0.0.1. The teams platform runs on Azurite,
// and the main-side services run their engines in a worker thread (RemoteTransferHost, as in
// the app). The bridge server serves the built renderer to Debian's Chromium, which
// playwright-core drives with a fresh profile.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { createHandlers } from '../../../electron/main/services/handlers';
import { RemoteTransferHost } from '../../../electron/main/transfer-host/remote/remote-host';
import { startWorkerHost } from '../../../electron/main/transfer-host/remote/worker-port';
import type { Language } from '../../../shared/ipc/index';
import { startMainEnv, type MainEnv } from '../../electron/main/fixture';
import { startBridgeServer, type BridgeServer } from './bridge-server';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags beyond the ones playwright-core sets itself (--headless, --no-sandbox with
 * chromiumSandbox false, and --user-data-dir from launchPersistentContext). The host resolver
 * rule makes every name but 127.0.0.1 fail, so the browser reaches nothing off this machine.
 */
const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOT_DIR = join(root, 'test-results', 'e2e');
const DOCS_IMAGE_DIR = join(root, 'docs', 'images');
export const LANGUAGES: readonly Language[] = ['en', 'ja'];

export interface E2eEnv {
  main: MainEnv;
  server: BridgeServer;
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors so far, such as Content-Security-Policy violations. */
  pageErrors: string[];
  /** Saves the page as `<name>.en.png` and `<name>.ja.png`, then restores the language. */
  screenshot(name: string): Promise<void>;
  /** Sets the language setting through the services, as another window of the app would. */
  setLanguage(language: Language): Promise<void>;
  stop(): Promise<void>;
}

function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install Debian's chromium package (apt-get install chromium).`,
    );
  }
}

export async function startE2eEnv(): Promise<E2eEnv> {
  requireChromium();
  const main = await startMainEnv({
    createHost: (journalPath) =>
      new RemoteTransferHost({
        start: () => startWorkerHost(),
        init: { journalPath, hashWorkerUrl: null },
      }),
  });

  let origin = '';
  const handlers = createHandlers(main.bundle.services, {
    isAllowedSender: (sender) =>
      sender.isMainFrame && (sender.url?.startsWith(`${origin}/`) ?? false),
    checkResponses: true,
    secrets: () => main.bundle.session.secrets(),
  });
  const server = await startBridgeServer({
    rendererDir: join(root, 'renderer', 'dist'),
    handlers,
    events: main.bundle.events,
  });
  origin = server.origin;

  const profile = mkdtempSync(join(tmpdir(), 'byob-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 820 },
    locale: 'en-US',
  });
  // Actions wait at most this long for an element, so a wrong selector fails within one test.
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      pageErrors.push(`console error: ${message.text()} (${message.location().url})`);
    }
  });

  const setLanguage = async (language: Language) => {
    await main.ok('settings:update', { language });
    await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
  };

  return {
    main,
    server,
    context,
    page,
    pageErrors,
    setLanguage,
    async screenshot(name) {
      const before = await page.locator('html').getAttribute('lang');
      for (const language of LANGUAGES) {
        await setLanguage(language);
        const file = join(SCREENSHOT_DIR, `${name}.${language}.png`);
        await page.screenshot({ path: file });
        if (process.env.BYOB_UPDATE_SCREENSHOTS === '1') {
          mkdirSync(DOCS_IMAGE_DIR, { recursive: true });
          copyFileSync(file, join(DOCS_IMAGE_DIR, `${name}.${language}.png`));
        }
      }
      await setLanguage(before === 'ja' ? 'ja' : 'en');
    },
    async stop() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      await server.close();
      await main.stop();
    },
  };
}
