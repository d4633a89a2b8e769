// Shared setup for the GCS provider tests: one GCS double per test file, and helpers that use
// minted URLs the way clients do, with plain fetch requests that carry only the signed URL.

import { afterAll, beforeAll } from 'vitest';

import {
  createGcsProvider,
  type GcsProviderOptions,
  type GcsStorageProvider,
} from '../../../platform/storage/gcs.ts';
import { startGcsDouble, type GcsDouble } from '../../support/gcs/index.ts';
import { uploaderExpecting } from '../../support/presigned-requests.ts';

// Signing is offline; this keeps google-auth-library from probing the GCE metadata server if a
// code path ever asked it for credentials.
process.env.METADATA_SERVER_DETECTION ??= 'none';

export const BUCKET = 'provider-test';
export const PREFIX = 'team/project';

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

export {
  USER,
  downloadFile,
  errorCodeOf,
  headersOf,
  md5Base64,
  putThrough,
} from '../../support/presigned-requests.ts';

/** Puts `body` at `objectPath` through a freshly minted upload URL, with its MD5. */
export const uploadFile = uploaderExpecting(200);
