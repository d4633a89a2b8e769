// Main-side services on a real platform: the team test platform on Azurite (with a file
// store, so team creation runs the platform's bucket checks), a LocalTransferHost, a data
// folder in a temporary directory and dialogs that return fixed paths.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createHandlers,
  dispatch,
  type SenderInfo,
} from '../../../electron/main/services/handlers';
import {
  createServices,
  type ServiceBundle,
} from '../../../electron/main/services/create-services';
import type { Dialogs } from '../../../electron/main/services/dialogs';
import type { SandboxLauncher } from '../../../electron/main/services/sandbox';
import type { TransferHost } from '../../../electron/main/transfer-host/host';
import { LocalTransferHost } from '../../../electron/main/transfer-host/local-host';
import type { IpcResult, TransferEvent } from '../../../shared/ipc/index';
import { startTeamsPlatform, type TeamsPlatform } from '../../platform/teams/team-fixture';
import { TestCipher } from './test-cipher';

export const APP_URL = 'app://byob/index.html';
export const APP_SENDER: SenderInfo = { url: APP_URL, isMainFrame: true };
export const FILE_STORE = 'team-store';

/** Dialog results that the test sets before the call that opens the dialog. */
export class FixedDialogs implements Dialogs {
  sources: string[] = [];
  folder: string | null = null;
  savePath: string | null = null;

  async chooseSources(): Promise<string[]> {
    return this.sources;
  }
  async chooseFolder(): Promise<string | null> {
    return this.folder;
  }
  async chooseSavePath(): Promise<string | null> {
    return this.savePath;
  }
}

export interface MainEnv {
  platform: TeamsPlatform;
  dataDir: string;
  /** Scratch folder for files to upload and exports. */
  workDir: string;
  bundle: ServiceBundle;
  dialogs: FixedDialogs;
  warnings: string[];
  /** Sends one request through the handlers, as the app's page would. */
  call(channel: string, payload?: unknown, sender?: SenderInfo): Promise<IpcResult<unknown>>;
  /** Like call, but returns the value and fails the test on an error result. */
  ok<T>(channel: string, payload?: unknown): Promise<T>;
  /** Events pushed since the start, by channel. */
  events: { channel: string; payload: unknown }[];
  stop(): Promise<void>;
}

const noSandbox: SandboxLauncher = {
  start: () => Promise.reject(new Error('The tests start no sandbox.')),
  stop: async () => {},
};

export interface MainEnvOptions {
  /** Builds the transfer host on the journal; a LocalTransferHost when omitted. */
  createHost?: (journalPath: string) => TransferHost;
  /** The local sandbox launcher; one that rejects every start when omitted. */
  sandbox?: SandboxLauncher;
}

export async function startMainEnv(options: MainEnvOptions = {}): Promise<MainEnv> {
  const platform = await startTeamsPlatform({ fileStores: [FILE_STORE] });
  const root = mkdtempSync(join(tmpdir(), 'byob-main-test-'));
  const dataDir = join(root, 'data');
  const workDir = join(root, 'work');
  const journalPath = join(dataDir, 'journal.sqlite');
  const dialogs = new FixedDialogs();
  const warnings: string[] = [];

  const bundle = createServices({
    dataDir,
    journalPath,
    cipher: new TestCipher(),
    host: options.createHost?.(journalPath) ?? new LocalTransferHost({ journalPath }),
    dialogs,
    sandbox: options.sandbox ?? noSandbox,
    systemLocale: () => 'ja-JP',
    defaultDownloadFolder: () => join(root, 'Downloads'),
    checkEvents: true,
    warn: (message) => warnings.push(message),
  });
  const handlers = createHandlers(bundle.services, {
    isAllowedSender: (sender) => sender.isMainFrame && sender.url === APP_URL,
    checkResponses: true,
    secrets: () => bundle.session.secrets(),
  });
  const events: MainEnv['events'] = [];
  bundle.events.subscribe((channel, payload) => events.push({ channel, payload }));

  const call = (channel: string, payload?: unknown, sender: SenderInfo = APP_SENDER) =>
    dispatch(handlers, channel, payload, sender);

  return {
    platform,
    dataDir,
    workDir,
    bundle,
    dialogs,
    warnings,
    call,
    async ok<T>(channel: string, payload?: unknown): Promise<T> {
      const result = await call(channel, payload);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value as T;
    },
    events,
    async stop() {
      await bundle.close();
      await platform.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Resolves with a transfer's last whole-transfer state event once it is in one of `states`. */
export async function finished(
  env: MainEnv,
  transferId: string,
  states: readonly string[] = ['committed', 'done', 'failed', 'cancelled', 'paused'],
): Promise<TransferEvent> {
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    const last = env.events
      .filter((entry) => entry.channel === 'transfers:event')
      .map((entry) => entry.payload as TransferEvent)
      .filter(
        (event) => event.type === 'state' && event.transferId === transferId && event.path === null,
      )
      .at(-1);
    if (last?.type === 'state' && states.includes(last.state)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Transfer ${transferId} reached none of ${states.join(', ')} within 120 s.`);
}
