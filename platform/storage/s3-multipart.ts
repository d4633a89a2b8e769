// S3 multipart uploads: the platform starts, completes, aborts and lists them with its own
// keys, and clients upload the parts through pre-signed UploadPart URLs.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

import type { CompletedPart, SignedMultipartUpload } from './provider.ts';
import { describeS3Failure } from './s3-errors.ts';
import { presignTimes, presignWithUser } from './s3-presign.ts';

/**
 * Highest S3 part number: parts are numbered 1 to 10,000 (Amazon S3 User Guide, "Amazon S3
 * multipart upload limits").
 */
export const MAX_PART_NUMBER = 10_000;
// ListParts returns at most 1,000 parts per page (same source), so 10,000 parts take 10 pages.
// One page more bounds the loop for a server that keeps reporting more pages.
const MAX_LIST_PAGES = Math.ceil(MAX_PART_NUMBER / 1000) + 1;

/** A part that S3 has stored for an open multipart upload. */
export interface UploadedPart {
  partNumber: number;
  /** The ETag as S3 returns it, quotes included, ready for completeMultipartUpload. */
  etag: string;
  /** Part size in bytes. */
  size: number;
}

/** Client, bucket and settings that the multipart calls share with their provider. */
export interface MultipartContext {
  client: S3Client;
  bucket: string;
  /** Server-side encryption request fields, empty unless the team set a KMS key. */
  encryption: { ServerSideEncryption?: 'aws:kms'; SSEKMSKeyId?: string };
  uploadSeconds: number;
  clock: () => Date;
}

function assertUploadId(uploadId: string): void {
  if (uploadId === '') {
    throw new Error('Missing multipart upload id: pass the id createMultipartUpload returned.');
  }
}

/** Starts a multipart upload at `key` and returns its upload id. */
export async function createUpload(context: MultipartContext, key: string): Promise<string> {
  const target = { bucket: context.bucket, key };
  let uploadId: string | undefined;
  try {
    const command = new CreateMultipartUploadCommand({
      Bucket: context.bucket,
      Key: key,
      ...context.encryption,
    });
    uploadId = (await context.client.send(command)).UploadId;
  } catch (error) {
    throw describeS3Failure('CreateMultipartUpload', target, error);
  }
  if (uploadId === undefined || uploadId === '') {
    throw new Error(
      `S3 CreateMultipartUpload of key "${key}" in bucket "${context.bucket}" returned no upload id: check that the endpoint is an S3 API.`,
    );
  }
  return uploadId;
}

/** Mints one pre-signed UploadPart URL per part number, all with the upload lifetime. */
export async function signParts(
  context: MultipartContext,
  key: string,
  uploadId: string,
  partNumbers: number[],
  username: string,
): Promise<SignedMultipartUpload> {
  assertUploadId(uploadId);
  for (const partNumber of partNumbers) {
    if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new Error(
        `Invalid part number ${partNumber} for key "${key}": use whole numbers from 1 to ${MAX_PART_NUMBER}.`,
      );
    }
  }

  // One "now" for every part, so all URLs share the returned expiresAt.
  const now = context.clock();
  const parts: SignedMultipartUpload['parts'] = [];
  for (const partNumber of partNumbers) {
    const command = new UploadPartCommand({
      Bucket: context.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
    });
    const signed = await presignWithUser(context.client, command, {
      username,
      lifetimeSeconds: context.uploadSeconds,
      now,
    });
    parts.push({ partNumber, url: signed.url });
  }
  return { uploadId, parts, expiresAt: presignTimes(now, context.uploadSeconds).expiresAt };
}

/** Completes an upload from the parts' ETags, passed on unchanged, and returns the object's ETag. */
export async function completeUpload(
  context: MultipartContext,
  key: string,
  uploadId: string,
  parts: CompletedPart[],
): Promise<string> {
  assertUploadId(uploadId);
  const target = { bucket: context.bucket, key };

  let etag: string | undefined;
  try {
    const command = new CompleteMultipartUploadCommand({
      Bucket: context.bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: {
        Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })),
      },
    });
    etag = (await context.client.send(command)).ETag;
  } catch (error) {
    throw describeS3Failure('CompleteMultipartUpload', target, error);
  }
  if (etag !== undefined && etag !== '') return etag;

  // Ceph RADOS Gateway 16.2.15 returns an empty ETag from Complete, but HEAD returns the real one.
  try {
    const head = await context.client.send(
      new HeadObjectCommand({ Bucket: context.bucket, Key: key }),
    );
    if (head.ETag !== undefined && head.ETag !== '') return head.ETag;
  } catch (error) {
    throw describeS3Failure('HeadObject', target, error);
  }
  throw new Error(
    `S3 returned no ETag for the completed upload of key "${key}" in bucket "${context.bucket}": check that the endpoint is an S3 API.`,
  );
}

/** Aborts an upload, so S3 frees its parts. A part PUT after this gets 404 NoSuchUpload. */
export async function abortUpload(
  context: MultipartContext,
  key: string,
  uploadId: string,
): Promise<void> {
  assertUploadId(uploadId);
  try {
    await context.client.send(
      new AbortMultipartUploadCommand({ Bucket: context.bucket, Key: key, UploadId: uploadId }),
    );
  } catch (error) {
    throw describeS3Failure('AbortMultipartUpload', { bucket: context.bucket, key }, error);
  }
}

/** Lists the parts an open upload has stored, in part-number order, following every page. */
export async function listUploadedParts(
  context: MultipartContext,
  key: string,
  uploadId: string,
): Promise<UploadedPart[]> {
  assertUploadId(uploadId);
  const parts: UploadedPart[] = [];
  let marker: string | undefined;

  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    let response;
    try {
      response = await context.client.send(
        new ListPartsCommand({
          Bucket: context.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumberMarker: marker,
        }),
      );
    } catch (error) {
      throw describeS3Failure('ListParts', { bucket: context.bucket, key }, error);
    }

    for (const part of response.Parts ?? []) {
      if (part.PartNumber === undefined || part.ETag === undefined) continue;
      parts.push({ partNumber: part.PartNumber, etag: part.ETag, size: part.Size ?? 0 });
    }
    if (!response.IsTruncated) return parts;
    marker = response.NextPartNumberMarker;
    if (marker === undefined || marker === '') {
      throw new Error(
        `S3 ListParts of upload "${uploadId}" at key "${key}" in bucket "${context.bucket}" reported more parts but no NextPartNumberMarker: check that the endpoint is an S3 API.`,
      );
    }
  }
  throw new Error(
    `S3 ListParts of upload "${uploadId}" at key "${key}" in bucket "${context.bucket}" did not finish within ${MAX_LIST_PAGES} pages: check that the endpoint is an S3 API.`,
  );
}
