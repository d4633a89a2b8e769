// The platform connection of a command: credentials, the shared HTTP dispatcher (proxy from
// HTTPS_PROXY/NO_PROXY, extra CA bundle from --ca-file or BYOB_CA_FILE) and the signed-in
// platform client.

import { accessSync, constants } from 'node:fs';

import type { Dispatcher } from 'undici';

import { createHttpAgent } from '../electron/engine/http/index';
import { PlatformClient } from '../electron/platform-client/index';
import { resolveCredentials, type CredentialFlags, type Credentials } from './credentials/resolve';
import { usageError } from './errors';

/** Options every command that reaches the platform accepts. */
export interface ConnectionFlags extends CredentialFlags {
  caFile?: string;
}

export interface Connection {
  credentials: Credentials;
  dispatcher: Dispatcher;
  client: PlatformClient;
  close(): Promise<void>;
}

/** The User-Agent of every request, so platform logs tell the CLI from the desktop app. */
const USER_AGENT = `byob-cli (${process.platform} ${process.arch}; node ${process.versions.node})`;

/** Builds the dispatcher every request of the command shares. */
export function createDispatcher(flags: ConnectionFlags, env = process.env): Dispatcher {
  const caFile = flags.caFile ?? (env.BYOB_CA_FILE || undefined);
  if (caFile !== undefined) {
    try {
      accessSync(caFile, constants.R_OK);
    } catch (error) {
      const origin = flags.caFile !== undefined ? '--ca-file' : 'BYOB_CA_FILE';
      throw usageError(
        `Cannot read the CA bundle ${caFile} from ${origin} (${(error as NodeJS.ErrnoException).code}): pass a readable PEM file.`,
      );
    }
  }
  return createHttpAgent({ proxy: 'env', ...(caFile === undefined ? {} : { caFile }) });
}

/**
 * Resolves credentials and opens a client. `hostOverride` pins the platform, for commands on
 * a journaled transfer that must reach the platform the transfer started on.
 */
export function connect(flags: ConnectionFlags, hostOverride?: string): Connection {
  const credentials = resolveCredentials(flags, process.env, hostOverride);
  const dispatcher = createDispatcher(flags);
  const client = new PlatformClient({
    host: credentials.host,
    apiKey: credentials.apiKey,
    dispatcher,
    userAgent: USER_AGENT,
  });
  return { credentials, dispatcher, client, close: () => dispatcher.close() };
}
