// Options of the upload engine with their defaults. The byte budget of parts in flight is
// `maxRequestsInFlight × partSize`: each request streams at most one part, and only through
// a 64 KiB read buffer, so the budget bounds bytes in flight on the network rather than
// bytes held in memory.

import type { Dispatcher } from 'undici';

import type { PlatformClient } from '../../platform-client/index';
import type { HashPool } from '../hashing/index';
import type { Journal } from '../journal/index';
import type { RetryPolicyOptions } from '../../../shared/transfer/retry-policy';
import {
  DEFAULT_MULTIPART_THRESHOLD,
  DEFAULT_PART_SIZE,
  resolvePartPlanOptions,
} from '../../../shared/transfer/part-plan';

export interface UploadEngineOptions {
  client: PlatformClient;
  journal: Journal;
  /** Shared dispatcher from `createHttpAgent`; the same one the platform client should use. */
  dispatcher: Dispatcher;
  /** Hashing pool, whose worker count limits the files hashed at once; the engine creates and closes its own when omitted. */
  hashPool?: HashPool;
  /** Files at or above this many bytes go multipart (S3, GCS) or in staged blocks (Azure). */
  multipartThreshold?: number;
  /** Bytes per part of a multipart upload or Azure block. */
  partSize?: number;
  /** Storage requests in flight across all transfers. */
  maxRequestsInFlight?: number;
  /** File transfers sending bytes at once, across all transfers; twice maxRequestsInFlight by default. */
  maxFilesInFlight?: number;
  /** Bandwidth limit of all transfers together in bytes per second; none when omitted. */
  bandwidthBytesPerSecond?: number;
  /** A URL expiring within this many ms is re-minted before use. */
  urlExpiryMarginMs?: number;
  /** Minimum ms between two progress events of one transfer. */
  progressIntervalMs?: number;
  retry?: Partial<RetryPolicyOptions>;
  /**
   * Handling of a file whose size or mtime changed since it was listed: fail it with
   * FILE_CHANGED, or restart it. A restart applies while hashing, before any byte is sent.
   */
  // NOTE: a change found after sending began fails the file even with 'restart'.
  onChanged?: 'fail' | 'restart';
}

export interface ResolvedUploadOptions {
  multipartThreshold: number;
  partSize: number;
  maxRequestsInFlight: number;
  maxFilesInFlight: number;
  urlExpiryMarginMs: number;
  progressIntervalMs: number;
  retry: Partial<RetryPolicyOptions>;
  onChanged: 'fail' | 'restart';
}

export const DEFAULT_MAX_REQUESTS_IN_FLIGHT = 8;
/**
 * Files in flight for each storage request in flight, unless set. A file also spends time on
 * its journal writes, a stat and opening its bytes, so with one file per request slot the
 * slots sat idle between small files.
 */
export const FILES_PER_REQUEST_SLOT = 2;
/**
 * One minute. A URL is checked just before its request starts, and expiry compares the
 * platform's signing time with this computer's clock, so the margin mainly absorbs clock skew.
 */
export const DEFAULT_URL_EXPIRY_MARGIN_MS = 60_000;
export const DEFAULT_PROGRESS_INTERVAL_MS = 250;

export function resolveUploadOptions(options: UploadEngineOptions): ResolvedUploadOptions {
  const plan = resolvePartPlanOptions({
    multipartThreshold: options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD,
    partSize: options.partSize ?? DEFAULT_PART_SIZE,
  });
  const maxRequestsInFlight = options.maxRequestsInFlight ?? DEFAULT_MAX_REQUESTS_IN_FLIGHT;
  const resolved: ResolvedUploadOptions = {
    ...plan,
    maxRequestsInFlight,
    maxFilesInFlight: options.maxFilesInFlight ?? FILES_PER_REQUEST_SLOT * maxRequestsInFlight,
    urlExpiryMarginMs: options.urlExpiryMarginMs ?? DEFAULT_URL_EXPIRY_MARGIN_MS,
    progressIntervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    retry: options.retry ?? {},
    onChanged: options.onChanged ?? 'fail',
  };

  for (const name of ['maxRequestsInFlight', 'maxFilesInFlight'] as const) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(
        `Invalid ${name} ${String(value)}: expected a whole number of 1 or more, such as 8.`,
      );
    }
  }
  return resolved;
}

/** Upper bound of bytes on the wire at once: requests in flight × part size. */
export function byteBudget(options: ResolvedUploadOptions): number {
  return options.maxRequestsInFlight * options.partSize;
}
