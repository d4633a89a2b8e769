import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pino from 'pino';

import { addTeamMember, createTeam } from '../../platform/accounts/teams';
import { createApiKey, createUser } from '../../platform/accounts/users';
import { startAzurite, type AzuriteInstance } from '../../platform/sandbox/azurite';
import type { AzureStorageAddress, StorageAddress } from '../../platform/storage/address';
import { createAzureProvider } from '../../platform/storage/azure';
import { DEFAULT_URL_LIFETIMES, type UrlLifetimes } from '../../platform/storage/provider';
import { startPlatform, type RunningPlatform } from '../../platform/server/start';
import { GraphqlClient } from './graphql-client';

export interface TestPlatform {
  url: string;
  /** Folder of the platform's own files (the database); the bucket lives elsewhere. */
  dataDir: string;
  /** The SQLite database file, for running CLI commands against the same data. */
  dbPath: string;
  /** The audit log the platform appends to, beside the database. */
  auditLogPath: string;
  platform: RunningPlatform;
  azurite: AzuriteInstance;
  container: string;
  /** A client signed in as `user`, creating the user and a key on first use. */
  clientFor(user: string, options?: { admin?: boolean }): Promise<GraphqlClient>;
  createTeam(name: string, members: string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface TestPlatformOptions {
  lifetimes?: Partial<UrlLifetimes>;
  /** Instance-level bucket to use instead of the Azurite container (Azurite still starts). */
  instanceBucket?: StorageAddress;
  /** `--allow-ip` ranges. */
  allowIp?: string[];
  /** `--admin-allow-ip` ranges. */
  adminAllowIp?: string[];
}

/**
 * Starts Azurite and a platform whose instance-level bucket is an Azurite container (or
 * `options.instanceBucket`), each in its own temporary folder, listening on free 127.0.0.1
 * ports.
 */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const root = mkdtempSync(join(tmpdir(), 'byob-platform-test-'));
  const dataDir = join(root, 'platform');
  const azurite = await startAzurite({ dir: join(root, 'azurite') });
  const container = 'test-bucket';
  const lifetimes = { ...DEFAULT_URL_LIFETIMES, ...options.lifetimes };

  const bucket: AzureStorageAddress = {
    provider: 'azure',
    accountName: azurite.account,
    accountKey: azurite.accountKey,
    container,
    path: '',
    endpoint: azurite.endpoint,
  };
  await createAzureProvider({
    account: azurite.account,
    accountKey: azurite.accountKey,
    container,
    endpoint: azurite.endpoint,
    lifetimes,
  }).ensureContainer();

  const dbPath = join(dataDir, 'platform.sqlite');
  const platform = await startPlatform({
    dbPath,
    host: '127.0.0.1',
    port: 0,
    instanceBucket: options.instanceBucket ?? bucket,
    lifetimes,
    log: pino({ level: process.env.BYOB_TEST_LOG_LEVEL ?? 'silent' }),
    allowIp: options.allowIp,
    adminAllowIp: options.adminAllowIp,
  });
  const keys = new Map<string, string>();

  return {
    url: platform.url,
    dataDir,
    dbPath,
    auditLogPath: platform.auditLogPath!,
    platform,
    azurite,
    container,
    async clientFor(user, clientOptions = {}) {
      let key = keys.get(user);
      if (!key) {
        await createUser(platform.db, { username: user, admin: clientOptions.admin });
        key = (await createApiKey(platform.db, user)).key;
        keys.set(user, key);
      }
      return new GraphqlClient(platform.url, key);
    },
    async createTeam(name, members) {
      await createTeam(platform.db, { name });
      for (const member of members) await addTeamMember(platform.db, name, member);
    },
    async stop() {
      await platform.close();
      await azurite.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
