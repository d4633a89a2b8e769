import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import pino from 'pino';

import { createApiKey, createUser } from '../../../platform/accounts/users';
import { startAzurite, type AzuriteInstance } from '../../../platform/sandbox/azurite';
import type { AzureStorageAddress } from '../../../platform/storage/address';
import { createAzureProvider } from '../../../platform/storage/azure';
import type { Deployment } from '../../../platform/storage/deployment';
import { parseFileStores } from '../../../platform/storage/file-stores';
import { DEFAULT_URL_LIFETIMES } from '../../../platform/storage/provider';
import { startPlatform, type RunningPlatform } from '../../../platform/server/start';
import { GraphqlClient } from '../../support/graphql-client';

// A platform on Azurite with an instance-level container and further containers configured
// as file stores, for the team storage tests.

export const INSTANCE_CONTAINER = 'instance-bucket';

export interface TeamsPlatform {
  url: string;
  dbPath: string;
  platform: RunningPlatform;
  azurite: AzuriteInstance;
  /** The az:// address of a container, with the Azurite account key. */
  addressOf(container: string): string;
  /** Names of the blobs in a container, sorted. */
  listBlobs(container: string): Promise<string[]>;
  /** A client signed in as `user`, creating the user and a key on first use. */
  clientFor(user: string, options?: { admin?: boolean }): Promise<GraphqlClient>;
  stop(): Promise<void>;
}

export interface TeamsPlatformOptions {
  /** Containers to create and list in --file-stores. */
  fileStores: string[];
  /** Containers to list in --file-stores without creating them, so the bucket checks fail. */
  uncreatedStores?: string[];
  deployment?: Deployment;
  /** Default true, except on SaaS, which has no instance-level bucket. */
  instanceBucket?: boolean;
}

export async function startTeamsPlatform(options: TeamsPlatformOptions): Promise<TeamsPlatform> {
  const root = mkdtempSync(join(tmpdir(), 'byob-teams-test-'));
  const dbPath = join(root, 'platform', 'platform.sqlite');
  const azurite = await startAzurite({ dir: join(root, 'azurite') });
  const hasInstanceBucket = options.instanceBucket ?? options.deployment !== 'saas';

  const containers = [INSTANCE_CONTAINER, ...options.fileStores];
  const stores = [...options.fileStores, ...(options.uncreatedStores ?? [])];
  for (const container of containers) {
    await createAzureProvider({
      account: azurite.account,
      accountKey: azurite.accountKey,
      container,
      endpoint: azurite.endpoint,
      lifetimes: DEFAULT_URL_LIFETIMES,
    }).ensureContainer();
  }

  const addressOf = (container: string) =>
    `az://:${encodeURIComponent(azurite.accountKey)}@${azurite.account}/${container}?endpoint=${encodeURIComponent(azurite.endpoint)}`;
  const instanceBucket: AzureStorageAddress = {
    provider: 'azure',
    accountName: azurite.account,
    accountKey: azurite.accountKey,
    container: INSTANCE_CONTAINER,
    path: '',
    endpoint: azurite.endpoint,
  };

  let platform: RunningPlatform;
  try {
    platform = await startPlatform({
      dbPath,
      host: '127.0.0.1',
      port: 0,
      instanceBucket: hasInstanceBucket ? instanceBucket : null,
      lifetimes: DEFAULT_URL_LIFETIMES,
      log: pino({ level: process.env.BYOB_TEST_LOG_LEVEL ?? 'silent' }),
      deployment: options.deployment,
      fileStores: parseFileStores(stores.map(addressOf).join(',')),
    });
  } catch (error) {
    await azurite.stop();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const credential = new StorageSharedKeyCredential(azurite.account, azurite.accountKey);
  const keys = new Map<string, string>();

  return {
    url: platform.url,
    dbPath,
    platform,
    azurite,
    addressOf,
    async listBlobs(container) {
      const client = new ContainerClient(`${azurite.endpoint}/${container}`, credential);
      const names: string[] = [];
      for await (const blob of client.listBlobsFlat()) names.push(blob.name);
      return names.sort();
    },
    async clientFor(user, clientOptions = {}) {
      let key = keys.get(user);
      if (!key) {
        await createUser(platform.db, { username: user, admin: clientOptions.admin });
        key = (await createApiKey(platform.db, user)).key;
        keys.set(user, key);
      }
      return new GraphqlClient(platform.url, key);
    },
    async stop() {
      await platform.close();
      await azurite.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The createTeam mutation as the desktop app's admin screen sends it. */
export const createTeamMutation = /* GraphQL */ `
  mutation CreateTeam($input: CreateTeamInput!) {
    createTeam(input: $input) {
      team {
        id
        name
        storageBucketInfo {
          provider
          name
          path
          level
          kmsKeyID
          azureTenantID
          azureClientID
        }
      }
      warnings
      errors
      warningIssues {
        code
        message
        params {
          name
          value
        }
      }
      errorIssues {
        code
        message
        params {
          name
          value
        }
      }
    }
  }
`;

export interface IssueData {
  code: string;
  message: string;
  params: { name: string; value: string }[];
}

export interface CreateTeamData {
  createTeam: {
    team: {
      id: string;
      name: string;
      storageBucketInfo: {
        provider: string;
        name: string;
        path: string | null;
        level: string;
        kmsKeyID: string | null;
        azureTenantID: string | null;
        azureClientID: string | null;
      } | null;
    } | null;
    warnings: string[];
    errors: string[];
    warningIssues: IssueData[];
    errorIssues: IssueData[];
  } | null;
}
