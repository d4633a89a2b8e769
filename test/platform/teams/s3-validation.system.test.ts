import { randomBytes } from 'node:crypto';

import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';

import { parseStorageAddress } from '../../../platform/storage/address';
import { requireBucketAddress, type BucketAddress } from '../../../platform/storage/file-stores';
import { validateBucket } from '../../../platform/storage/validate';
import type { CephCluster } from '../../support/ceph/index';
import { useCephCluster } from '../../support/ceph/vitest';

// Bucket checks against Ceph RADOS Gateway, the S3 stand-in. Each test gets a new bucket, so
// the settings one test changes never reach another.

const cluster = useCephCluster();
let admin: S3Client;

function clientFor(ceph: CephCluster): S3Client {
  return new S3Client({
    endpoint: ceph.endpoint,
    region: ceph.region,
    credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
    forcePathStyle: true,
  });
}

function addressOf(bucket: string, secretKey = cluster().secretAccessKey): BucketAddress {
  const ceph = cluster();
  const host = new URL(ceph.endpoint).host;
  const credentials = `${encodeURIComponent(ceph.accessKeyId)}:${encodeURIComponent(secretKey)}`;
  const text = `s3://${credentials}@${host}/${bucket}?region=${ceph.region}&tls=false`;
  return requireBucketAddress(parseStorageAddress(text), 'a test bucket');
}

async function newBucket(): Promise<string> {
  const bucket = `checks-${randomBytes(4).toString('hex')}`;
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** Turns on versioning and the recommended CORS rule. */
async function configure(bucket: string): Promise<void> {
  await admin.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
  await admin.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedMethods: ['GET', 'HEAD', 'PUT'],
            AllowedOrigins: ['*'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
}

async function keysIn(bucket: string): Promise<string[]> {
  const listed = await admin.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

beforeAll(() => {
  admin = clientFor(cluster());
});

describe('S3 bucket validation on Ceph', () => {
  it('warns about versioning and CORS on a new bucket', async () => {
    const bucket = await newBucket();
    const result = await validateBucket(addressOf(bucket), { prefix: 'team-a' });

    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toBe(
      `Versioning is off on the bucket "${bucket}", so an overwritten or deleted file cannot be recovered: turn on versioning for the bucket.`,
    );
    expect(result.warnings[1]).toMatch(
      new RegExp(`^The bucket "${bucket}" has no CORS rule, so browsers cannot upload`),
    );
    expect(result.warningIssues.map((issue) => issue.code)).toEqual([
      'BUCKET_VERSIONING_OFF',
      'BUCKET_CORS_MISSING',
    ]);
    expect(result.warningIssues[0]?.params).toEqual([{ name: 'bucket', value: bucket }]);
    expect(result.warningIssues[1]?.params).toEqual([{ name: 'bucket', value: bucket }]);
  });

  it('warns about a CORS rule without HEAD and ETag', async () => {
    const bucket = await newBucket();
    await configure(bucket);
    await admin.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['*'] }],
        },
      }),
    );
    const result = await validateBucket(addressOf(bucket), { prefix: 'team-a' });

    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toContain('do not allow HEAD');
    expect(result.warnings[1]).toContain('do not expose the ETag header');
    expect(result.warningIssues.map((issue) => issue.code)).toEqual([
      'BUCKET_CORS_METHODS_MISSING',
      'BUCKET_CORS_ETAG_HIDDEN',
    ]);
    expect(result.warningIssues[0]?.params).toContainEqual({ name: 'methods', value: 'HEAD' });
  });

  it('passes a configured bucket without warnings', async () => {
    const bucket = await newBucket();
    await configure(bucket);
    const result = await validateBucket(addressOf(bucket), { prefix: 'team-a' });

    expect(result).toEqual({ errors: [], warnings: [], errorIssues: [], warningIssues: [] });
  });

  it('leaves no test object behind', async () => {
    const bucket = await newBucket();
    await configure(bucket);
    await validateBucket(addressOf(bucket), { prefix: 'team-a', kmsKeyId: cluster().kmsKeyId });

    expect(await keysIn(bucket)).toEqual([]);
  });

  it('blocks bad credentials', async () => {
    const bucket = await newBucket();
    const wrongSecret = randomBytes(30).toString('base64').replace(/[+/]/g, 'x');
    const result = await validateBucket(addressOf(bucket, wrongSecret), { prefix: 'team-a' });

    expect(result.warnings).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`Failed to write a test object to s3://`);
    expect(result.errors[0]).toContain('SignatureDoesNotMatch');
    expect(result.errors[0]).not.toContain(wrongSecret);
    expect(result.errorIssues[0]?.code).toBe('PROBE_WRITE_FAILED');
    expect(JSON.stringify(result.errorIssues)).not.toContain(wrongSecret);
  });

  it('blocks a missing bucket', async () => {
    const result = await validateBucket(addressOf('no-such-bucket-here'), { prefix: 'team-a' });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('no-such-bucket-here');
    expect(result.errors[0]).toContain('NoSuchBucket');
    expect(result.errorIssues[0]?.code).toBe('PROBE_WRITE_FAILED');
    expect(result.errorIssues[0]?.params[0]?.value).toContain('no-such-bucket-here');
  });

  it('accepts a usable KMS key', async () => {
    const bucket = await newBucket();
    await configure(bucket);
    const result = await validateBucket(addressOf(bucket), {
      prefix: 'team-a',
      kmsKeyId: cluster().kmsKeyId,
    });

    expect(result).toEqual({ errors: [], warnings: [], errorIssues: [], warningIssues: [] });
  });

  it('warns about an unknown KMS key', async () => {
    const bucket = await newBucket();
    await configure(bucket);
    const result = await validateBucket(addressOf(bucket), {
      prefix: 'team-a',
      kmsKeyId: 'no-such-key',
    });

    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^The KMS key no-such-key could not encrypt a test object/);
    expect(result.warningIssues[0]?.code).toBe('KMS_KEY_UNUSABLE');
    expect(result.warningIssues[0]?.params).toContainEqual({ name: 'key', value: 'no-such-key' });
    expect(result.warningIssues[0]?.params).toContainEqual({ name: 'bucket', value: bucket });
  });
});
