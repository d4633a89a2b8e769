import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  PlatformClient,
  PlatformRequestError,
  type PlatformErrorCode,
} from '../../../electron/platform-client/index';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { FAST_RETRY, signedInClient } from './fixture';

// Loopback addresses as in test/platform/network/source-client.ts: Linux routes all of
// 127.0.0.0/8 to the loopback interface, so a socket bound to 127.0.0.2 reaches 127.0.0.1
// and the platform reports 127.0.0.2 as the peer address.
const OTHER_SOURCE = '127.0.0.2';

const WRONG_KEY = `wrong-${randomBytes(20).toString('hex')}`;

/** Runs `action` and returns the PlatformRequestError it throws. */
async function failureOf(action: () => Promise<unknown>): Promise<PlatformRequestError> {
  const caught = await action().then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught, 'the request was expected to fail').toBeInstanceOf(PlatformRequestError);
  return caught as PlatformRequestError;
}

/** Returns every string an error exposes: message, fields, cause chain and inspected object. */
function exposedText(error: PlatformRequestError): string {
  return [
    error.message,
    error.hint,
    error.serverMessage ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ].join('\n');
}

function expectNoSecret(error: PlatformRequestError, key: string): void {
  const text = exposedText(error);
  expect(text).not.toContain(key);
  expect(text).not.toContain(Buffer.from(`api:${key}`).toString('base64'));
}

describe('PlatformClient errors from the platform', () => {
  let env: TestPlatform;
  let alice: PlatformClient;
  let aliceKey: string;
  let bob: PlatformClient;
  let bobKey: string;

  beforeAll(async () => {
    env = await startTestPlatform();
    ({ client: alice, apiKey: aliceKey } = await signedInClient(env, 'alice'));
    ({ client: bob, apiKey: bobKey } = await signedInClient(env, 'bob'));
    await env.createTeam('kappa', ['alice']);
    await alice.upsertRun({ entity: 'kappa', project: 'vision', name: 'first' });
  });

  afterAll(() => env?.stop());

  it('maps a missing key to UNAUTHENTICATED', async () => {
    const client = new PlatformClient({ host: env.url, apiKey: null, retry: FAST_RETRY });
    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.status).toBe(401);
    expect(error.attempts).toBe(1);
    expect(error.operationName).toBe('ViewerWithTeams');
    expect(error.hint).toBe('check the API key (byob login)');
    expect(error.serverMessage).toContain('Missing API key');
  });

  it('maps a wrong key to UNAUTHENTICATED', async () => {
    const client = new PlatformClient({ host: env.url, apiKey: WRONG_KEY, retry: FAST_RETRY });
    const error = await failureOf(() => client.projects('kappa'));

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.status).toBe(401);
    expect(error.attempts).toBe(1);
    expect(error.message).toContain('check the API key (byob login)');
    expectNoSecret(error, WRONG_KEY);
  });

  it('maps a non-member write to FORBIDDEN', async () => {
    const error = await failureOf(() =>
      bob.createArtifact({
        entityName: 'kappa',
        projectName: 'vision',
        artifactTypeName: 'dataset',
        artifactCollectionName: 'stolen',
        digest: 'd41d8cd98f00b204e9800998ecf8427e',
        clientID: 'client-1',
        sequenceClientID: 'sequence-1',
      }),
    );

    expect(error.code).toBe('FORBIDDEN');
    expect(error.serverCode).toBe('FORBIDDEN');
    expect(error.status).toBe(200);
    expect(error.operationName).toBe('CreateArtifact');
    expect(error.hint).toContain('ask an admin of the team');
    expectNoSecret(error, bobKey);
  });

  it('keeps the reason and params of a rejection', async () => {
    const error = await failureOf(() => bob.createTeam({ input: { teamName: 'omega' } }));

    expect(error.code).toBe('FORBIDDEN');
    expect(error.serverReason?.reason).toBe('NOT_ORG_ADMIN');
    expect(error.serverReason?.params).toEqual({ username: 'bob', team: 'omega' });
  });

  it('has no reason for errors without one', async () => {
    const error = await failureOf(() =>
      alice.createRunFiles({ entity: 'kappa', project: 'no-such', run: 'r', files: ['a.txt'] }),
    );

    expect(error.serverReason).toBeNull();
  });

  it('maps invalid values to BAD_USER_INPUT', async () => {
    const cursor = await failureOf(() => alice.runs('kappa', 'vision', { cursor: 'not-a-cursor' }));
    expect(cursor.code).toBe('BAD_USER_INPUT');
    expect(cursor.serverMessage).toContain('Invalid cursor "not-a-cursor"');

    const size = await failureOf(() => alice.projects('kappa', { perPage: 1_000_000 }));
    expect(size.code).toBe('BAD_USER_INPUT');
    expect(size.serverMessage).toContain('Invalid page size');

    // A variable of the wrong type fails GraphQL validation, which is still the caller's input.
    const typed = await failureOf(() =>
      alice.request('query GetArtifact($id: ID!) { artifact(id: $id) { id } }', { id: [1, 2] }),
    );
    expect(typed.code).toBe('BAD_USER_INPUT');
    expect(typed.status).toBe(400);
  });

  it('maps an unknown project to NOT_FOUND', async () => {
    const error = await failureOf(() =>
      alice.createRunFiles({ entity: 'kappa', project: 'no-such', run: 'r', files: ['a.txt'] }),
    );

    expect(error.code).toBe('NOT_FOUND');
    expect(error.hint).toBe('check the entity, project, run and artifact names');
  });

  it('keeps keys out of every error', async () => {
    const errors = [
      await failureOf(() => alice.runs('kappa', 'vision', { cursor: aliceKey })),
      await failureOf(() => bob.upsertRun({ entity: 'kappa', project: 'vision', name: 'x' })),
    ];
    const codes: PlatformErrorCode[] = errors.map((error) => error.code);

    expect(codes).toEqual(['BAD_USER_INPUT', 'FORBIDDEN']);
    expectNoSecret(errors[0]!, aliceKey);
    expect(errors[0]!.serverMessage).toContain('[redacted]');
    expectNoSecret(errors[1]!, bobKey);
    expect(inspect(alice, { depth: 10, showHidden: true })).not.toContain(aliceKey);
  });

  it('sends credentials only to the configured origin', () => {
    const own = alice.authorizationFor(`${env.url}/files/kappa/vision/first/a.txt`);
    expect(own.authorization).toBe(`Basic ${Buffer.from(`api:${aliceKey}`).toString('base64')}`);

    const port = Number(new URL(env.url).port);
    const elsewhere = [
      `http://127.0.0.1:${port + 1}/graphql`,
      `https://127.0.0.1:${port}/graphql`,
      `http://localhost:${port}/graphql`,
      'not a url',
    ];
    for (const target of elsewhere) {
      let rejection: unknown = null;
      try {
        alice.authorizationFor(target);
      } catch (error) {
        rejection = error;
      }
      expect(rejection, target).toBeInstanceOf(PlatformRequestError);
      expect((rejection as PlatformRequestError).code, target).toBe('BAD_USER_INPUT');
      expect((rejection as PlatformRequestError).attempts, target).toBe(0);
    }
  });
});

describe('PlatformClient behind an IP allowlist', () => {
  let env: TestPlatform;
  let apiKey: string;
  let agent: Agent;

  beforeAll(async () => {
    env = await startTestPlatform({ allowIp: ['127.0.0.1/32'] });
    apiKey = (await env.clientFor('alice')).apiKey!;
    agent = new Agent({ localAddress: OTHER_SOURCE });
  });

  afterAll(async () => {
    await env?.stop();
    await agent?.close();
  });

  it('admits the listed address', async () => {
    const client = new PlatformClient({ host: env.url, apiKey, retry: FAST_RETRY });

    expect((await client.viewer()).viewer?.username).toBe('alice');
  });

  it('maps a rejected address to FORBIDDEN', async () => {
    const client = new PlatformClient({
      host: env.url,
      apiKey,
      dispatcher: agent,
      retry: FAST_RETRY,
    });
    const error = await failureOf(() => client.viewer());

    expect(error.code).toBe('FORBIDDEN');
    expect(error.status).toBe(403);
    expect(error.attempts).toBe(1);
    expect(error.hint).toContain("your address is not allowed by the platform's IP allowlist");
    expect(error.serverMessage).toContain(OTHER_SOURCE);
    expectNoSecret(error, apiKey);
  });
});
