// The platform and API key a command uses. The host comes from --host, else WANDB_BASE_URL,
// else the default `byob login --host` saved, else W&B's cloud. The key comes from --key, else
// WANDB_API_KEY, else the netrc entry for the host, as W&B's SDK looks for them. A missing key
// is an error that asks the user to run `byob login`.

import { parsePlatformHost } from '../../electron/platform-client/endpoint';
import { failure, usageError } from '../errors';
import { machineFor, NetrcError, netrcPath, readNetrcPassword } from './netrc';
import { readSettings, settingsPath } from './settings';

/** W&B's cloud, the default of W&B's SDK. */
export const DEFAULT_HOST = 'https://api.wandb.ai';

export interface CredentialFlags {
  host?: string;
  key?: string;
}

export type CredentialSource = 'flag' | 'environment' | 'netrc';

export interface Credentials {
  /** Platform URL without a trailing slash. */
  host: string;
  apiKey: string;
  /** Source of the key, for messages that must not show the key itself. */
  source: CredentialSource;
}

/** Returns the platform URL to use, checked and without a trailing slash. */
export function resolveHost(flags: CredentialFlags, env: NodeJS.ProcessEnv = process.env): string {
  const chosen =
    flags.host ??
    (env.WANDB_BASE_URL || undefined) ??
    readSettings(settingsPath({ env })).host ??
    DEFAULT_HOST;
  return checkHost(
    chosen,
    flags.host !== undefined
      ? '--host'
      : env.WANDB_BASE_URL
        ? 'WANDB_BASE_URL'
        : 'the saved default host',
  );
}

/** Checks a platform URL and returns it without a trailing slash; `origin` names where it came from. */
export function checkHost(host: string, origin = '--host'): string {
  try {
    return parsePlatformHost(host).host;
  } catch (error) {
    throw usageError(`${(error as Error).message.replace(/\.$/, '')} (from ${origin}).`);
  }
}

/**
 * Returns the host and API key for a command. `hostOverride` replaces the host lookup, for
 * commands on a journaled transfer, which must talk to the platform that transfer started on.
 */
export function resolveCredentials(
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv = process.env,
  hostOverride?: string,
): Credentials {
  const host = hostOverride ?? resolveHost(flags, env);

  if (flags.key !== undefined)
    return { host, apiKey: checkKey(flags.key, '--key'), source: 'flag' };
  if (env.WANDB_API_KEY) {
    return { host, apiKey: checkKey(env.WANDB_API_KEY, 'WANDB_API_KEY'), source: 'environment' };
  }

  const file = netrcPath(env);
  let password: string | undefined;
  try {
    password = readNetrcPassword(file, machineFor(host));
  } catch (error) {
    if (!(error instanceof NetrcError)) throw error;
    throw failure(
      `Invalid netrc file ${file}: ${error.message}. Fix the file, or run byob login --host ${host} to write a new entry.`,
    );
  }
  if (password) return { host, apiKey: password, source: 'netrc' };

  throw failure(
    `No API key for ${host}: none was given with --key or WANDB_API_KEY, and ${file} has no entry for machine ${machineFor(host)}. Run byob login --host ${host}.`,
  );
}

/**
 * Checks the shape of an API key without ever printing it: one token of printable characters.
 * W&B's keys are 40 or more characters, but self-managed servers may issue others.
 */
export function checkKey(key: string, origin: string): string {
  const trimmed = key.trim();
  if (trimmed === '' || /[\s\p{Cc}]/u.test(trimmed)) {
    throw usageError(
      `Invalid API key from ${origin}: it is empty or contains spaces or control characters. Copy the key again from your platform's user settings.`,
    );
  }
  return trimmed;
}
