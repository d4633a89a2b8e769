// Retry decisions for requests to storage through pre-signed URLs, as a pure function of the
// failure, the attempt count and an injectable random source. The engine carries out the
// decision: it waits `delayMs` and sends the request again, requests a new URL from the
// platform, or fails the file transfer with `reason`.
//
// Backoff is exponential with full jitter: the delay before retry n is drawn uniformly from
// [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). Spreading retries over the whole range keeps
// parallel parts that failed together from retrying together.

export type NetworkErrorKind = 'reset' | 'timeout' | 'refused' | 'dns' | 'closed';

/** A request that failed before a response arrived, or with an unsuccessful response. */
export type RequestFailure =
  | { class: 'network'; kind: NetworkErrorKind }
  | {
      class: 'http';
      status: number;
      /** The `<Code>` of an XML error body, such as `ExpiredToken`, when the store sent one. */
      providerCode?: string;
      /** The response's Retry-After, converted by parseRetryAfter. */
      retryAfterMs?: number;
    };

export type RetryDecision =
  { action: 'retry'; delayMs: number } | { action: 'remint' } | { action: 'fail'; reason: string };

export interface RetryPolicyOptions {
  /** Delay cap in ms of the first retry, which doubles with every further attempt. */
  baseDelayMs: number;
  /** Cap of the backoff delay in ms. */
  maxDelayMs: number;
  /** Requests allowed between two moments of progress, the first request included. */
  maxAttempts: number;
  /** New URLs the engine may request between two moments of progress. */
  maxRemints: number;
  /** Longest Retry-After in ms that is honoured. A longer one fails the request. */
  maxRetryAfterMs: number;
  /** Source of uniform random numbers in [0, 1), replaceable in tests. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicyOptions> = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 10,
  maxRemints: 3,
  maxRetryAfterMs: 300_000,
  random: Math.random,
};

/** Failure counts since the last progress. */
export interface RetryCounts {
  /** Failed requests, this one included (1 on the first failure). */
  attempt: number;
  /** New URLs already requested. */
  remints: number;
}

/**
 * Decides what to do after `failure`. Network errors, 408, 429 and 5xx other than 501 are
 * retried after a backoff, or after Retry-After when the response carried one. A 401 or 403,
 * or GCS's 400 `ExpiredToken`, means the pre-signed URL expired or is not yet valid, so the
 * engine requests a new URL, at most maxRemints times. Every other status fails.
 */
export function decideRetry(
  failure: RequestFailure,
  counts: RetryCounts,
  options: Partial<RetryPolicyOptions> = {},
): RetryDecision {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options };
  const failureDescription =
    failure.class === 'network' ? `network error (${failure.kind})` : `HTTP ${failure.status}`;
  const expiredUrl = failure.class === 'http' && isExpiredUrl(failure.status, failure.providerCode);

  if (
    failure.class === 'http' &&
    !expiredUrl &&
    !isRetryableStatus(failure.status, failure.providerCode)
  ) {
    return {
      action: 'fail',
      reason: `Storage returned ${failureDescription}, which is not retried.`,
    };
  }

  // The attempt limit comes first, so that remints cannot stretch it: at most maxAttempts
  // requests go out between two moments of progress.
  if (counts.attempt >= policy.maxAttempts) {
    return {
      action: 'fail',
      reason: `Gave up after ${counts.attempt} attempts without progress. The last failure was ${failureDescription}.`,
    };
  }

  if (expiredUrl) {
    if (counts.remints >= policy.maxRemints) {
      return {
        action: 'fail',
        reason: `Storage rejected the request with ${failureDescription} after ${counts.remints} new URLs. Check the bucket permissions and the clock of this computer.`,
      };
    }
    return { action: 'remint' };
  }

  const retryAfterMs = failure.class === 'http' ? failure.retryAfterMs : undefined;
  if (retryAfterMs === undefined) {
    return { action: 'retry', delayMs: backoffDelayMs(counts.attempt, policy) };
  }
  if (retryAfterMs > policy.maxRetryAfterMs) {
    return {
      action: 'fail',
      reason: `Storage returned ${failureDescription} with Retry-After ${Math.ceil(retryAfterMs / 1000)} s, over the ${policy.maxRetryAfterMs / 1000} s limit. Resume the transfer later.`,
    };
  }
  return { action: 'retry', delayMs: retryAfterMs };
}

/** Returns the full-jitter delay in ms before the retry that follows failed attempt `attempt`. */
export function backoffDelayMs(attempt: number, options: Partial<RetryPolicyOptions> = {}): number {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options };
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(policy.random() * ceiling);
}

/**
 * Returns whether a response status is worth sending the same request again. S3 rejects a
 * body that arrived too slowly with 400 `RequestTimeout`; W&B's Python SDK retries it as
 * transient too (wandb/sdk/internal/internal_api.py).
 */
export function isRetryableStatus(status: number, providerCode?: string): boolean {
  if (status === 400 && providerCode === 'RequestTimeout') return true;
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/**
 * Returns whether a response means the pre-signed URL is expired or not yet valid. S3 and
 * Azure return 403 (AccessDenied, AuthenticationFailed). The GCS XML API returns 400 with
 * the code ExpiredToken for an expired V4 signed URL. A 401 counts too: a pre-signed URL
 * carries no other credential, so a store that rejects its signature with 401 needs a new one.
 */
export function isExpiredUrl(status: number, providerCode?: string): boolean {
  return status === 401 || status === 403 || (status === 400 && providerCode === 'ExpiredToken');
}

/**
 * Converts a Retry-After header value to a delay in ms: delta-seconds ("120") or an HTTP
 * date, measured from `nowMs`. A date in the past gives 0. Returns null for any other value.
 */
export function parseRetryAfter(value: string, nowMs: number): number | null {
  const trimmed = value.trim();

  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }

  // An HTTP date always names the weekday and the GMT zone ("Wed, 21 Oct 2015 07:28:00 GMT").
  // Requiring a letter keeps Date.parse from reading bare numbers such as "1.5" as dates.
  if (!/[A-Za-z]/.test(trimmed)) {
    return null;
  }
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) {
    return null;
  }
  return Math.max(0, dateMs - nowMs);
}

/**
 * Maps a Node.js or undici network error code to its kind, or returns null for a code that
 * is not a network failure (such as EACCES or UND_ERR_ABORTED). The E codes come from libuv
 * and getaddrinfo, the UND_ERR codes from undici, which runs Node's fetch.
 */
export function networkErrorKindOf(code: string): NetworkErrorKind | null {
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timeout';
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'UND_ERR_SOCKET':
      return 'closed';
    default:
      return null;
  }
}

/**
 * Tracks the retry counts of one file transfer or part. Call `recordFailure` after every
 * failed request and `progress` when it moves forward, such as when storage returns a
 * receipt for a part. Progress resets both counts, so a long upload that fails now and then
 * keeps going, while one that never gets further gives up.
 */
export class RetryTracker {
  private counts: RetryCounts = { attempt: 0, remints: 0 };

  constructor(private readonly options: Partial<RetryPolicyOptions> = {}) {}

  /** Counts the failure and returns what to do next. */
  recordFailure(failure: RequestFailure): RetryDecision {
    this.counts = { ...this.counts, attempt: this.counts.attempt + 1 };
    const decision = decideRetry(failure, this.counts, this.options);

    if (decision.action === 'remint') {
      this.counts = { ...this.counts, remints: this.counts.remints + 1 };
    }
    return decision;
  }

  /** Resets the counts after progress. */
  progress(): void {
    this.counts = { attempt: 0, remints: 0 };
  }

  /** Failed requests since the last progress. */
  get attempts(): number {
    return this.counts.attempt;
  }

  /** New URLs requested since the last progress. */
  get remints(): number {
    return this.counts.remints;
  }
}
