// Checks of an S3 bucket's settings that the platform cannot fix itself: versioning, CORS,
// default encryption, and whether the team's KMS key can encrypt. Each finding is a warning,
// because uploads work without these settings. The caller has already proved that the
// credentials can write, read and delete.
import { randomUUID } from 'node:crypto';

import {
  DeleteObjectCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

import type { S3StorageAddress } from './address';
import { corsWarnings } from './validate-cors';
import { validationIssue, type ValidationIssue } from './validation-issue';

export interface S3CheckOptions {
  /** Folder for the KMS test object, such as the team's storage path. */
  prefix: string;
  kmsKeyId?: string;
  /** Deadline of each request, in milliseconds. */
  timeoutMs: number;
}

/** Error codes of servers that do not implement a bucket setting (Ceph, MinIO, older gateways). */
const NOT_IMPLEMENTED = new Set(['NotImplemented', 'MethodNotAllowed']);

/**
 * Builds a client that uses only the address's endpoint, region and keys, so the SDK never
 * looks for credentials or a region elsewhere (environment, profiles, instance metadata).
 */
function clientFor(address: S3StorageAddress, timeoutMs: number): S3Client {
  return new S3Client({
    endpoint: address.endpoint,
    region: address.region,
    forcePathStyle: address.forcePathStyle,
    credentials: { accessKeyId: address.accessKeyId, secretAccessKey: address.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    defaultsMode: 'legacy',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
}

/** Returns the S3 error code and HTTP status of a failed request, without its message. */
function describeFailure(error: unknown): { code: string; text: string } {
  const failure = error as {
    name?: string;
    Code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = failure.Code ?? failure.name ?? 'unknown error';
  const status = failure.$metadata?.httpStatusCode;
  return { code, text: status === undefined ? code : `${code}, HTTP ${status}` };
}

/** Reads versioning, CORS and default encryption, and tries the KMS key; returns warnings. */
export async function checkS3Bucket(
  address: S3StorageAddress,
  options: S3CheckOptions,
): Promise<ValidationIssue[]> {
  const client = clientFor(address, options.timeoutMs);
  const send = { timeoutMs: options.timeoutMs };
  const subject = `bucket "${address.bucket}"`;
  const warnings: ValidationIssue[] = [];

  try {
    warnings.push(...(await checkVersioning(client, address.bucket, subject, send)));
    warnings.push(...(await checkCors(client, address.bucket, subject, send)));
    warnings.push(...(await checkEncryption(client, address.bucket, subject, options, send)));
    if (options.kmsKeyId) {
      warnings.push(...(await checkKmsKey(client, address, options.kmsKeyId, options)));
    }
  } finally {
    client.destroy();
  }
  return warnings;
}

type SendOptions = { timeoutMs: number };

/** Returns the per-request options of client.send: a fresh deadline for each request. */
function deadline(send: SendOptions): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(send.timeoutMs) };
}

async function checkVersioning(
  client: S3Client,
  bucket: string,
  subject: string,
  send: SendOptions,
): Promise<ValidationIssue[]> {
  try {
    const versioning = await client.send(
      new GetBucketVersioningCommand({ Bucket: bucket }),
      deadline(send),
    );
    if (versioning.Status === 'Enabled') return [];
    const suspended = versioning.Status === 'Suspended';
    return [
      validationIssue(
        suspended ? 'BUCKET_VERSIONING_SUSPENDED' : 'BUCKET_VERSIONING_OFF',
        `Versioning is ${suspended ? 'suspended' : 'off'} on the ${subject}, so an overwritten or deleted file cannot be recovered: turn on versioning for the bucket.`,
        { bucket },
      ),
    ];
  } catch (error) {
    const { text } = describeFailure(error);
    return [
      validationIssue(
        'BUCKET_VERSIONING_UNREADABLE',
        `Failed to read the versioning setting of the ${subject} (${text}): allow s3:GetBucketVersioning for these credentials, or check the setting in the bucket's console.`,
        { bucket, status: text },
      ),
    ];
  }
}

async function checkCors(
  client: S3Client,
  bucket: string,
  subject: string,
  send: SendOptions,
): Promise<ValidationIssue[]> {
  try {
    const cors = await client.send(new GetBucketCorsCommand({ Bucket: bucket }), deadline(send));
    const rules = (cors.CORSRules ?? []).map((rule) => ({
      methods: rule.AllowedMethods ?? [],
      exposedHeaders: rule.ExposeHeaders ?? [],
    }));
    return corsWarnings({ kind: 'bucket', name: bucket }, rules);
  } catch (error) {
    const { code, text } = describeFailure(error);
    if (code === 'NoSuchCORSConfiguration')
      return corsWarnings({ kind: 'bucket', name: bucket }, []);
    return [
      validationIssue(
        'BUCKET_CORS_UNREADABLE',
        `Failed to read the CORS rules of the ${subject} (${text}): allow s3:GetBucketCORS for these credentials, or check the rules in the bucket's console.`,
        { bucket, status: text },
      ),
    ];
  }
}

/**
 * Reads the default encryption. Only a default KMS key that differs from the team's key is
 * worth a warning: objects from W&B clients name the team's key, other writers get the default.
 */
async function checkEncryption(
  client: S3Client,
  bucket: string,
  subject: string,
  options: S3CheckOptions,
  send: SendOptions,
): Promise<ValidationIssue[]> {
  try {
    const encryption = await client.send(
      new GetBucketEncryptionCommand({ Bucket: bucket }),
      deadline(send),
    );
    const rules = encryption.ServerSideEncryptionConfiguration?.Rules ?? [];
    const defaults = rules[0]?.ApplyServerSideEncryptionByDefault;
    const defaultKey = defaults?.KMSMasterKeyID;
    const usesKms = defaults?.SSEAlgorithm?.startsWith('aws:kms') === true;

    if (options.kmsKeyId && usesKms && defaultKey && defaultKey !== options.kmsKeyId) {
      return [
        validationIssue(
          'ENCRYPTION_KEY_DIFFERS',
          `The ${subject} encrypts by default with the KMS key ${defaultKey}, but the team uses ${options.kmsKeyId}: files from W&B clients use the team's key, other writers the default, so make them the same key if one key is required.`,
          { bucket, defaultKey, teamKey: options.kmsKeyId },
        ),
      ];
    }
    return [];
  } catch (error) {
    const { code, text } = describeFailure(error);
    // No default encryption is no problem: AWS S3 encrypts every new object with SSE-S3 since
    // 5 January 2023 (Amazon S3 User Guide, "Using server-side encryption with Amazon S3
    // managed keys"), and S3-compatible servers may not offer encryption at all.
    if (code === 'ServerSideEncryptionConfigurationNotFoundError' || NOT_IMPLEMENTED.has(code)) {
      return [];
    }
    return [
      validationIssue(
        'BUCKET_ENCRYPTION_UNREADABLE',
        `Failed to read the default encryption of the ${subject} (${text}): allow s3:GetEncryptionConfiguration for these credentials, or check the setting in the bucket's console.`,
        { bucket, status: text },
      ),
    ];
  }
}

/** Writes, checks and deletes a small object encrypted with SSE-KMS under the team's key. */
async function checkKmsKey(
  client: S3Client,
  address: S3StorageAddress,
  kmsKeyId: string,
  options: S3CheckOptions,
): Promise<ValidationIssue[]> {
  const key = [address.path, options.prefix, `.byob-kms-check-${randomUUID()}`]
    .filter((part) => part !== '')
    .join('/');
  const subject = `bucket "${address.bucket}"`;

  try {
    await client.send(
      new PutObjectCommand({
        Bucket: address.bucket,
        Key: key,
        Body: Buffer.from('byob kms check\n'),
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: kmsKeyId,
      }),
      deadline(options),
    );
  } catch (error) {
    const { text } = describeFailure(error);
    return [
      validationIssue(
        'KMS_KEY_UNUSABLE',
        `The KMS key ${kmsKeyId} could not encrypt a test object in the ${subject} (${text}): check that the key exists in region ${address.region} and that these credentials may use it (kms:GenerateDataKey and kms:Decrypt), or uploads with it will fail.`,
        { key: kmsKeyId, bucket: address.bucket, region: address.region, status: text },
      ),
    ];
  }

  const warnings = await checkKmsObject(client, address.bucket, key, kmsKeyId, options);
  try {
    await client.send(
      new DeleteObjectCommand({ Bucket: address.bucket, Key: key }),
      deadline(options),
    );
  } catch (error) {
    const { text } = describeFailure(error);
    warnings.push(
      validationIssue(
        'KMS_TEST_OBJECT_NOT_DELETED',
        `Failed to delete the test object "${key}" from the ${subject} (${text}): delete it by hand.`,
        { object: key, bucket: address.bucket, status: text },
      ),
    );
  }
  return warnings;
}

/** Checks that the server reports SSE-KMS on the object written with the team's key. */
async function checkKmsObject(
  client: S3Client,
  bucket: string,
  key: string,
  kmsKeyId: string,
  options: S3CheckOptions,
): Promise<ValidationIssue[]> {
  const subject = `bucket "${bucket}"`;
  try {
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key }),
      deadline(options),
    );
    if (head.ServerSideEncryption?.startsWith('aws:kms') !== true) {
      return [
        validationIssue(
          'KMS_NOT_APPLIED',
          `The ${subject} stored a test object without SSE-KMS although the request named the KMS key ${kmsKeyId}: check that the server supports SSE-KMS.`,
          { bucket, key: kmsKeyId },
        ),
      ];
    }
    return [];
  } catch (error) {
    const { text } = describeFailure(error);
    return [
      validationIssue(
        'KMS_TEST_OBJECT_UNREADABLE',
        `Failed to read the metadata of a test object encrypted with the KMS key ${kmsKeyId} (${text}): allow s3:GetObject for these credentials.`,
        { key: kmsKeyId, status: text },
      ),
    ];
  }
}
