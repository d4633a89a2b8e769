import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRunFilesMutation,
  runFilesQuery,
  upsertRunMutation,
} from '../../shared/graphql/operations/index';
import type { GraphqlClient } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';

// When the bucket cannot be reached, clients get STORAGE_ERROR with the provider's one-line
// message instead of a bare internal error.

describe('bucket failures in the API', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    await env.createTeam('kappa', ['alice']);
    await alice.ok(upsertRunMutation, { entity: 'kappa', project: 'p', name: 'r1' });
    await alice.ok(createRunFilesMutation, {
      entity: 'kappa',
      project: 'p',
      run: 'r1',
      files: ['log.txt'],
    });
    await env.azurite.stop();
  });
  afterAll(() => env?.stop());

  it('answers STORAGE_ERROR when the bucket is down', async () => {
    const result = await alice.request(runFilesQuery, {
      entity: 'kappa',
      project: 'p',
      run: 'r1',
    });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.extensions?.code).toBe('STORAGE_ERROR');
    expect(result.errors[0]!.message).toMatch(/^Azure .* failed/);
    expect(result.errors[0]!.message).not.toMatch(/sig=|AccountKey|Authorization/);
  });
});
