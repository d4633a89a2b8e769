// Validation of a team-level bucket before it is saved. An error means that the platform
// cannot use the bucket at all, such as bad credentials, a missing bucket or no write
// permission. A warning names a setting that makes some transfers fail or data harder to recover.
import { randomBytes, randomUUID } from 'node:crypto';

import { describeStorageAddress, redactStorageAddress } from './address';
import type { BucketAddress } from './file-stores';
import { openProvider } from './open-provider';
import { DEFAULT_URL_LIFETIMES, type StorageProvider } from './provider';
import { checkAzureAccount } from './validate-azure';
import { checkS3Bucket } from './validate-s3';
import { issueMessages, validationIssue, type ValidationIssue } from './validation-issue';

export interface BucketValidation {
  /** Problems that stop the bucket from being saved, as English messages. */
  errors: string[];
  /** Problems worth fixing that do not stop it, as English messages. */
  warnings: string[];
  /** The same errors with their codes and params. */
  errorIssues: ValidationIssue[];
  /** The same warnings with their codes and params. */
  warningIssues: ValidationIssue[];
}

export interface BucketValidationOptions {
  /** Folder for the test objects: the team's storage path, inside the address's own sub-path. */
  prefix: string;
  /** The team's KMS key, tried with a small SSE-KMS upload (S3 only). */
  kmsKeyId?: string;
  /** Deadline of each request, in milliseconds; default 20 000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const PROBE_BYTES = 64;

/** Probes the bucket through its provider, then reads the provider's bucket settings. */
export async function validateBucket(
  address: BucketAddress,
  options: BucketValidationOptions,
): Promise<BucketValidation> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const probeError = await probeBucket(address, options.prefix, timeoutMs);
  if (probeError) return bucketValidation([probeError], []);

  let warnings: ValidationIssue[] = [];
  if (address.provider === 's3') {
    warnings = await checkS3Bucket(address, { ...options, timeoutMs });
  } else if (address.provider === 'azure') {
    warnings = await checkAzureAccount(address, timeoutMs);
  }
  // NOTE: GCS bucket settings (versioning, CORS) are not read, because that needs the JSON
  // API, which the GCS provider and the GCS double do not use.
  return bucketValidation([], warnings);
}

function bucketValidation(
  errorIssues: ValidationIssue[],
  warningIssues: ValidationIssue[],
): BucketValidation {
  return {
    errors: issueMessages(errorIssues),
    warnings: issueMessages(warningIssues),
    errorIssues,
    warningIssues,
  };
}

/**
 * Writes a small object, reads it back and deletes it. Returns the error, or null when all
 * three worked. Each error names the bucket and the provider's `reason` as params. The provider is opened without the KMS key, so a bad key is reported by
 * the S3 checks as a warning rather than here.
 */
async function probeBucket(
  address: BucketAddress,
  prefix: string,
  timeoutMs: number,
): Promise<ValidationIssue | null> {
  const label = describeStorageAddress(address);
  const failed = (code: string, message: string, params: Record<string, string> = {}) =>
    validationIssue(code, message, { bucket: label, ...params });

  let provider: StorageProvider;
  try {
    provider = openProvider(address, DEFAULT_URL_LIFETIMES);
  } catch (error) {
    const reason = messageOf(error);
    return failed('BUCKET_OPEN_FAILED', `The bucket ${label} cannot be opened: ${reason}`, {
      reason,
    });
  }

  const path = joinPath(prefix, `.byob-validation-${randomUUID()}`);
  const body = randomBytes(PROBE_BYTES);
  const step = async <T>(action: () => Promise<T>): Promise<T> =>
    withTimeout(
      action(),
      timeoutMs,
      `the request timed out after ${timeoutMs / 1000} s, so check that the endpoint is reachable from the platform`,
    );

  try {
    await step(() => provider.putSmallObject(path, body));
  } catch (error) {
    const reason = messageOf(error);
    return failed('PROBE_WRITE_FAILED', `Failed to write a test object to ${label}: ${reason}`, {
      reason,
    });
  }

  let readError: ValidationIssue | null = null;
  try {
    const read = await step(() => provider.readSmallObject(path, PROBE_BYTES * 2));
    if (!read.equals(body)) {
      readError = failed(
        'PROBE_READ_MISMATCH',
        `The bucket ${label} returned different bytes for a test object than were written: check that no proxy or lifecycle rule rewrites objects.`,
      );
    }
  } catch (error) {
    const reason = messageOf(error);
    readError = failed(
      'PROBE_READ_FAILED',
      `Failed to read back a test object from ${label}: ${reason}`,
      { reason },
    );
  }

  // The delete runs whatever the read returned, so no test object is left behind.
  const deleteError = await step(() => provider.deleteObject(path)).then(
    () => null,
    (error: unknown) => messageOf(error),
  );
  if (readError !== null) return readError;
  if (deleteError !== null) {
    return failed(
      'PROBE_DELETE_FAILED',
      `Failed to delete the test object "${path}" from ${label}, and W&B must be able to delete artifact files: ${deleteError} Then delete the object by hand.`,
      { object: path, reason: deleteError },
    );
  }
  return null;
}

function joinPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/');
}

/** Returns an error's message with any storage address in it masked, ending in a full stop. */
function messageOf(error: unknown): string {
  const text = redactStorageAddress(error instanceof Error ? error.message : String(error)).trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
