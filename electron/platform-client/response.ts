// Reads one GraphQL-over-HTTP response or one failed connection and decides: the data, or a
// failure with its code, whether to retry, and the server's redacted message.
import {
  isRetryableStatus,
  networkErrorKindOf,
  parseRetryAfter,
  type NetworkErrorKind,
} from '../../shared/transfer/retry-policy';
import type { PlatformErrorCode, ServerReason } from './errors';
import {
  codeForGraphqlError,
  codeForStatus,
  isTlsErrorCode,
  type GraphqlErrorEntry,
} from './error-mapping';
import { errorCodeOf, redactText, redactUrl, safeCause } from './redact';

/** A response as read off the wire, body included. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Everything about a failed attempt that the error and the retry decision need. */
export interface Failure {
  code: PlatformErrorCode;
  status: number | null;
  serverMessage: string | null;
  serverCode: string | null;
  /** The GraphQL `extensions.reason` and `extensions.params`, when the platform sent a reason. */
  serverReason?: ServerReason;
  detail?: string;
  retryable: boolean;
  /** The response's Retry-After in ms, or null when it sent none. */
  retryAfterMs: number | null;
  /** Short reason for the retry log, such as `HTTP 503`. */
  reason: string;
  networkKind?: NetworkErrorKind | 'tls' | null;
  cause?: Error;
}

export type Outcome = { ok: true; data: unknown } | ({ ok: false } & Failure);

function headerValue(raw: RawResponse, name: string): string | null {
  const value = raw.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const body: unknown = JSON.parse(text);
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Describes a body that is not a GraphQL response, without echoing an HTML page. */
function describeBody(raw: RawResponse, secrets: readonly string[]): string {
  const type = headerValue(raw, 'content-type') ?? 'no content type';
  if (raw.text.trim() === '') return `an empty body (${type})`;
  if (/html/i.test(type)) return `an HTML page instead of JSON (${type})`;
  return `a body that is not a GraphQL response (${type}): ${redactText(raw.text, secrets)}`;
}

/**
 * Reads the reason and params of a GraphQL error. Params that are not strings are dropped,
 * and every value is redacted like the message.
 */
function reasonOf(error: GraphqlErrorEntry, secrets: readonly string[]): ServerReason | undefined {
  const reason = error.extensions?.reason;
  if (typeof reason !== 'string') return undefined;

  const raw = error.extensions?.params;
  const params: Record<string, string> = {};
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value === 'string') params[name] = redactText(value, secrets);
    }
  }
  return { reason, params };
}

/** Classifies a response that arrived. `nowMs` converts an HTTP-date Retry-After. */
export function classifyResponse(
  raw: RawResponse,
  secrets: readonly string[],
  nowMs: number,
): Outcome {
  const { status } = raw;

  // Redirects are not followed, so that the API key never goes to the redirect target.
  if (status >= 300 && status < 400) {
    const location = headerValue(raw, 'location');
    return {
      ok: false,
      code: 'PROTOCOL',
      status,
      serverMessage: null,
      serverCode: null,
      detail: `the platform redirected to ${location ? redactUrl(location) : 'an unnamed address'}, which is not followed; set the host to the final address`,
      retryable: false,
      retryAfterMs: null,
      reason: `HTTP ${status}`,
    };
  }

  const body = parseJsonObject(raw.text);
  const errors = Array.isArray(body?.errors) ? (body.errors as GraphqlErrorEntry[]) : [];
  const success = status >= 200 && status < 300;

  if (success && errors.length === 0) {
    if (body !== null && body.data !== null && body.data !== undefined) {
      return { ok: true, data: body.data };
    }
    return {
      ok: false,
      code: 'PROTOCOL',
      status,
      serverMessage: null,
      serverCode: null,
      detail:
        body === null
          ? `the platform sent ${describeBody(raw, secrets)}`
          : 'the response carries neither data nor errors',
      retryable: false,
      retryAfterMs: null,
      reason: `HTTP ${status}`,
    };
  }

  const first = errors[0];
  const graphqlCode = first ? codeForGraphqlError(first) : null;
  const retryable = isRetryableStatus(status);
  const retryAfter = headerValue(raw, 'retry-after');

  let serverMessage: string | null = null;
  if (first && typeof first.message === 'string') {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more errors)` : '';
    serverMessage = redactText(first.message, secrets) + more;
  }

  return {
    ok: false,
    code: graphqlCode ?? (success ? 'SERVER' : codeForStatus(status)),
    status,
    serverMessage,
    serverCode: typeof first?.extensions?.code === 'string' ? first.extensions.code : null,
    serverReason: first ? reasonOf(first, secrets) : undefined,
    detail: body === null ? `the platform sent ${describeBody(raw, secrets)}` : undefined,
    retryable,
    retryAfterMs: retryable && retryAfter !== null ? parseRetryAfter(retryAfter, nowMs) : null,
    reason: `HTTP ${status}`,
  };
}

/** Classifies a request that got no response. `timedOut` is set when the client's timeout fired. */
export function classifyNetworkError(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  secrets: readonly string[],
): Failure {
  const cause = safeCause(error, secrets);

  if (timedOut) {
    return {
      code: 'TIMEOUT',
      status: null,
      serverMessage: null,
      serverCode: null,
      detail: `no response within ${timeoutMs} ms`,
      retryable: true,
      retryAfterMs: null,
      reason: 'timeout',
      cause,
    };
  }

  const errorCode = errorCodeOf(error);
  const kind = errorCode === null ? null : networkErrorKindOf(errorCode);
  const tls = errorCode !== null && isTlsErrorCode(errorCode);
  return {
    code: kind === 'timeout' ? 'TIMEOUT' : 'NETWORK',
    status: null,
    serverMessage: null,
    serverCode: null,
    detail: cause.message,
    // Only failures that a later attempt can cure are retried. An unknown error code, such as
    // an invalid request option, or a TLS failure would fail the same way again.
    retryable: kind !== null,
    retryAfterMs: null,
    reason: `network error (${errorCode ?? 'unknown'})`,
    networkKind: tls ? 'tls' : kind,
    cause,
  };
}
