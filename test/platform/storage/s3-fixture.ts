// Shared setup for the S3 provider tests: one Ceph RADOS Gateway per test file and a bucket
// made with the SDK. The helpers use minted URLs the way clients do: plain HTTP requests that
// carry only the URL and its listed headers, never the access key.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect } from 'vitest';

import type { StorageProvider } from '../../../platform/storage/provider.ts';
import {
  createS3Provider,
  type S3ProviderOptions,
  type S3StorageProvider,
} from '../../../platform/storage/s3.ts';
import type { CephCluster } from '../../support/ceph/index.ts';
import { useCephCluster } from '../../support/ceph/vitest.ts';
import { USER, uploaderExpecting } from '../../support/presigned-requests.ts';

export const BUCKET = 'byob-s3-provider-test';
export const PREFIX = 'team/project';

export interface S3Fixture {
  cluster: CephCluster;
  /** SDK client with the cluster's keys, for bucket set-up and checks the provider lacks. */
  sdk: S3Client;
  /** Provider on BUCKET with PREFIX and one-hour URL lifetimes. */
  provider: S3StorageProvider;
  makeProvider(overrides?: Partial<S3ProviderOptions>): S3StorageProvider;
}

/** Starts Ceph before the file's tests (and stops it after them), then creates BUCKET. */
export function useS3Bucket(): S3Fixture {
  const cluster = useCephCluster();
  const fixture = {} as S3Fixture;

  beforeAll(async () => {
    const ceph = cluster();
    fixture.cluster = ceph;
    // Explicit endpoint, region and keys: the SDK never looks at AWS or instance metadata.
    fixture.sdk = new S3Client({
      endpoint: ceph.endpoint,
      region: ceph.region,
      forcePathStyle: true,
      credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await fixture.sdk.send(new CreateBucketCommand({ Bucket: BUCKET }));

    fixture.makeProvider = (overrides = {}) =>
      createS3Provider({
        endpoint: ceph.endpoint,
        region: ceph.region,
        accessKeyId: ceph.accessKeyId,
        secretAccessKey: ceph.secretAccessKey,
        bucket: BUCKET,
        forcePathStyle: true,
        prefix: PREFIX,
        lifetimes: { uploadSeconds: 3600, downloadSeconds: 3600 },
        ...overrides,
      });
    fixture.provider = fixture.makeProvider();
  });
  afterAll(() => {
    fixture.sdk?.destroy();
  });

  return fixture;
}

/**
 * Uploads `parts` through the part URLs of a new multipart upload at `objectPath` and returns
 * the upload id and the ETags the part PUTs returned.
 */
export async function uploadParts(
  provider: StorageProvider,
  objectPath: string,
  parts: Buffer[],
): Promise<{ uploadId: string; etags: string[] }> {
  const uploadId = await provider.createMultipartUpload(objectPath, USER);
  const numbers = parts.map((_, index) => index + 1);
  const signed = await provider.signUploadParts(objectPath, uploadId, numbers, USER);
  expect(signed.parts.map((part) => part.partNumber)).toEqual(numbers);

  const etags: string[] = [];
  for (const [index, part] of parts.entries()) {
    const response = await fetch(signed.parts[index]!.url, { method: 'PUT', body: part });
    expect(response.status, `part ${index + 1} of ${objectPath}`).toBe(200);
    const etag = response.headers.get('etag');
    expect(etag, `ETag of part ${index + 1}`).toBeTruthy();
    etags.push(etag!);
  }
  return { uploadId, etags };
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
