// Amazon S3 provider, also for S3-compatible servers (Ceph RADOS Gateway, MinIO) and CoreWeave.
// Clients get SigV4 pre-signed URLs for one key each. The platform itself uses the bucket's
// access key only to read and write small objects and to start and finish multipart uploads.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';

import { readWithinLimit, requireByteLimit } from './small-object';
import type { ObjectInfo, StorageProvider, UrlLifetimes } from './provider.ts';
import { describeS3Failure, isS3NotFound } from './s3-errors.ts';
import {
  abortUpload,
  completeUpload,
  createUpload,
  listUploadedParts,
  signParts,
  type MultipartContext,
  type UploadedPart,
} from './s3-multipart.ts';
import { createS3Client, presignWithUser, type S3ClientSettings } from './s3-presign.ts';
import { assertMd5Base64, validateS3Options } from './s3-options.ts';

export type { UploadedPart } from './s3-multipart.ts';

export interface S3ProviderOptions extends S3ClientSettings {
  bucket: string;
  /** Folder inside the bucket that every path is relative to. */
  prefix?: string;
  /** AWS KMS key id or ARN: when set, every upload requests SSE-KMS with this key. */
  kmsKeyId?: string;
  lifetimes: UrlLifetimes;
  /** Source of "now" for the signing time of URLs. */
  clock?: () => Date;
}

export interface S3StorageProvider extends StorageProvider {
  readonly kind: 's3';
  /** Lists the parts an open multipart upload has stored, so an interrupted upload can resume. */
  listParts(path: string, uploadId: string): Promise<UploadedPart[]>;
}

// S3 limits a key to 1,024 bytes of UTF-8 (Amazon S3 User Guide, "Naming Amazon S3 objects").
const MAX_KEY_BYTES = 1024;
const PLAIN_MD5_ETAG = /^"?([0-9a-fA-F]{32})"?$/;

export function createS3Provider(options: S3ProviderOptions): S3StorageProvider {
  validateS3Options(options);

  const clock = options.clock ?? (() => new Date());
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const bucket = options.bucket;
  const client = createS3Client(options);

  // Both headers must reach S3 as headers, exactly as signed, so signUpload lists them.
  const encryption: MultipartContext['encryption'] = options.kmsKeyId
    ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: options.kmsKeyId }
    : {};
  const multipart: MultipartContext = {
    client,
    bucket,
    encryption,
    uploadSeconds: options.lifetimes.uploadSeconds,
    clock,
  };

  function keyOf(path: string): string {
    if (path === '') {
      throw new Error('Invalid object path "": the path must name a file inside the bucket.');
    }
    const key = prefix === '' ? path : `${prefix}/${path}`;
    const bytes = Buffer.byteLength(key, 'utf8');
    if (bytes > MAX_KEY_BYTES) {
      throw new Error(
        `Object key of ${bytes} bytes exceeds S3's limit of ${MAX_KEY_BYTES}: shorten the path "${path}".`,
      );
    }
    return key;
  }

  return {
    kind: 's3',
    bucket,
    supportsMultipart: true,

    async signUpload(path, uploadOptions, context) {
      const key = keyOf(path);
      const md5 = uploadOptions.md5Base64;
      if (md5 !== null) assertMd5Base64(md5);

      // A signed Content-MD5 makes S3 check the body against it (400 BadDigest on mismatch).
      // NOTE: contentType is not signed, so clients may send any Content-Type, and S3 stores it.
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentMD5: md5 ?? undefined,
        ...encryption,
      });
      const signed = await presignWithUser(client, command, {
        username: context.username,
        lifetimeSeconds: options.lifetimes.uploadSeconds,
        now: clock(),
      });

      const headers: string[] = [];
      if (md5 !== null) headers.push(`Content-MD5:${md5}`);
      if (options.kmsKeyId) {
        headers.push('x-amz-server-side-encryption:aws:kms');
        headers.push(`x-amz-server-side-encryption-aws-kms-key-id:${options.kmsKeyId}`);
      }
      return { url: signed.url, headers, expiresAt: signed.expiresAt };
    },

    async signDownload(path, context) {
      const command = new GetObjectCommand({ Bucket: bucket, Key: keyOf(path) });
      return presignWithUser(client, command, {
        username: context.username,
        lifetimeSeconds: options.lifetimes.downloadSeconds,
        now: clock(),
      });
    },

    createMultipartUpload: (path) => createUpload(multipart, keyOf(path)),
    signUploadParts: (path, uploadId, partNumbers, context) =>
      signParts(multipart, keyOf(path), uploadId, partNumbers, context.username),
    completeMultipartUpload: (path, uploadId, parts) =>
      completeUpload(multipart, keyOf(path), uploadId, parts),
    abortMultipartUpload: (path, uploadId) => abortUpload(multipart, keyOf(path), uploadId),
    listParts: (path, uploadId) => listUploadedParts(multipart, keyOf(path), uploadId),

    async checkAccess() {
      // NOTE: HeadBucket needs s3:ListBucket. A key with object permissions only gets 403 here
      // even though its uploads would work.
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        throw describeS3Failure('HeadBucket', { bucket }, error);
      }
    },

    async stat(path): Promise<ObjectInfo | null> {
      const key = keyOf(path);
      let head;
      try {
        head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        // NOTE: HEAD has no error body, so a missing bucket also reads as a missing object.
        if (isS3NotFound(error)) return null;
        throw describeS3Failure('HeadObject', { bucket, key }, error);
      }

      // A single PUT's ETag is the content MD5 in hex unless SSE-KMS or SSE-C encrypted it.
      // A multipart ETag ends in "-<part count>" and never matches.
      const match = PLAIN_MD5_ETAG.exec(head.ETag ?? '');
      const encrypted =
        head.ServerSideEncryption?.startsWith('aws:kms') === true ||
        head.SSECustomerAlgorithm !== undefined;
      return {
        size: head.ContentLength ?? 0,
        md5Base64:
          match?.[1] !== undefined && !encrypted
            ? Buffer.from(match[1], 'hex').toString('base64')
            : null,
      };
    },

    async readSmallObject(path, maxBytes) {
      requireByteLimit(maxBytes);
      const key = keyOf(path);

      let body: Readable | undefined;
      let declaredSize: number;
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        body = response.Body as Readable | undefined;
        declaredSize = response.ContentLength ?? 0;
      } catch (error) {
        throw describeS3Failure('GetObject', { bucket, key }, error);
      }
      return readWithinLimit(
        { body, declaredSize, discard: () => void body?.destroy() },
        maxBytes,
        `Object "${key}" in bucket "${bucket}"`,
      );
    },

    async putSmallObject(path, body) {
      const key = keyOf(path);
      const md5 = createHash('md5').update(body).digest('base64');
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentMD5: md5,
            ...encryption,
          }),
        );
      } catch (error) {
        throw describeS3Failure('PutObject', { bucket, key }, error);
      }
    },

    async deleteObject(path) {
      const key = keyOf(path);
      try {
        // S3 returns 204 for a missing key too, so deleting twice succeeds.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        throw describeS3Failure('DeleteObject', { bucket, key }, error);
      }
    },
  };
}
