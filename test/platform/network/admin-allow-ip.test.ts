import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { upsertRunMutation } from '../../../shared/graphql/operations/index';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { waitForAuditEvent } from '../audit/audit-lines';
import { ALLOWED_SOURCE, OTHER_SOURCE, SourceBoundClient } from './source-client';

const createTeamMutation = /* GraphQL */ `
  mutation CreateTeam($teamName: String!) {
    createTeam(input: { teamName: $teamName }) {
      team {
        name
      }
      errors
    }
  }
`;

interface CreateTeamData {
  createTeam: { team: { name: string } | null; errors: string[] } | null;
}

describe('--admin-allow-ip on the platform', () => {
  let env: TestPlatform;
  let adminKey: string;

  beforeAll(async () => {
    env = await startTestPlatform({
      allowIp: ['127.0.0.0/8'],
      adminAllowIp: [`${ALLOWED_SOURCE}/32`],
    });
    adminKey = (await env.clientFor('root', { admin: true })).apiKey!;
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('blocks createTeam from another address', async () => {
    const client = new SourceBoundClient(env.url, adminKey, OTHER_SOURCE);
    const result = await client.request<CreateTeamData>(createTeamMutation, { teamName: 'far' });

    expect(result.status).toBe(200);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors[0]!.path).toEqual(['createTeam']);
    expect(result.errors[0]!.message).toBe(
      `createTeam is an admin operation, and this server's --admin-allow-ip list does not include ${OTHER_SOURCE}; call it from an admitted host.`,
    );
    expect(result.data?.createTeam ?? null).toBeNull();

    const denial = await waitForAuditEvent(
      env.auditLogPath,
      (e) => e.action === 'graphql.createTeam' && e.source === OTHER_SOURCE,
      'the blocked createTeam',
    );
    expect(denial.result).toBe('denied');
    expect(denial.actor).toBe('root');
    expect(denial.detail.path).toBe('createTeam');

    const team = await env.platform.db
      .selectFrom('entities')
      .select('id')
      .where('name', '=', 'far')
      .executeTakeFirst();
    expect(team).toBeUndefined();
  });

  it('admits createTeam from the admin address', async () => {
    const client = new SourceBoundClient(env.url, adminKey, ALLOWED_SOURCE);
    const data = await client.ok<CreateTeamData>(createTeamMutation, { teamName: 'near' });
    expect(data.createTeam?.errors).toEqual([]);
    expect(data.createTeam?.team?.name).toBe('near');

    const created = await waitForAuditEvent(
      env.auditLogPath,
      (e) => e.action === 'team.create' && e.team === 'near',
      'the team created over GraphQL',
    );
    expect(created.result).toBe('allowed');
    expect(created.actor).toBe('root');
    expect(created.source).toBe(ALLOWED_SOURCE);
    expect(created.detail.via).toBe('createTeam');
  });

  it('leaves other mutations to --allow-ip', async () => {
    const client = new SourceBoundClient(env.url, adminKey, OTHER_SOURCE);
    const data = await client.ok<{ upsertBucket: { bucket: { name: string } } }>(
      upsertRunMutation,
      { entity: 'root', project: 'vision', name: 'run-1' },
    );
    expect(data.upsertBucket.bucket.name).toBe('run-1');
  });
});
