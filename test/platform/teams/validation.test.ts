import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseFileStores } from '../../../platform/storage/file-stores';
import { validateBucket } from '../../../platform/storage/validate';
import type { GraphqlClient } from '../../support/graphql-client';
import {
  createTeamMutation,
  startTeamsPlatform,
  type CreateTeamData,
  type TeamsPlatform,
} from './team-fixture';

const GOOD = 'checked-bucket';
// Listed as a file store but never created, so the bucket checks find no container.
const MISSING = 'missing-bucket';

describe('team bucket validation on Azurite', () => {
  let env: TeamsPlatform;
  let admin: GraphqlClient;

  function storeAddress(container: string) {
    return parseFileStores(env.addressOf(container))[0]!;
  }

  async function setCors(rules: Parameters<BlobServiceClient['setProperties']>[0]['cors']) {
    const credential = new StorageSharedKeyCredential(env.azurite.account, env.azurite.accountKey);
    await new BlobServiceClient(env.azurite.endpoint, credential).setProperties({ cors: rules });
  }

  beforeAll(async () => {
    env = await startTeamsPlatform({ fileStores: [GOOD], uncreatedStores: [MISSING] });
    admin = await env.clientFor('root', { admin: true });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('passes a usable container with a CORS warning', async () => {
    const result = await validateBucket(storeAddress(GOOD), { prefix: 'probe' });

    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'The storage account "devstoreaccount1" has no CORS rule, so browsers cannot upload or download its files: add a rule with methods GET, HEAD and PUT, origins *, headers *, exposed header ETag and max age 3000 seconds.',
    ]);
    expect(result.warningIssues).toEqual([
      {
        code: 'ACCOUNT_CORS_MISSING',
        message: result.warnings[0],
        params: [{ name: 'account', value: 'devstoreaccount1' }],
      },
    ]);
  });

  it('blocks a missing container', async () => {
    const result = await validateBucket(storeAddress(MISSING), { prefix: 'probe' });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('Failed to write a test object to az://devstoreaccount1/');
    expect(result.errors[0]).toContain('ContainerNotFound');
    expect(result.warnings).toEqual([]);
    expect(result.errorIssues[0]?.code).toBe('PROBE_WRITE_FAILED');
    expect(result.errorIssues[0]?.params[0]?.name).toBe('bucket');
    expect(result.errorIssues[0]?.params[0]?.value).toMatch(
      /^az:\/\/devstoreaccount1\/missing-bucket /,
    );
    expect(result.errorIssues[0]?.params[1]?.name).toBe('reason');
    expect(result.errorIssues[0]?.params[1]?.value).toContain('ContainerNotFound');
  });

  it('blocks a wrong account key', async () => {
    const wrongKey = Buffer.alloc(64, 1).toString('base64');
    const address = { ...storeAddress(GOOD), accountKey: wrongKey };
    const result = await validateBucket(address, { prefix: 'probe' });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('HTTP 403');
    expect(result.errors[0]).not.toContain(wrongKey);
    expect(result.errorIssues[0]?.code).toBe('PROBE_WRITE_FAILED');
    expect(JSON.stringify(result.errorIssues)).not.toContain(wrongKey);
  });

  it('warns about CORS without HEAD and ETag', async () => {
    await setCors([
      {
        allowedOrigins: '*',
        allowedMethods: 'GET,PUT',
        allowedHeaders: '*',
        exposedHeaders: 'x-ms-request-id',
        maxAgeInSeconds: 3000,
      },
    ]);
    const result = await validateBucket(storeAddress(GOOD), { prefix: 'probe' });

    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toContain('do not allow HEAD');
    expect(result.warnings[1]).toContain('do not expose the ETag header');
    expect(result.warningIssues.map((issue) => issue.code)).toEqual([
      'ACCOUNT_CORS_METHODS_MISSING',
      'ACCOUNT_CORS_ETAG_HIDDEN',
    ]);
    expect(result.warningIssues[0]?.params).toEqual([
      { name: 'account', value: 'devstoreaccount1' },
      { name: 'methods', value: 'HEAD' },
    ]);
  });

  it('passes the recommended CORS rule without warnings', async () => {
    await setCors([
      {
        allowedOrigins: '*',
        allowedMethods: 'GET,HEAD,PUT',
        allowedHeaders: '*',
        exposedHeaders: 'ETag',
        maxAgeInSeconds: 3000,
      },
    ]);
    const result = await validateBucket(storeAddress(GOOD), { prefix: 'probe' });

    expect(result).toEqual({ errors: [], warnings: [], errorIssues: [], warningIssues: [] });
  });

  it('returns errors from createTeam', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'missing',
        storage: { level: 'TEAM', provider: 'azure', bucket: MISSING },
      },
    });

    expect(result.errors).toEqual([]);
    expect(result.data?.createTeam?.team).toBeNull();
    expect(result.data?.createTeam?.errors).toHaveLength(1);
    expect(result.data?.createTeam?.errors[0]).toContain('ContainerNotFound');
    expect(result.data?.createTeam?.errorIssues).toHaveLength(1);
    expect(result.data?.createTeam?.errorIssues[0]?.code).toBe('PROBE_WRITE_FAILED');
    expect(result.data?.createTeam?.errorIssues[0]?.message).toBe(
      result.data?.createTeam?.errors[0],
    );
    expect(result.data?.createTeam?.errorIssues[0]?.params[0]?.name).toBe('bucket');
    expect(result.data?.createTeam?.warningIssues).toEqual([]);
  });

  it('creates nothing when a check fails', async () => {
    const team = await env.platform.db
      .selectFrom('entities')
      .select('id')
      .where('name', '=', 'missing')
      .executeTakeFirst();
    const buckets = await env.platform.db.selectFrom('storage_buckets').select('id').execute();

    expect(team).toBeUndefined();
    expect(buckets).toEqual([]);
  });
});
