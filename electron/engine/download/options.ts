// Options of the download engine with their defaults. Bytes in flight are at most
// `maxRequestsInFlight × rangeSize` on the network, but bodies stream to disk one read-buffer
// slice at a time, so memory holds only those slices, not whole ranges.

import type { Dispatcher } from 'undici';

import type { PlatformClient } from '../../platform-client/index';
import type { HashPool } from '../hashing/index';
import type { Journal } from '../journal/index';
import type { RetryPolicyOptions } from '../../../shared/transfer/retry-policy';
import { DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE } from '../../../shared/transfer/part-plan';
import {
  FILES_PER_REQUEST_SLOT,
  DEFAULT_MAX_REQUESTS_IN_FLIGHT,
  DEFAULT_PROGRESS_INTERVAL_MS,
  DEFAULT_URL_EXPIRY_MARGIN_MS,
} from '../upload/options';

export interface DownloadEngineOptions {
  client: PlatformClient;
  journal: Journal;
  /** Shared dispatcher from `createHttpAgent`; the same one the platform client should use. */
  dispatcher: Dispatcher;
  /** Pool whose worker threads compute the MD5 checks; the engine creates and closes its own when omitted. */
  hashPool?: HashPool;
  /** Storage requests in flight across all transfers. */
  maxRequestsInFlight?: number;
  /** Files downloading at once, across all transfers; twice maxRequestsInFlight by default. */
  maxFilesInFlight?: number;
  /** Bytes per ranged GET of a file fetched in parallel ranges (100 MiB by default). */
  rangeSize?: number;
  /** Files at or above this many bytes are fetched in parallel ranges (2 GiB by default). */
  parallelThreshold?: number;
  /** Bandwidth limit of all transfers together in bytes per second; none when omitted. */
  bandwidthBytesPerSecond?: number;
  /** A download URL expiring within this many ms is fetched again from the platform before use. */
  urlExpiryMarginMs?: number;
  /** Minimum ms between two progress events of one transfer. */
  progressIntervalMs?: number;
  retry?: Partial<RetryPolicyOptions>;
}

export interface ResolvedDownloadOptions {
  maxRequestsInFlight: number;
  maxFilesInFlight: number;
  rangeSize: number;
  parallelThreshold: number;
  urlExpiryMarginMs: number;
  progressIntervalMs: number;
  retry: Partial<RetryPolicyOptions>;
}

/** The same 100 MiB as an upload part, so one setting describes a request's size both ways. */
export const DEFAULT_RANGE_SIZE = DEFAULT_PART_SIZE;
/** The same 2 GiB as the multipart threshold of uploads. */
export const DEFAULT_PARALLEL_THRESHOLD = DEFAULT_MULTIPART_THRESHOLD;

export function resolveDownloadOptions(options: DownloadEngineOptions): ResolvedDownloadOptions {
  const maxRequestsInFlight = options.maxRequestsInFlight ?? DEFAULT_MAX_REQUESTS_IN_FLIGHT;
  const resolved: ResolvedDownloadOptions = {
    maxRequestsInFlight,
    maxFilesInFlight: options.maxFilesInFlight ?? FILES_PER_REQUEST_SLOT * maxRequestsInFlight,
    rangeSize: options.rangeSize ?? DEFAULT_RANGE_SIZE,
    parallelThreshold: options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD,
    urlExpiryMarginMs: options.urlExpiryMarginMs ?? DEFAULT_URL_EXPIRY_MARGIN_MS,
    progressIntervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    retry: options.retry ?? {},
  };

  const examples = {
    maxRequestsInFlight: '8',
    maxFilesInFlight: '16',
    rangeSize: '104857600 (100 MiB)',
    parallelThreshold: '2147483648 (2 GiB)',
  } as const;
  for (const name of Object.keys(examples) as (keyof typeof examples)[]) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(
        `Invalid ${name} ${String(value)}: expected a whole number of 1 or more, such as ${examples[name]}.`,
      );
    }
  }
  return resolved;
}
