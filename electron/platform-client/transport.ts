// Sends GraphQL requests to the configured platform with undici, retrying the failures that
// W&B's SDK retries, and turns every failure into a PlatformRequestError.
import { setTimeout as sleep } from 'node:timers/promises';

import { request, type Dispatcher } from 'undici';

import { assertCredentialTarget, type PlatformEndpoint } from './endpoint';
import { PlatformRequestError } from './errors';
import { hintFor } from './error-mapping';
import { classifyNetworkError, classifyResponse, type Failure, type Outcome } from './response';
import { retryDelayMs, type GraphqlRetryOptions, type RetryEvent } from './retry';

export interface TransportOptions {
  endpoint: PlatformEndpoint;
  /** API key sent as HTTP Basic password with user `api`; null or empty sends no credentials. */
  apiKey: string | null;
  userAgent: string;
  /** Per-attempt limit in ms, covering the connection, the headers and the whole body. */
  timeoutMs: number;
  dispatcher?: Dispatcher;
  retry: GraphqlRetryOptions;
  onRetry?: (event: RetryEvent) => void;
}

/** One GraphQL operation to send. */
export interface GraphqlCall {
  query: string;
  variables: object;
  operationName: string;
  /** Cancels the request and any wait between attempts; the promise rejects with its reason. */
  signal?: AbortSignal;
}

export class GraphqlTransport {
  readonly endpoint: PlatformEndpoint;
  // Private fields keep the key out of console.log, util.inspect and JSON.stringify.
  readonly #authorization: string | null;
  readonly #secrets: readonly string[];
  readonly #options: Omit<TransportOptions, 'apiKey' | 'endpoint'>;

  constructor(options: TransportOptions) {
    const { apiKey, endpoint, ...rest } = options;
    this.endpoint = endpoint;
    this.#options = rest;

    if (apiKey) {
      const encoded = Buffer.from(`api:${apiKey}`).toString('base64');
      this.#authorization = `Basic ${encoded}`;
      this.#secrets = [apiKey, encoded];
    } else {
      this.#authorization = null;
      this.#secrets = [];
    }
  }

  /**
   * Returns the Authorization header for a request to `url`, or throws BAD_USER_INPUT when
   * `url` is not on the platform's origin. Returns no header when no key is configured.
   */
  authorizationFor(url: string | URL, operationName: string): Record<string, string> {
    assertCredentialTarget(this.endpoint, url, operationName);
    return this.#authorization === null ? {} : { authorization: this.#authorization };
  }

  /** Sends `call`, retrying as configured, and returns the response's `data`. */
  async execute<TData>(call: GraphqlCall): Promise<TData> {
    const url = this.endpoint.graphqlUrl;
    const headers = {
      ...this.authorizationFor(url, call.operationName),
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': this.#options.userAgent,
    };
    const body = JSON.stringify({
      query: call.query,
      variables: call.variables,
      operationName: call.operationName,
    });
    const retry = this.#options.retry;

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#sendOnce(url, headers, body, call.signal);
      if (outcome.ok) return outcome.data as TData;

      if (!outcome.retryable || attempt >= retry.maxAttempts) {
        throw this.#toError(call.operationName, outcome, attempt);
      }

      const delayMs = retryDelayMs(attempt, outcome.retryAfterMs, retry);
      if (delayMs === null) {
        const detail = `the platform asked to retry after ${Math.ceil(outcome.retryAfterMs! / 1000)} s, over the ${retry.maxRetryAfterMs / 1000} s limit`;
        throw this.#toError(call.operationName, { ...outcome, detail }, attempt);
      }

      this.#options.onRetry?.({
        operationName: call.operationName,
        attempt,
        delayMs,
        reason: outcome.reason,
      });
      await sleep(delayMs, undefined, { signal: call.signal }).catch((error: unknown) => {
        // Node rejects with its own AbortError; callers get the signal's reason, as for a request.
        throw call.signal?.aborted ? call.signal.reason : error;
      });
    }
  }

  async #sendOnce(
    url: URL,
    headers: Record<string, string>,
    body: string,
    callerSignal: AbortSignal | undefined,
  ): Promise<Outcome> {
    callerSignal?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;

    try {
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        signal,
        dispatcher: this.#options.dispatcher,
      });
      const text = await response.body.text();
      return classifyResponse(
        { status: response.statusCode, headers: response.headers, text },
        this.#secrets,
        Date.now(),
      );
    } catch (error) {
      // The caller's cancellation is not a platform failure, so it propagates unchanged.
      if (callerSignal?.aborted) throw callerSignal.reason;
      const failure = classifyNetworkError(
        error,
        timeout.aborted,
        this.#options.timeoutMs,
        this.#secrets,
      );
      return { ok: false, ...failure };
    }
  }

  #toError(operationName: string, failure: Failure, attempts: number): PlatformRequestError {
    const host = this.endpoint.host;
    return new PlatformRequestError({
      code: failure.code,
      operationName,
      host,
      status: failure.status,
      serverMessage: failure.serverMessage,
      serverCode: failure.serverCode,
      serverReason: failure.serverReason,
      detail: failure.detail,
      hint: hintFor({
        code: failure.code,
        host,
        status: failure.status,
        networkKind: failure.networkKind,
        timeoutMs: failure.reason === 'timeout' ? this.#options.timeoutMs : undefined,
      }),
      attempts,
      cause: failure.cause,
    });
  }
}
