import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRunFilesMutation,
  upsertRunMutation,
  type CreateRunFilesData,
} from '../../../shared/graphql/operations/index';
import type { GraphqlClient } from '../../support/graphql-client';
import {
  createTeamMutation,
  startTeamsPlatform,
  type CreateTeamData,
  type TeamsPlatform,
} from './team-fixture';

const SHARED = 'shared-bucket';

describe('teams sharing one bucket', () => {
  let env: TeamsPlatform;
  let admin: GraphqlClient;
  let member: GraphqlClient;

  function createTeam(teamName: string, path?: string) {
    return admin.request<CreateTeamData>(createTeamMutation, {
      input: {
        teamName,
        storage: { level: 'TEAM', provider: 'azure', bucket: SHARED, path },
        members: ['mia'],
      },
    });
  }

  async function uploadUrlPath(entity: string): Promise<string> {
    await member.ok(upsertRunMutation, { entity, project: 'p', name: 'r' });
    const data = await member.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity,
      project: 'p',
      run: 'r',
      files: ['f.txt'],
    });
    return new URL(data.createRunFiles!.files![0]!.uploadUrl!).pathname;
  }

  beforeAll(async () => {
    env = await startTeamsPlatform({ fileStores: [SHARED] });
    admin = await env.clientFor('root', { admin: true });
    member = await env.clientFor('mia');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('creates two teams under different paths', async () => {
    const first = await createTeam('alpha', 'labs/alpha');
    const second = await createTeam('beta', 'labs/beta');

    expect(first.errors).toEqual([]);
    expect(first.data?.createTeam?.team?.storageBucketInfo?.path).toBe('labs/alpha');
    expect(second.errors).toEqual([]);
    expect(second.data?.createTeam?.team?.storageBucketInfo?.path).toBe('labs/beta');
  });

  it('signs each team into its own folder', async () => {
    expect(await uploadUrlPath('alpha')).toBe(
      `/devstoreaccount1/${SHARED}/labs/alpha/runs/p/r/f.txt`,
    );
    expect(await uploadUrlPath('beta')).toBe(
      `/devstoreaccount1/${SHARED}/labs/beta/runs/p/r/f.txt`,
    );
  });

  it('gives each team its own bucket row', async () => {
    const rows = await env.platform.db
      .selectFrom('entities')
      .select(['name', 'storage_bucket_id'])
      .where('kind', '=', 'team')
      .orderBy('name')
      .execute();

    expect(rows.map((row) => row.name)).toEqual(['alpha', 'beta']);
    expect(rows[0]!.storage_bucket_id).not.toBe(rows[1]!.storage_bucket_id);
  });

  it('rejects the same bucket and path', async () => {
    const result = await createTeam('gamma', 'labs/alpha');

    expect(result.errors[0]?.extensions?.code).toBe('CONFLICT');
    expect(result.errors[0]?.message).toContain('"labs/alpha"');
    expect(result.errors[0]?.message).toContain('already used by team "alpha"');
  });

  it('rejects a path inside another team folder', async () => {
    const result = await createTeam('delta', 'labs/alpha/nested');

    expect(result.errors[0]?.extensions?.code).toBe('CONFLICT');
    expect(result.errors[0]?.message).toContain('overlaps the path of team "alpha"');
  });

  it('rejects a path that contains another team folder', async () => {
    const result = await createTeam('epsilon', 'labs');

    expect(result.errors[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('creates no team for a rejected path', async () => {
    const names = await env.platform.db
      .selectFrom('entities')
      .select('name')
      .where('name', 'in', ['gamma', 'delta', 'epsilon'])
      .execute();

    expect(names).toEqual([]);
  });

  it('defaults the path to the team name', async () => {
    const result = await createTeam('zeta');

    expect(result.errors).toEqual([]);
    expect(result.data?.createTeam?.team?.storageBucketInfo?.path).toBe('zeta');
  });
});
