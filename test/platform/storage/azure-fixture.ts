// Shared setup for the Azure provider tests: one Azurite in a temporary folder per test file, and
// helpers that use minted URLs the way clients do, with plain HTTP requests that carry only the
// SAS, never the account key.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll } from 'vitest';

import { startAzurite, type AzuriteInstance } from '../../../platform/sandbox/azurite.ts';
import {
  createAzureProvider,
  type AzureProviderOptions,
  type AzureStorageProvider,
} from '../../../platform/storage/azure.ts';
import { uploaderExpecting } from '../../support/presigned-requests.ts';

export const CONTAINER = 'provider-test';
export const PREFIX = 'team/project';

export interface AzureFixture {
  azurite: AzuriteInstance;
  /** Provider on CONTAINER with PREFIX and one-hour URL lifetimes. */
  provider: AzureStorageProvider;
  makeProvider(overrides?: Partial<AzureProviderOptions>): AzureStorageProvider;
}

/** Starts Azurite before the file's tests and stops it after them. */
export function useAzurite(): AzureFixture {
  const fixture = {} as AzureFixture;
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'azure-provider-test-'));
    fixture.azurite = await startAzurite({ dir: dataDir });
    fixture.makeProvider = (overrides = {}) =>
      createAzureProvider({
        account: fixture.azurite.account,
        accountKey: fixture.azurite.accountKey,
        container: CONTAINER,
        endpoint: fixture.azurite.endpoint,
        prefix: PREFIX,
        lifetimes: { uploadSeconds: 3600, downloadSeconds: 3600 },
        ...overrides,
      });
    fixture.provider = fixture.makeProvider();
    await fixture.provider.ensureContainer();
  });

  afterAll(async () => {
    await fixture.azurite?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  return fixture;
}

export {
  USER,
  downloadFile,
  errorCodeOf,
  headersOf,
  md5Base64,
  putThrough,
} from '../../support/presigned-requests.ts';

/** Puts `body` at `objectPath` through a freshly minted upload URL, with its MD5. */
export const uploadFile = uploaderExpecting(201);
