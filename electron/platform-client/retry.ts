// Retry settings for GraphQL requests. Which failures are retried follows W&B's SDK, whose
// GraphQL client (wandb-core, built on hashicorp/go-retryablehttp) retries network errors,
// 408, 429 and 5xx other than 501 with exponential backoff and jitter. The attempt count
// and delays below are this client's own defaults.
import { backoffDelayMs } from '../../shared/transfer/retry-policy';

export interface GraphqlRetryOptions {
  /** Requests sent for one operation, the first one included. 1 turns retries off. */
  maxAttempts: number;
  /** Delay cap in ms before the first retry, doubling with each further retry. */
  baseDelayMs: number;
  /** Cap of the backoff delay in ms. */
  maxDelayMs: number;
  /** Longest Retry-After in ms that is waited out. A longer one fails the request at once. */
  maxRetryAfterMs: number;
  /** Source of uniform random numbers in [0, 1) for the jitter, replaceable in tests. */
  random: () => number;
}

export const DEFAULT_GRAPHQL_RETRY: Readonly<GraphqlRetryOptions> = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  random: Math.random,
};

/** One retry about to happen, for logging. It carries no URL, header or variable. */
export interface RetryEvent {
  operationName: string;
  /** The attempt that failed, 1 for the first request. */
  attempt: number;
  /** Wait in ms before the next attempt. */
  delayMs: number;
  /** Failure description, such as `HTTP 503` or `network error (ECONNRESET)`. */
  reason: string;
}

/** Merges `options` over the defaults and checks every number. Throws a RangeError. */
export function resolveRetryOptions(
  options: Partial<GraphqlRetryOptions> = {},
): GraphqlRetryOptions {
  const resolved = { ...DEFAULT_GRAPHQL_RETRY, ...options };

  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RangeError(
      `Invalid retry.maxAttempts ${resolved.maxAttempts}: give a whole number of 1 or more.`,
    );
  }
  for (const name of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    const value = resolved[name];
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(
        `Invalid retry.${name} ${value}: give a number of milliseconds, 0 or more.`,
      );
    }
  }
  return resolved;
}

/**
 * Returns the wait in ms before the attempt after failed attempt `attempt`: the server's
 * Retry-After when it sent one, otherwise full-jitter exponential backoff. Returns null
 * when the Retry-After is longer than `maxRetryAfterMs`.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  options: GraphqlRetryOptions,
): number | null {
  if (retryAfterMs === null) return backoffDelayMs(attempt, options);
  return retryAfterMs > options.maxRetryAfterMs ? null : retryAfterMs;
}
