import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PlatformClient,
  PlatformRequestError,
  type PlatformClientOptions,
  type RetryEvent,
} from '../../../electron/platform-client/index';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { FAST_RETRY } from './fixture';

// Retries, timeouts and malformed responses, driven by small HTTP servers on 127.0.0.1
// that respond as a failing platform or proxy would. Each server records what it received.

const API_KEY = 'network-test-key-0123456789abcdef';

interface StubRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

type StubHandler = (
  request: StubRequest,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

async function startStub(handler: StubHandler): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = { headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      void handler(request, response, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Returns a 127.0.0.1 port that nothing listens on: one just released by a closed server. */
async function closedPort(): Promise<number> {
  const stub = await startStub(() => undefined);
  const port = Number(new URL(stub.url).port);
  await stub.close();
  return port;
}

function clientFor(host: string, options: Partial<PlatformClientOptions> = {}) {
  const events: RetryEvent[] = [];
  const client = new PlatformClient({
    host,
    apiKey: API_KEY,
    retry: FAST_RETRY,
    onRetry: (event) => events.push(event),
    ...options,
  });
  return { client, events };
}

async function failureOf(action: () => Promise<unknown>): Promise<PlatformRequestError> {
  const caught = await action().then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught, 'the request was expected to fail').toBeInstanceOf(PlatformRequestError);
  return caught as PlatformRequestError;
}

describe('PlatformClient retries', () => {
  let env: TestPlatform;
  let platformKey: string;
  const stubs: Stub[] = [];

  async function stub(handler: StubHandler): Promise<Stub> {
    const started = await startStub(handler);
    stubs.push(started);
    return started;
  }

  beforeAll(async () => {
    env = await startTestPlatform();
    platformKey = (await env.clientFor('alice')).apiKey!;
  });

  afterAll(async () => {
    for (const started of stubs) await started.close();
    await env?.stop();
  });

  it('gives up on a refused connection after maxAttempts', async () => {
    const port = await closedPort();
    const host = `http://127.0.0.1:${port}`;
    const { client, events } = clientFor(host);

    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe('NETWORK');
    expect(error.attempts).toBe(FAST_RETRY.maxAttempts);
    expect(events).toHaveLength(FAST_RETRY.maxAttempts - 1);
    expect(events.every((event) => event.reason === 'network error (ECONNREFUSED)')).toBe(true);
    expect(error.message).toContain(host);
    expect(error.hint).toBe(
      `the platform at ${host} is not reachable; check the host and that the platform is running`,
    );
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('retries two 503s, then succeeds through a proxy', async () => {
    const proxy = await stub(async (request, response, index) => {
      if (index < 2) {
        sendJson(response, 503, { errors: [{ message: 'Service Unavailable' }] });
        return;
      }
      const upstream = await fetch(`${env.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: String(request.headers.authorization),
        },
        body: request.body,
      });
      sendJson(response, upstream.status, await upstream.json());
    });
    const { client, events } = clientFor(proxy.url, { apiKey: platformKey });

    const data = await client.viewer();

    expect(data.viewer?.username).toBe('alice');
    expect(proxy.requests).toHaveLength(3);
    expect(events.map((event) => [event.attempt, event.reason])).toEqual([
      [1, 'HTTP 503'],
      [2, 'HTTP 503'],
    ]);
    expect(JSON.parse(proxy.requests[0]!.body)).toMatchObject({ operationName: 'ViewerWithTeams' });
  });

  it('waits for Retry-After', async () => {
    const server = await stub((_request, response, index) => {
      if (index === 0) {
        sendJson(response, 429, { errors: [{ message: 'slow down' }] }, { 'retry-after': '1' });
      } else {
        sendJson(response, 200, { data: { serverInfo: null } });
      }
    });
    const { client, events } = clientFor(server.url);

    expect(await client.serverInfo()).toEqual({ serverInfo: null });
    expect(events).toEqual([
      { operationName: 'ServerInfoWithFeatures', attempt: 1, delayMs: 1000, reason: 'HTTP 429' },
    ]);
  });

  it('fails at once on a long Retry-After', async () => {
    const server = await stub((_request, response) => {
      sendJson(response, 503, { errors: [{ message: 'maintenance' }] }, { 'retry-after': '3600' });
    });
    const { client } = clientFor(server.url);

    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe('SERVER');
    expect(error.attempts).toBe(1);
    expect(error.message).toContain('retry after 3600 s, over the 120 s limit');
  });

  it('gives up on 502 after maxAttempts', async () => {
    const server = await stub((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><body>Bad Gateway</body></html>');
    });
    const { client } = clientFor(server.url);

    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe('SERVER');
    expect(error.status).toBe(502);
    expect(error.attempts).toBe(FAST_RETRY.maxAttempts);
    expect(server.requests).toHaveLength(FAST_RETRY.maxAttempts);
    expect(error.message).toContain('an HTML page instead of JSON');
  });

  it.each([
    [400, 'BAD_USER_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [410, 'NOT_FOUND'],
    [413, 'BAD_USER_INPUT'],
    [422, 'BAD_USER_INPUT'],
    [501, 'NOT_SUPPORTED'],
  ])('sends HTTP %i once', async (status, code) => {
    const server = await stub((_request, response) => {
      sendJson(response, status, { errors: [{ message: `status ${status}` }] });
    });
    const { client, events } = clientFor(server.url);

    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('times out a silent server after maxAttempts', async () => {
    // The handler never responds, so every attempt runs into the client's timeout.
    const server = await stub(() => undefined);
    const { client } = clientFor(server.url, {
      timeoutMs: 200,
      retry: { ...FAST_RETRY, maxAttempts: 2 },
    });

    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe('TIMEOUT');
    expect(error.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(error.message).toContain('no response within 200 ms');
  });

  it('stops retrying when the caller aborts', async () => {
    const server = await stub((_request, response) => {
      sendJson(response, 503, { errors: [{ message: 'busy' }] });
    });
    // A 10 s backoff, so the abort lands while the client waits.
    const { client } = clientFor(server.url, {
      retry: { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 },
    });
    const controller = new AbortController();

    const pending = client.viewer({ signal: controller.signal }).catch((error: unknown) => error);
    while (server.requests.length === 0) await sleep(5);
    controller.abort();
    const error = await pending;

    expect(error).not.toBeInstanceOf(PlatformRequestError);
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
  });
});

describe('PlatformClient with malformed responses', () => {
  const stubs: Stub[] = [];

  async function stub(handler: StubHandler): Promise<Stub> {
    const started = await startStub(handler);
    stubs.push(started);
    return started;
  }

  afterAll(async () => {
    for (const started of stubs) await started.close();
  });

  it('does not follow a redirect to another origin', async () => {
    const target = await stub((_request, response) => sendJson(response, 200, { data: {} }));
    const redirecting = await stub((_request, response) => {
      response.writeHead(307, { location: `${target.url}/graphql?sig=top-secret-signature` });
      response.end();
    });
    const { client } = clientFor(redirecting.url);

    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe('PROTOCOL');
    expect(error.attempts).toBe(1);
    expect(target.requests).toHaveLength(0);
    expect(error.message).toContain(`redirected to ${target.url}/graphql`);
    expect(error.message).not.toContain('top-secret-signature');
  });

  it('sends the key only to the configured host', async () => {
    const server = await stub((_request, response) =>
      sendJson(response, 200, { data: { viewer: null } }),
    );
    const { client } = clientFor(server.url);

    await client.viewer();

    const expected = `Basic ${Buffer.from(`api:${API_KEY}`).toString('base64')}`;
    expect(server.requests[0]!.headers.authorization).toBe(expected);
    expect(() => client.authorizationFor('http://127.0.0.1:1/graphql')).toThrow(
      'refused to attach the API key to a request for http://127.0.0.1:1',
    );
  });

  it('maps an HTML page to PROTOCOL', async () => {
    const server = await stub((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>Sign in to the corporate proxy</html>');
    });
    const { client } = clientFor(server.url);

    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe('PROTOCOL');
    expect(error.message).toContain('an HTML page instead of JSON (text/html)');
    expect(error.hint).toBe(`check that ${server.url} is the address of a W&B-compatible platform`);
  });

  it('redacts keys and signed URLs in server messages', async () => {
    const leaked = `key ${API_KEY} failed for https://bucket.example.test/a.bin?X-Amz-Signature=abc123`;
    const server = await stub((_request, response) => {
      sendJson(response, 400, { errors: [{ message: leaked }] });
    });
    const { client } = clientFor(server.url);

    const error = await failureOf(() => client.viewer());

    expect(error.serverMessage).toBe(
      'key [redacted] failed for https://bucket.example.test/a.bin?[redacted]',
    );
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).not.toContain('abc123');
  });

  it('ends paging on a repeated cursor', async () => {
    const server = await stub((_request, response) => {
      sendJson(response, 200, {
        data: {
          models: {
            pageInfo: { endCursor: 'same', hasNextPage: true },
            edges: [
              { node: { id: '1', name: 'p', entityName: 'e', createdAt: '', isBenchmark: false } },
            ],
          },
        },
      });
    });
    const { client } = clientFor(server.url);
    const names: string[] = [];

    const error = await failureOf(async () => {
      for await (const project of client.iterateProjects('e')) names.push(project.name);
    });

    expect(error.code).toBe('PROTOCOL');
    expect(error.message).toContain('returned an endCursor it had returned before');
    expect(server.requests).toHaveLength(2);
    expect(names).toEqual(['p', 'p']);
  });

  it('reports refreshMultipartUploadUrls as NOT_SUPPORTED once', async () => {
    // A schema without the mutation, validated by graphql-js as a GraphQL server would.
    const schema = buildSchema(`
      type Query { viewer: String }
      type Mutation { commitArtifact(id: ID): String }
      input UploadPartsInput { partNumber: Int! hexMD5: String! }
    `);
    const server = await stub((request, response) => {
      const { query } = JSON.parse(request.body) as { query: string };
      const errors = validate(schema, parse(query)).map((error) => ({
        message: error.message,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }));
      sendJson(response, 400, { data: null, errors });
    });
    const { client } = clientFor(server.url);
    const variables = {
      artifactID: 'QXJ0aWZhY3Q6MQ==',
      uploadID: 'upload-1',
      storagePath: 'team/artifacts/content/abc',
      uploadPartsInput: [{ partNumber: 2, hexMD5: '0'.repeat(32) }],
    };

    const first = await failureOf(() => client.refreshMultipartUploadUrls(variables));
    const second = await failureOf(() => client.refreshMultipartUploadUrls(variables));

    expect(first.code).toBe('NOT_SUPPORTED');
    expect(first.serverMessage).toContain('Cannot query field "refreshMultipartUploadUrls"');
    expect(second.code).toBe('NOT_SUPPORTED');
    expect(server.requests).toHaveLength(1);
  });
});
