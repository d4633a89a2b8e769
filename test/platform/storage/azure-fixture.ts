// Shared setup for the Azure provider tests: one Azurite in a temporary folder per test file, and
// helpers that use minted URLs the way clients do, with plain HTTP requests that carry only the
// SAS, never the account key.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect } from 'vitest';

import { startAzurite, type AzuriteInstance } from '../../../platform/sandbox/azurite.ts';
import {
  createAzureProvider,
  type AzureProviderOptions,
  type AzureStorageProvider,
} from '../../../platform/storage/azure.ts';
import type { SignedUpload } from '../../../platform/storage/provider.ts';

export const CONTAINER = 'provider-test';
export const PREFIX = 'team/project';
export const USER = { username: 'alice' };

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

export function md5Base64(body: Uint8Array): string {
  return createHash('md5').update(body).digest('base64');
}

/** Turns W&B `"Key:Value"` header strings into a fetch header object. */
export function headersOf(upload: SignedUpload): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of upload.headers) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return headers;
}

/** Sends a single PUT through an upload URL with the headers it came with. */
export function putThrough(upload: SignedUpload, body: Uint8Array): Promise<Response> {
  return fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
}

/** Puts `body` at `blobPath` through a freshly minted upload URL, with its MD5. */
export async function uploadFile(
  provider: AzureStorageProvider,
  blobPath: string,
  body: Uint8Array,
): Promise<void> {
  const upload = await provider.signUpload(blobPath, { md5Base64: md5Base64(body) }, USER);
  const response = await putThrough(upload, body);
  expect(response.status, `PUT ${blobPath}`).toBe(201);
}

/** Reads `blobPath` through a freshly minted download URL. */
export async function downloadFile(
  provider: AzureStorageProvider,
  blobPath: string,
): Promise<Buffer> {
  const { url } = await provider.signDownload(blobPath, USER);
  const response = await fetch(url);
  expect(response.status, `GET ${blobPath}`).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}
