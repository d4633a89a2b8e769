import { request } from 'node:http';

import {
  GraphqlClient,
  type GraphqlError,
  type GraphqlResponse,
} from '../../support/graphql-client';

// Clients whose TCP connections start from a chosen loopback address. Linux routes all of
// 127.0.0.0/8 to the loopback interface, so a socket bound to 127.0.0.2 reaches a server on
// 127.0.0.1, and the server reports 127.0.0.2 as the peer address.

export const ALLOWED_SOURCE = '127.0.0.1';
export const OTHER_SOURCE = '127.0.0.2';

// Milliseconds before a request is abandoned, so a hung server fails the test instead of stalling it.
const REQUEST_TIMEOUT_MS = 30_000;

export interface RawResponse {
  status: number;
  body: string;
}

/** Sends one HTTP request from `localAddress` and returns the status and the body text. */
export function sendFrom(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`Request to ${url} from ${localAddress} timed out.`)),
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** A GraphQL client whose requests come from `localAddress`. */
export class SourceBoundClient extends GraphqlClient {
  constructor(
    url: string,
    apiKey: string | null,
    readonly localAddress: string,
  ) {
    super(url, apiKey);
  }

  override async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.apiKey !== null)
      headers.authorization = `Basic ${Buffer.from(`api:${this.apiKey}`).toString('base64')}`;

    const response = await sendFrom(this.localAddress, `${this.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = JSON.parse(response.body) as { data?: T | null; errors?: GraphqlError[] };
    return { status: response.status, data: body.data ?? null, errors: body.errors ?? [] };
  }
}
