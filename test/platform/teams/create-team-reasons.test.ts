// createTeam failures raised before the bucket checks carry `extensions.reason` and
// `extensions.params`, so the desktop app can word them in the user's language. Each case
// goes through the GraphQL endpoint, and each reason must be in the app's VALIDATION_ISSUE_CODES.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VALIDATION_ISSUE_CODES } from '../../../shared/ipc/index';
import type { GraphqlClient, GraphqlError } from '../../support/graphql-client';
import {
  createTeamMutation,
  startTeamsPlatform,
  type CreateTeamData,
  type TeamsPlatform,
} from './team-fixture';

const STORE = 'reason-store';
const TENANT = '8f3c2a1e-0b4d-4c6e-9a7f-1d2e3f4a5b6c';
const CLIENT = '2b7e9c4d-5a6f-4e8b-8c1d-3f2a1b0c9d8e';
// The masked address of the store, followed by Azurite's endpoint in parentheses.
const STORE_LABEL = expect.stringMatching(new RegExp(`^az://devstoreaccount1/${STORE} `));

type CreateTeamInput = Record<string, unknown>;

interface ReasonCase {
  name: string;
  input: CreateTeamInput;
  code: string;
  reason: string;
  params: Record<string, unknown>;
}

const azureStore = (extra: Record<string, unknown> = {}) => ({
  level: 'TEAM',
  provider: 'azure',
  bucket: STORE,
  ...extra,
});

// Run in order: the overlap cases rely on the teams that the set-up creates.
const CASES: ReasonCase[] = [
  {
    name: 'name too long',
    input: { teamName: 'x'.repeat(129) },
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_NAME_LENGTH',
    params: { name: 'x'.repeat(129), max: '128' },
  },
  {
    name: 'name with a bad character',
    input: { teamName: '-vision' },
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_NAME_CHARACTERS',
    params: { name: '-vision' },
  },
  {
    name: 'team name taken',
    input: { teamName: 'taken' },
    code: 'CONFLICT',
    reason: 'TEAM_NAME_TAKEN',
    params: { team: 'taken' },
  },
  {
    name: 'user name taken',
    input: { teamName: 'root' },
    code: 'CONFLICT',
    reason: 'NAME_TAKEN',
    params: { name: 'root' },
  },
  {
    name: 'unknown member',
    input: { teamName: 'ghosts', members: ['nobody'] },
    code: 'NOT_FOUND',
    reason: 'USER_NOT_FOUND',
    params: { username: 'nobody' },
  },
  {
    name: 'storage path too long',
    input: { teamName: 'long-path', storage: { level: 'INSTANCE', path: 'p'.repeat(513) } },
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_STORAGE_PATH_LENGTH',
    params: { path: 'p'.repeat(513), max: '512' },
  },
  {
    name: 'storage path with a dot segment',
    input: { teamName: 'dots', storage: { level: 'INSTANCE', path: 'a/../b' } },
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_STORAGE_PATH_SEGMENTS',
    params: { path: 'a/../b' },
  },
  {
    name: 'instance path inside a team folder',
    input: { teamName: 'nested', storage: { level: 'INSTANCE', path: 'taken/nested' } },
    code: 'CONFLICT',
    reason: 'INSTANCE_PATH_OVERLAPS',
    params: { path: 'taken/nested', existingPath: 'taken', owner: 'taken' },
  },
  {
    name: 'unknown provider',
    input: { teamName: 'odd', storage: { level: 'TEAM', provider: 'ftp', bucket: STORE } },
    code: 'BAD_USER_INPUT',
    reason: 'UNKNOWN_STORAGE_PROVIDER',
    params: { provider: 'ftp' },
  },
  {
    name: 'instance level with a bucket',
    input: { teamName: 'mixed', storage: { level: 'INSTANCE', bucket: STORE } },
    code: 'BAD_USER_INPUT',
    reason: 'INSTANCE_STORAGE_WITH_BUCKET',
    params: {},
  },
  {
    name: 'team level without a bucket',
    input: { teamName: 'bucketless', storage: { level: 'TEAM', provider: 'azure' } },
    code: 'BAD_USER_INPUT',
    reason: 'TEAM_BUCKET_MISSING',
    params: {},
  },
  {
    name: 'unknown store',
    input: { teamName: 'lost', storage: azureStore({ bucket: 'no-such-container' }) },
    code: 'BAD_USER_INPUT',
    reason: 'FILE_STORE_NOT_FOUND',
    params: { store: 'no-such-container', provider: 'azure', stores: `devstoreaccount1/${STORE}` },
  },
  {
    name: 'KMS key on the instance bucket',
    input: { teamName: 'kms-instance', storage: { level: 'INSTANCE', kmsKeyID: 'alias/team' } },
    code: 'BAD_USER_INPUT',
    reason: 'INSTANCE_STORAGE_OPTIONS',
    params: {},
  },
  {
    name: 'KMS key on Azure',
    input: { teamName: 'kms-azure', storage: azureStore({ kmsKeyID: 'alias/team' }) },
    code: 'BAD_USER_INPUT',
    reason: 'KMS_KEY_NOT_S3',
    params: { bucket: STORE_LABEL, provider: 'azure' },
  },
  {
    name: 'half an Azure identity',
    input: { teamName: 'half', storage: azureStore({ azureTenantID: TENANT }) },
    code: 'BAD_USER_INPUT',
    reason: 'AZURE_IDS_INCOMPLETE',
    params: {},
  },
  {
    name: 'invalid tenant id',
    input: {
      teamName: 'bad-tenant',
      storage: azureStore({ azureTenantID: 'tenant-1', azureClientID: CLIENT }),
    },
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_AZURE_TENANT_ID',
    params: { value: 'tenant-1' },
  },
  {
    name: 'invalid client id',
    input: {
      teamName: 'bad-client',
      storage: azureStore({ azureTenantID: TENANT, azureClientID: 'client-1' }),
    },
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_AZURE_CLIENT_ID',
    params: { value: 'client-1' },
  },
  {
    name: 'team bucket path in use',
    input: { teamName: 'copycat', storage: azureStore({ path: 'shared' }) },
    code: 'CONFLICT',
    reason: 'STORAGE_PATH_IN_USE',
    params: {
      path: 'shared',
      bucket: STORE_LABEL,
      team: 'on-store',
      existingPath: 'shared',
    },
  },
  {
    name: 'team bucket path overlapping',
    input: { teamName: 'inner', storage: azureStore({ path: 'shared/inner' }) },
    code: 'CONFLICT',
    reason: 'STORAGE_PATH_OVERLAPS',
    params: {
      path: 'shared/inner',
      bucket: STORE_LABEL,
      team: 'on-store',
      existingPath: 'shared',
    },
  },
];

describe('createTeam failure reasons', () => {
  let env: TeamsPlatform;
  let admin: GraphqlClient;
  let member: GraphqlClient;

  beforeAll(async () => {
    env = await startTeamsPlatform({ fileStores: [STORE] });
    admin = await env.clientFor('root', { admin: true });
    member = await env.clientFor('max');
    await admin.ok<CreateTeamData>(createTeamMutation, { input: { teamName: 'taken' } });
    await admin.ok<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'on-store', storage: azureStore({ path: 'shared' }) },
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  async function firstError(client: GraphqlClient, input: CreateTeamInput): Promise<GraphqlError> {
    const result = await client.request<CreateTeamData>(createTeamMutation, { input });
    expect(result.errors, JSON.stringify(result.data)).toHaveLength(1);
    return result.errors[0]!;
  }

  for (const testCase of CASES) {
    it(`reports ${testCase.name}`, async () => {
      const error = await firstError(admin, testCase.input);

      expect(error.extensions?.code).toBe(testCase.code);
      expect(error.extensions?.reason).toBe(testCase.reason);
      expect(error.extensions?.params).toEqual(testCase.params);
    });
  }

  it('reports a caller who is not an admin', async () => {
    const error = await firstError(member, { teamName: 'sneaky' });

    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.extensions?.reason).toBe('NOT_ORG_ADMIN');
    expect(error.extensions?.params).toEqual({ username: 'max', team: 'sneaky' });
  });

  it('uses reasons the app translates', () => {
    const known: readonly string[] = VALIDATION_ISSUE_CODES;

    for (const reason of [...CASES.map((c) => c.reason), 'NOT_ORG_ADMIN']) {
      expect(known, reason).toContain(reason);
    }
  });

  it('puts no account key in params', async () => {
    const error = await firstError(admin, {
      teamName: 'lost-again',
      storage: azureStore({ bucket: 'missing' }),
    });
    const params = JSON.stringify(error.extensions?.params);

    expect(params).not.toContain(env.azurite.accountKey);
    expect(params).not.toContain(encodeURIComponent(env.azurite.accountKey));
    expect(error.message).not.toContain(env.azurite.accountKey);
  });

  it('sends no reason for other errors', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'typo', storage: { level: 'NOWHERE' } },
    });

    expect(result.errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors[0]?.extensions?.reason).toBeUndefined();
  });
});
