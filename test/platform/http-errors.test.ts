import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GraphqlClient } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';

// Requests the HTTP layer rejects before GraphQL runs still get a JSON error with a code.

describe('malformed HTTP requests', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
  });
  afterAll(() => env?.stop());

  const post = (body: string, contentType: string, key: string | null = alice.apiKey) =>
    fetch(`${env.url}/graphql`, {
      method: 'POST',
      body,
      headers: {
        'content-type': contentType,
        ...(key ? { authorization: `Basic ${Buffer.from(`api:${key}`).toString('base64')}` } : {}),
      },
    });

  it('rejects a form content type with 415', async () => {
    const response = await post(
      '{"query":"{ viewer { username } }"}',
      'application/x-www-form-urlencoded',
    );
    const body = (await response.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };

    expect(response.status).toBe(415);
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toContain('Content-Type: application/json');
  });

  it('rejects broken JSON with 400', async () => {
    const response = await post('{"query": "{ viewer', 'application/json');
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };

    expect(response.status).toBe(400);
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('asks for a key before looking at the body', async () => {
    const response = await post('not json at all', 'application/x-www-form-urlencoded', null);
    expect(response.status).toBe(401);
  });
});
