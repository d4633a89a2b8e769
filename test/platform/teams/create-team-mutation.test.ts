import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { typeDefs } from '../../../platform/graphql/schema/index';
import type { GraphqlClient } from '../../support/graphql-client';
import {
  INSTANCE_CONTAINER,
  createTeamMutation,
  startTeamsPlatform,
  type CreateTeamData,
  type TeamsPlatform,
} from './team-fixture';

const STORE = 'team-store';
const TENANT = '8f3c2a1e-0b4d-4c6e-9a7f-1d2e3f4a5b6c';
const CLIENT = '2b7e9c4d-5a6f-4e8b-8c1d-3f2a1b0c9d8e';

describe('createTeam mutation', () => {
  let env: TeamsPlatform;
  let admin: GraphqlClient;
  let member: GraphqlClient;

  beforeAll(async () => {
    env = await startTeamsPlatform({ fileStores: [STORE] });
    admin = await env.clientFor('root', { admin: true });
    member = await env.clientFor('max');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('creates an instance-level team for an admin', async () => {
    const data = await admin.ok<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'plain', members: ['max'] },
    });

    expect(data.createTeam?.errors).toEqual([]);
    expect(data.createTeam?.warnings).toEqual([]);
    expect(data.createTeam?.errorIssues).toEqual([]);
    expect(data.createTeam?.warningIssues).toEqual([]);
    expect(data.createTeam?.team?.storageBucketInfo).toEqual({
      provider: 'azure',
      name: INSTANCE_CONTAINER,
      path: 'plain',
      level: 'INSTANCE',
      kmsKeyID: null,
      azureTenantID: null,
      azureClientID: null,
    });
  });

  it('rejects a member who is not an admin', async () => {
    const result = await member.request<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'sneaky' },
    });

    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors[0]?.message).toContain('Only organisation admins may create teams');
  });

  it('creates no team for a rejected member', async () => {
    const row = await env.platform.db
      .selectFrom('entities')
      .select('id')
      .where('name', '=', 'sneaky')
      .executeTakeFirst();

    expect(row).toBeUndefined();
  });

  it('stores the Azure tenant and client ids', async () => {
    const data = await admin.ok<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'azure-ids',
        storage: {
          level: 'TEAM',
          provider: 'AZURE',
          bucket: `devstoreaccount1/${STORE}`,
          azureTenantID: TENANT,
          azureClientID: CLIENT,
        },
      },
    });

    const info = data.createTeam?.team?.storageBucketInfo;
    expect(info?.level).toBe('TEAM');
    expect(info?.name).toBe(STORE);
    expect(info?.azureTenantID).toBe(TENANT);
    expect(info?.azureClientID).toBe(CLIENT);
  });

  it('rejects an unknown store and lists the masked stores', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'lost',
        storage: { level: 'TEAM', provider: 'azure', bucket: 'no-such-container' },
      },
    });
    const message = result.errors[0]?.message ?? '';

    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(message).toContain('Unknown azure store "no-such-container"');
    expect(message).toContain(`az://devstoreaccount1/${STORE}`);
    expect(message).not.toContain(env.azurite.accountKey);
    expect(message).not.toContain(encodeURIComponent(env.azurite.accountKey));
  });

  it('rejects a store of another provider', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'wrong', storage: { level: 'TEAM', provider: 's3', bucket: STORE } },
    });

    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.message).toContain('Unknown s3 store');
  });

  it('rejects a KMS key on an Azure store', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'kms-azure',
        storage: { level: 'TEAM', provider: 'azure', bucket: STORE, kmsKeyID: 'alias/team' },
      },
    });

    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.message).toContain('A KMS key applies only to S3 buckets');
  });

  it('rejects half of an Azure identity', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'half',
        storage: { level: 'TEAM', provider: 'azure', bucket: STORE, azureTenantID: TENANT },
      },
    });

    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.message).toContain('give both');
  });

  it('rejects an unknown member before any bucket check', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'ghosts',
        storage: { level: 'TEAM', provider: 'azure', bucket: STORE, path: 'ghosts' },
        members: ['nobody'],
      },
    });

    expect(result.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.errors[0]?.message).toContain('"nobody"');
  });

  it('rejects a second create of a team as CONFLICT', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'plain',
        storage: { level: 'TEAM', provider: 'azure', bucket: STORE, path: 'elsewhere' },
      },
    });

    expect(result.errors[0]?.extensions?.code).toBe('CONFLICT');
    expect(result.errors[0]?.message).toContain("a team's storage is fixed at creation");
  });

  it('keeps the storage of an existing team', async () => {
    const team = await env.platform.db
      .selectFrom('entities')
      .selectAll()
      .where('name', '=', 'plain')
      .executeTakeFirstOrThrow();

    expect(team.storage_bucket_id).toBeNull();
    expect(team.storage_path).toBe('plain');
  });

  it('offers no mutation that changes team storage', () => {
    const mutations = Object.keys(buildSchema(typeDefs).getMutationType()!.getFields());
    const teamMutations = mutations.filter((name) => /team|storage|bucketinfo/i.test(name));

    expect(teamMutations).toEqual(['createTeam']);
  });
});
