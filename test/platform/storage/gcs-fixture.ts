// Shared setup for the GCS provider tests: one GCS double per test file, and helpers that use
// minted URLs the way clients do, with plain fetch requests that carry only the signed URL.
import { createHash } from 'node:crypto';

import { afterAll, beforeAll, expect } from 'vitest';

import {
  createGcsProvider,
  type GcsProviderOptions,
  type GcsStorageProvider,
} from '../../../platform/storage/gcs.ts';
import type { SignedUpload } from '../../../platform/storage/provider.ts';
import { startGcsDouble, type GcsDouble } from '../../support/gcs/index.ts';

// Signing is offline; this keeps google-auth-library from probing the GCE metadata server if a
// code path ever asked it for credentials.
process.env.METADATA_SERVER_DETECTION ??= 'none';

export const BUCKET = 'provider-test';
export const PREFIX = 'team/project';
export const USER = { username: 'alice' };

export interface GcsFixture {
  gcs: GcsDouble;
  /** Provider on BUCKET with PREFIX and one-hour URL lifetimes. */
  provider: GcsStorageProvider;
  makeProvider(overrides?: Partial<GcsProviderOptions>): GcsStorageProvider;
}

/** Starts the GCS double before the file's tests and stops it after them. */
export function useGcsDouble(): GcsFixture {
  const fixture = {} as GcsFixture;

  beforeAll(async () => {
    fixture.gcs = await startGcsDouble();
    fixture.gcs.createBucket(BUCKET);
    // A second service account plays the platform's own key.
    const platformAccount = fixture.gcs.createServiceAccount();
    fixture.makeProvider = (overrides = {}) =>
      createGcsProvider({
        endpoint: fixture.gcs.endpoint,
        clientEmail: platformAccount.client_email,
        privateKey: platformAccount.private_key,
        bucket: BUCKET,
        prefix: PREFIX,
        lifetimes: { uploadSeconds: 3600, downloadSeconds: 3600 },
        ...overrides,
      });
    fixture.provider = fixture.makeProvider();
  });

  afterAll(async () => {
    await fixture.gcs?.stop();
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

/** Puts `body` at `objectPath` through a freshly minted upload URL, with its MD5. */
export async function uploadFile(
  provider: GcsStorageProvider,
  objectPath: string,
  body: Uint8Array,
): Promise<void> {
  const upload = await provider.signUpload(objectPath, { md5Base64: md5Base64(body) }, USER);
  const response = await putThrough(upload, body);
  expect(response.status, `PUT ${objectPath}: ${await response.text()}`).toBe(200);
}

/** Reads `objectPath` through a freshly minted download URL. */
export async function downloadFile(
  provider: GcsStorageProvider,
  objectPath: string,
): Promise<Buffer> {
  const { url } = await provider.signDownload(objectPath, USER);
  const response = await fetch(url);
  expect(response.status, `GET ${objectPath}`).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Returns the `<Code>` of an XML error body. */
export async function errorCodeOf(response: Response): Promise<string | undefined> {
  const body = await response.text();
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}
