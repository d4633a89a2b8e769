import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Logger } from 'pino';

import { addTeamMember, createTeam } from '../accounts/teams';
import { createApiKey, createUser } from '../accounts/users';
import { openDatabase } from '../db/open';
import { createAzureProvider } from '../storage/azure';
import type { AzureStorageAddress } from '../storage/address';
import { DEFAULT_URL_LIFETIMES, type UrlLifetimes } from '../storage/provider';
import { startPlatform, type RunningPlatform } from '../server/start';
import { startAzurite, type AzuriteInstance } from './azurite';
import { isPortFree, readSavedAzuritePort, saveAzuritePort } from './sandbox-state';

export const SANDBOX_USER = 'admin';
export const SANDBOX_TEAM = 'demo';
const CONTAINER = 'byob-sandbox';

export interface SandboxOptions {
  dir: string;
  port: number;
  lifetimes?: UrlLifetimes;
  log: Logger;
}

export interface RunningSandbox {
  url: string;
  apiKey: string;
  dir: string;
  platform: RunningPlatform;
  azurite: AzuriteInstance;
  firstRun: boolean;
  /** Set when the Azurite port saved by the previous start was taken and a new one was used. */
  azuritePortChange: { from: number; to: number } | null;
  stop(): Promise<void>;
}

/**
 * The sandbox keeps its admin key in a 0600 file inside its folder so that a restart can
 * show it again. That is a convenience for a local trial; a real server stores keys only
 * as hashes.
 */
function keyFile(dir: string): string {
  return join(dir, 'admin-api-key');
}

/**
 * Starts the embedded default: Azurite as the instance-level bucket and a SQLite
 * database, both under `dir`. The first run creates an admin user, a key and a demo team;
 * later runs reuse them.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dbPath = join(dir, 'platform.sqlite');
  const firstRun = !existsSync(keyFile(dir));

  const azurite = await startAzuriteOnSavedPort(dir);
  try {
    const bucket: AzureStorageAddress = {
      provider: 'azure',
      accountName: azurite.account,
      accountKey: azurite.accountKey,
      container: CONTAINER,
      path: '',
      endpoint: azurite.endpoint,
    };
    const lifetimes = options.lifetimes ?? DEFAULT_URL_LIFETIMES;
    await createAzureProvider({
      account: bucket.accountName,
      accountKey: bucket.accountKey,
      container: CONTAINER,
      endpoint: bucket.endpoint,
      lifetimes,
    }).ensureContainer();

    const apiKey = firstRun ? await seed(dbPath, dir) : readFileSync(keyFile(dir), 'utf8').trim();
    const platform = await startPlatform({
      dbPath,
      host: '127.0.0.1',
      port: options.port,
      instanceBucket: bucket,
      lifetimes,
      log: options.log,
    });

    return {
      url: platform.url,
      apiKey,
      dir,
      platform,
      azurite,
      firstRun,
      azuritePortChange: azurite.portChange,
      async stop() {
        await platform.close();
        await azurite.stop();
      },
    };
  } catch (error) {
    await azurite.stop();
    throw error;
  }
}

/**
 * Starts Azurite on the port saved by the previous start when that port is free, or on a new
 * one otherwise, and saves the port used for the next start.
 */
async function startAzuriteOnSavedPort(
  dir: string,
): Promise<AzuriteInstance & { portChange: { from: number; to: number } | null }> {
  const saved = readSavedAzuritePort(dir);
  const reuse = saved !== null && (await isPortFree(saved));
  const azuriteDir = join(dir, 'azurite');
  let azurite: AzuriteInstance;
  try {
    azurite = await startAzurite({ dir: azuriteDir, port: reuse ? saved : undefined });
  } catch (error) {
    // Another process may take the saved port between the check and Azurite's bind.
    if (!reuse) throw error;
    azurite = await startAzurite({ dir: azuriteDir });
  }
  saveAzuritePort(dir, azurite.port);
  const portChange =
    saved !== null && saved !== azurite.port ? { from: saved, to: azurite.port } : null;
  return Object.assign(azurite, { portChange });
}

async function seed(dbPath: string, dir: string): Promise<string> {
  const db = await openDatabase(dbPath);
  try {
    await createUser(db, { username: SANDBOX_USER, admin: true });
    await createTeam(db, { name: SANDBOX_TEAM });
    await addTeamMember(db, SANDBOX_TEAM, SANDBOX_USER, 'admin');
    const { key } = await createApiKey(db, SANDBOX_USER, 'sandbox admin key');
    writeFileSync(keyFile(dir), `${key}\n`, { mode: 0o600 });
    return key;
  } finally {
    await db.destroy();
  }
}
