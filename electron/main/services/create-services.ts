// Builds every service on top of the app's data folder, a transfer host and the platform
// client. The Electron main process and the browser test bridge both call this, then
// createHandlers, so the two run the same code behind the IPC contract.
import { Journal } from '../../engine/journal/index';
import { createHttpAgent } from '../../engine/http/index';
import { PlatformClient } from '../../platform-client/index';
import type { Settings } from '../../../shared/ipc/index';
import { EncryptedFileCredentialStore, type SecretCipher } from '../storage/credentials';
import { ProfileStore } from '../storage/profiles';
import { SettingsStore } from '../storage/settings-store';
import { proxyOption } from '../transfer-host/engines';
import type { HostConfig, TransferHost } from '../transfer-host/host';
import { AdminService } from './admin-service';
import { AuthService } from './auth-service';
import { BrowseService } from './browse-service';
import { DiagnosticsService, type RendererLogSink } from './diagnostics-service';
import type { Dialogs } from './dialogs';
import { IpcEventBus } from './event-bus';
import type { SandboxLauncher } from './sandbox';
import { SessionState, type ActiveSession } from './session';
import { SettingsService } from './settings-service';
import { TeamsService } from './teams-service';
import { TransfersService } from './transfers-service';
import type { Services } from './types';

export interface ServiceDeps {
  /** The app's data folder: profiles, settings and encrypted keys. */
  dataDir: string;
  /** The transfer journal; the host opens the same file. */
  journalPath: string;
  cipher: SecretCipher;
  host: TransferHost;
  dialogs: Dialogs;
  sandbox: SandboxLauncher;
  systemLocale: () => string;
  defaultDownloadFolder: () => string;
  /** Parse every event payload with its schema before sending it (tests, development). */
  checkEvents?: boolean;
  /** Receives problems that services handle themselves, such as a damaged settings file. */
  warn?: (message: string) => void;
  /** Receives the renderer's log lines, already redacted; dropped when omitted. */
  rendererLog?: RendererLogSink;
}

export interface ServiceBundle {
  services: Services;
  events: IpcEventBus;
  session: SessionState;
  auth: AuthService;
  /** Stops the transfer host, the sandbox and the journal connection. */
  close(): Promise<void>;
}

export function createServices(deps: ServiceDeps): ServiceBundle {
  const warn = deps.warn ?? (() => {});
  const events = new IpcEventBus({ checkPayloads: deps.checkEvents ?? false });
  const session = new SessionState();
  const journal = Journal.open(deps.journalPath);
  const settings = new SettingsService({
    store: new SettingsStore(deps.dataDir, warn),
    events,
    systemLocale: deps.systemLocale,
    defaultDownloadFolder: deps.defaultDownloadFolder,
  });

  const auth = new AuthService({
    profiles: new ProfileStore(deps.dataDir, warn),
    credentials: new EncryptedFileCredentialStore(deps.dataDir, deps.cipher, warn),
    session,
    events,
    createClient: (host, apiKey) => createPlatformClient(host, apiKey, settings.current()),
    sandbox: deps.sandbox,
  });

  // The host follows the session and the settings; a failed reconfiguration is reported, and
  // the next start call fails with its own error.
  const configureHost = () =>
    deps.host
      .configure(hostConfig(session.current, settings.current()))
      .catch((error: unknown) => warn(`Failed to configure the transfer engine: ${String(error)}`));
  session.onChange(() => void configureHost());
  settings.onChange(() => void configureHost());
  deps.host.subscribe((event) => events.emit('transfers.onEvent', event));

  const services: Services = {
    auth,
    teams: new TeamsService(session),
    browse: new BrowseService(session),
    transfers: new TransfersService({
      host: deps.host,
      journal,
      session,
      events,
      dialogs: deps.dialogs,
      downloadFolder: () => settings.downloadFolder(),
    }),
    settings,
    admin: new AdminService(session),
    diagnostics: new DiagnosticsService(deps.rendererLog ?? (() => {}), () => session.secrets()),
  };

  return {
    services,
    events,
    session,
    auth,
    async close() {
      await deps.host.close();
      await deps.sandbox.stop();
      journal.close();
    },
  };
}

/** Returns the host configuration for a session and settings, or null when signed out. */
export function hostConfig(session: ActiveSession | null, settings: Settings): HostConfig | null {
  if (!session) return null;
  return {
    host: session.profile.host,
    apiKey: session.apiKey,
    concurrency: settings.concurrency,
    partSize: settings.partSize,
    bandwidthLimit: settings.bandwidthLimit,
    proxy: settings.proxy,
  };
}

// NOTE: each client gets its own dispatcher, which lives as long as the session; the engine
// sets of the transfer host use their own.
function createPlatformClient(host: string, apiKey: string, settings: Settings): PlatformClient {
  const dispatcher = createHttpAgent({ proxy: proxyOption(settings.proxy) });
  return new PlatformClient({ host, apiKey, dispatcher });
}
