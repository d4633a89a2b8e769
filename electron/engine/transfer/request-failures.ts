// Helpers that classify a failed storage request, shared by uploads and downloads.

import {
  isExpiredUrl,
  isRetryableStatus,
  type RequestFailure,
} from '../../../shared/transfer/retry-policy';
import type { TransferErrorContext } from './errors';

/** True for a status that is never retried, as opposed to retries that ran out. */
export function isRejection(failure: RequestFailure): boolean {
  if (failure.class === 'network') return false;
  return (
    !isRetryableStatus(failure.status, failure.providerCode) &&
    !isExpiredUrl(failure.status, failure.providerCode)
  );
}

/** Returns the Node or undici error code of `error` or of its cause, or '' without one. */
export function errorCode(error: unknown): string {
  const direct = (error as { code?: unknown } | null)?.code;
  if (typeof direct === 'string') return direct;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : '';
}

/** Guesses the provider from a URL's signature parameters, for error context only. */
export function providerOf(url: string): TransferErrorContext['provider'] {
  if (url.includes('X-Goog-Signature=')) return 'gcs';
  if (url.includes('X-Amz-Signature=')) return 's3';
  if (/[?&]sig=/.test(url)) return 'azure';
  return 'unknown';
}
