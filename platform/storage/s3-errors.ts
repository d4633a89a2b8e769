// Turns @aws-sdk/client-s3 failures into one-line errors that name the bucket, key, operation
// and fix. The results have no `cause`: an SDK error carries the raw HTTP response, and
// network errors can carry socket details, neither of which belongs in a log line.
import { S3ServiceException } from '@aws-sdk/client-s3';
import { StorageError } from './storage-error';

/** Subject of a failed call: the bucket and, for object calls, the full key. */
export interface S3Target {
  bucket: string;
  key?: string;
}

/** Returns true when S3 reports that the object (or, on HEAD, possibly its bucket) is missing. */
export function isS3NotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  // HEAD responses have no body, so the SDK names the error after the status: `NotFound`.
  return error.name === 'NoSuchKey' || error.name === 'NotFound';
}

/** Returns the S3 error code of `error`, or undefined when it is not an S3 response error. */
export function s3ErrorCode(error: unknown): string | undefined {
  return error instanceof S3ServiceException ? error.name : undefined;
}

// The next step for the error codes that S3 and RADOS Gateway return. Codes from AWS's
// "Error responses" page of the Amazon S3 API Reference.
const FIX_BY_CODE: Record<string, string> = {
  AccessDenied: 'check that the access key may use this bucket and, with SSE-KMS, this KMS key',
  InvalidAccessKeyId: 'check the access key id',
  SignatureDoesNotMatch: 'check the secret access key and the region',
  AuthorizationHeaderMalformed: 'set the region the bucket is in',
  PermanentRedirect: 'set the region and endpoint the bucket is in',
  NoSuchBucket: 'create the bucket or fix its name',
  NoSuchKey: 'no object has that key, so check the path',
  NotFound: 'no object has that key, or the bucket does not exist, so check both',
  NoSuchUpload: 'the multipart upload was completed, aborted or never started, so start a new one',
  InvalidPart: "send each part's ETag exactly as its part upload returned it",
  InvalidPartOrder: 'list the parts in ascending part-number order',
  EntityTooSmall: 'make every part except the last at least 5 MiB',
  BadDigest: 'the body does not match its Content-MD5, so upload the file again',
  InvalidDigest: 'send Content-MD5 as the base64 of the 16-byte MD5 digest',
  KMSNotFoundException: 'check the KMS key id in the team storage settings',
  'KMS.NotFoundException': 'check the KMS key id in the team storage settings',
  InvalidArgument: 'check the request settings (KMS key id, part number, upload id)',
  SlowDown: 'the bucket is throttling requests, so retry later',
};

// Calls that name an upload id. Ceph RADOS Gateway 16.2 returns 404 NoSuchKey for ListParts of an
// aborted upload where AWS returns NoSuchUpload, so for these calls both mean a missing upload.
const UPLOAD_OPERATIONS = new Set([
  'UploadPart',
  'ListParts',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
]);

function fixFor(operation: string, status: number, code: string): string {
  // A HEAD response has no body, so the SDK names a missing bucket `NotFound`.
  if (code === 'NotFound' && operation === 'HeadBucket') return FIX_BY_CODE.NoSuchBucket!;
  if (code === 'NoSuchKey' && UPLOAD_OPERATIONS.has(operation)) {
    return FIX_BY_CODE.NoSuchUpload!;
  }
  const known = FIX_BY_CODE[code];
  if (known !== undefined) return known;
  if (status === 403) return 'check the access key, secret access key and bucket permissions';
  if (status >= 500) return 'the storage service failed, so retry later';
  return 'check the endpoint, region and bucket settings';
}

function describeTarget(target: S3Target): string {
  const bucket = `bucket "${target.bucket}"`;
  return target.key === undefined ? bucket : `key "${target.key}" in ${bucket}`;
}

/**
 * Describes a failed `operation` (an S3 API name such as `PutObject`) on `target` in one line:
 * HTTP status, error code and request id for service errors, the error text for network ones.
 */
export function describeS3Failure(operation: string, target: S3Target, error: unknown): Error {
  const subject = describeTarget(target);

  if (!(error instanceof S3ServiceException)) {
    // No response arrived (refused connection, DNS, timeout) or the SDK rejected the input.
    // Only the message is kept: these errors do not include the request or its signature.
    const text = error instanceof Error ? error.message : String(error);
    return new StorageError(
      `S3 ${operation} of ${subject} failed: ${text}: check the endpoint and that the service is running.`,
    );
  }

  const status = error.$metadata.httpStatusCode ?? 0;
  const code = error.name;
  const requestId = error.$metadata.requestId;
  const details = requestId === undefined ? code : `${code}, request ${requestId}`;

  // Status and code only: the SDK's message can be the raw XML body of an unknown error.
  return new StorageError(
    `S3 ${operation} of ${subject} failed with HTTP ${status} (${details}): ${fixFor(operation, status, code)}.`,
  );
}
