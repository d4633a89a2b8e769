import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PlatformError } from '../../../platform/core/errors';
import { parseStorageAddress } from '../../../platform/storage/address';
import {
  assertInstanceBucketAllowed,
  assertTeamBucketAllowed,
  parseDeployment,
  type Deployment,
} from '../../../platform/storage/deployment';
import { parseFileStores } from '../../../platform/storage/file-stores';
import { DEFAULT_URL_LIFETIMES } from '../../../platform/storage/provider';
import { startPlatform } from '../../../platform/server/start';
import type { GraphqlClient } from '../../support/graphql-client';
import {
  createTeamMutation,
  startTeamsPlatform,
  type CreateTeamData,
  type TeamsPlatform,
} from './team-fixture';

const AZURE_ADDRESS = `az://:${encodeURIComponent(Buffer.alloc(64, 7).toString('base64'))}@acct/data?endpoint=${encodeURIComponent('http://127.0.0.1:1/acct')}`;

describe('deployment matrix', () => {
  it.each([
    ['self-managed', true],
    ['dedicated', true],
    ['saas', false],
  ] as const)('%s has an instance bucket: %s', (deployment, allowed) => {
    const check = () => assertInstanceBucketAllowed(deployment, 'an instance bucket', 'remove it');

    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(/^Deployment saas has no instance-level bucket/);
  });

  it.each([
    ['self-managed', 's3', true],
    ['self-managed', 'gcs', true],
    ['self-managed', 'azure', true],
    ['dedicated', 's3', true],
    ['dedicated', 'gcs', true],
    ['dedicated', 'azure', true],
    ['saas', 's3', true],
    ['saas', 'gcs', true],
    ['saas', 'azure', false],
  ] as const)('%s allows team buckets on %s: %s', (deployment, provider, allowed) => {
    const check = () => assertTeamBucketAllowed(deployment as Deployment, provider);

    if (allowed) expect(check).not.toThrow();
    else
      expect(check).toThrow(
        'Deployment saas does not allow team-level buckets on azure: use a file store on s3 or gcs.',
      );
  });

  it('parses deployment names case-insensitively', () => {
    expect(parseDeployment(' SaaS ')).toBe('saas');
  });

  it('rejects an unknown deployment', () => {
    expect(() => parseDeployment('cloud')).toThrow(
      'Unknown deployment "cloud": use one of self-managed, dedicated, saas.',
    );
  });
});

describe('SaaS start-up', () => {
  const root = mkdtempSync(join(tmpdir(), 'byob-saas-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function start(options: { instanceBucket?: string; fileStores?: string[] }) {
    return startPlatform({
      dbPath: join(root, 'platform.sqlite'),
      host: '127.0.0.1',
      port: 0,
      instanceBucket: options.instanceBucket ? parseStorageAddress(options.instanceBucket) : null,
      lifetimes: DEFAULT_URL_LIFETIMES,
      log: pino({ level: 'silent' }),
      deployment: 'saas',
      fileStores: parseFileStores((options.fileStores ?? []).join(',')),
    });
  }

  it('rejects an instance bucket in one line', async () => {
    const started = start({ instanceBucket: AZURE_ADDRESS });

    await expect(started).rejects.toThrow(PlatformError);
    await expect(started).rejects.toThrow(
      /^Deployment saas has no instance-level bucket, so an instance bucket \(--instance-bucket or BUCKET\) is not allowed: [^\n]+$/,
    );
  });

  it('rejects an Azure file store', async () => {
    await expect(start({ fileStores: [AZURE_ADDRESS] })).rejects.toThrow(
      'Deployment saas does not allow team-level buckets on azure: use a file store on s3 or gcs.',
    );
  });
});

describe('SaaS createTeam', () => {
  let env: TeamsPlatform;
  let admin: GraphqlClient;

  beforeAll(async () => {
    env = await startTeamsPlatform({ fileStores: [], deployment: 'saas' });
    admin = await env.clientFor('root', { admin: true });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('rejects instance-level storage', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'on-instance', storage: { level: 'INSTANCE' } },
    });

    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.message).toMatch(/^Deployment saas has no instance-level bucket/);
  });

  it('sends the reason of instance-level storage', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'on-instance', storage: { level: 'INSTANCE' } },
    });

    expect(result.errors[0]?.extensions?.reason).toBe('INSTANCE_BUCKET_NOT_ALLOWED');
    expect(result.errors[0]?.extensions?.params).toEqual({ deployment: 'saas' });
  });

  it('sends the reason of a store when none are configured', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'on-gcs', storage: { level: 'TEAM', provider: 'gcs', bucket: 'data' } },
    });

    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.extensions?.reason).toBe('NO_FILE_STORES');
    expect(result.errors[0]?.extensions?.params).toEqual({ store: 'data', provider: 'gcs' });
  });

  it('rejects a team without storage', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'no-storage' },
    });

    expect(result.errors[0]?.message).toMatch(/^Deployment saas has no instance-level bucket/);
  });

  it('creates no team', async () => {
    const teams = await env.platform.db
      .selectFrom('entities')
      .select('name')
      .where('kind', '=', 'team')
      .execute();

    expect(teams).toEqual([]);
  });
});
