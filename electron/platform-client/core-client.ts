// The base of PlatformClient: configuration, the typed request method, the signed-in user
// and the server's capabilities. Browsing, paging and upload operations build on it in
// browse-client.ts, iterating-client.ts and platform-client.ts.
import type { Dispatcher } from 'undici';

import {
  serverInfoQuery,
  viewerQuery,
  type ServerInfoData,
  type ViewerData,
} from '../../shared/graphql/operations/index';
import { parsePlatformHost } from './endpoint';
import { PlatformRequestError } from './errors';
import { hintFor } from './error-mapping';
import { resolveRetryOptions, type GraphqlRetryOptions, type RetryEvent } from './retry';
import { GraphqlTransport } from './transport';

// Per-attempt limit when the caller sets none. createArtifactFiles for 2,000 files with
// part lists can take several seconds on a busy server, so the limit is generous.
const DEFAULT_TIMEOUT_MS = 60_000;

const DEFAULT_USER_AGENT = 'byob-transfer';

export interface PlatformClientOptions {
  /** Platform address, such as `https://api.wandb.ai`. Only this origin gets the key. */
  host: string;
  /** W&B API key. Null or empty sends requests without credentials. */
  apiKey: string | null;
  /** User-Agent header, such as `byob-transfer/1.2.0 (darwin arm64)`. */
  userAgent?: string;
  /** Per-attempt limit in ms for the connection, headers and body; 60,000 when omitted. */
  timeoutMs?: number;
  /**
   * undici dispatcher to share a connection pool, proxy and CA settings with the engine.
   * NOTE: a dispatcher with undici's redirect interceptor follows redirects before this client
   * sees them. undici 7 then drops the Authorization header only when the origin changes.
   */
  dispatcher?: Dispatcher;
  /** Overrides of the retry defaults in retry.ts. */
  retry?: Partial<GraphqlRetryOptions>;
  /** Called before each retry, for logging. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RequestOptions {
  /** Cancels the request; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

const OPERATION_NAME = /^\s*(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/m;

/** Returns the name of the first operation in `document`, or throws a TypeError. */
export function operationNameOf(document: string): string {
  const match = OPERATION_NAME.exec(document);
  if (!match) {
    throw new TypeError(
      'GraphQL document has no named query or mutation: name the operation, as in "query GetRun { … }".',
    );
  }
  return match[1]!;
}

export class PlatformClientCore {
  /** The platform address as shown in messages, without a trailing slash. */
  readonly host: string;
  protected readonly transport: GraphqlTransport;
  #serverInfo: Promise<ServerInfoData> | null = null;

  constructor(options: PlatformClientOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(
        `Invalid timeoutMs ${timeoutMs}: give a number of milliseconds above 0.`,
      );
    }

    const endpoint = parsePlatformHost(options.host);
    this.host = endpoint.host;
    this.transport = new GraphqlTransport({
      endpoint,
      apiKey: options.apiKey,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      timeoutMs,
      dispatcher: options.dispatcher,
      retry: resolveRetryOptions(options.retry),
      onRetry: options.onRetry,
    });
  }

  /**
   * Sends one operation document from shared/graphql/operations and returns its `data`.
   * Throws PlatformRequestError when the request fails or the response lists any error.
   */
  request<TData, TVariables extends object = Record<string, never>>(
    document: string,
    variables: TVariables,
    options: RequestOptions = {},
  ): Promise<TData> {
    return this.transport.execute<TData>({
      query: document,
      variables,
      operationName: operationNameOf(document),
      signal: options.signal,
    });
  }

  /**
   * Returns the Authorization header for a request to `url` on the platform, such as a run
   * file's `url`, or throws BAD_USER_INPUT when `url` is on any other origin.
   */
  authorizationFor(url: string | URL): Record<string, string> {
    return this.transport.authorizationFor(url, 'authorizationFor');
  }

  /** Returns the signed-in user with their teams. */
  viewer(options: RequestOptions = {}): Promise<ViewerData> {
    return this.request<ViewerData>(viewerQuery, {}, options);
  }

  /** Fetches the server's version and features, and replaces the cache hasFeature reads. */
  serverInfo(options: RequestOptions = {}): Promise<ServerInfoData> {
    const pending = this.request<ServerInfoData>(serverInfoQuery, {}, options);
    this.#serverInfo = pending;
    // A failed fetch leaves nothing cached, so the next hasFeature fetches it again.
    pending.catch(() => {
      if (this.#serverInfo === pending) this.#serverInfo = null;
    });
    return pending;
  }

  /**
   * Returns whether the server lists feature `name` (such as `BYOB_RESIGN_UPLOAD_PARTS`) as
   * enabled. The first call fetches serverInfo, and later calls reuse it.
   */
  async hasFeature(name: string, options: RequestOptions = {}): Promise<boolean> {
    const info = await (this.#serverInfo ?? this.serverInfo(options));
    const features = info.serverInfo?.features ?? [];
    return features.some((feature) => feature?.name === name && feature.isEnabled);
  }

  /** Builds the error for a response that lacks a part the operation always returns. */
  protected missingPayload(operationName: string, missing: string): PlatformRequestError {
    return this.clientError('PROTOCOL', operationName, `the response has no ${missing}`);
  }

  /** Builds the error for a parent object (such as a project) that the platform did not return. */
  protected notFound(operationName: string, subject: string): PlatformRequestError {
    return this.clientError('NOT_FOUND', operationName, `${subject} was not found`);
  }

  private clientError(
    code: 'PROTOCOL' | 'NOT_FOUND',
    operationName: string,
    detail: string,
  ): PlatformRequestError {
    return new PlatformRequestError({
      code,
      operationName,
      host: this.host,
      status: null,
      serverMessage: null,
      serverCode: null,
      detail,
      hint: hintFor({ code, host: this.host, status: null }),
      attempts: 1,
    });
  }
}
