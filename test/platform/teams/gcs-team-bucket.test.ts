import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRunFilesMutation,
  upsertRunMutation,
  type CreateRunFilesData,
} from '../../../shared/graphql/operations/index';
import { createApiKey, createUser } from '../../../platform/accounts/users';
import { parseFileStores, type BucketAddress } from '../../../platform/storage/file-stores';
import { DEFAULT_URL_LIFETIMES } from '../../../platform/storage/provider';
import { validateBucket } from '../../../platform/storage/validate';
import { startPlatform, type RunningPlatform } from '../../../platform/server/start';
import { startGcsDouble, type GcsDouble } from '../../support/gcs/index';
import { GraphqlClient } from '../../support/graphql-client';
import { headersOf, putOrThrow } from '../../support/wandb-upload';
import { createTeamMutation, type CreateTeamData } from './team-fixture';

// A SaaS platform whose team-level bucket is on the GCS double.

// Signing is offline; this keeps google-auth-library from probing a metadata server.
process.env.METADATA_SERVER_DETECTION ??= 'none';

const BUCKET = 'gcs-team-bucket';

describe('SaaS team on a GCS bucket', () => {
  const root = mkdtempSync(join(tmpdir(), 'byob-gcs-team-test-'));
  let gcs: GcsDouble;
  let store: BucketAddress;
  let privateKey: string;
  let platform: RunningPlatform;
  let admin: GraphqlClient;
  let member: GraphqlClient;

  async function clientFor(username: string, isAdmin: boolean): Promise<GraphqlClient> {
    await createUser(platform.db, { username, admin: isAdmin });
    return new GraphqlClient(platform.url, (await createApiKey(platform.db, username)).key);
  }

  function gcsAddress(email: string, privateKey: string): string {
    const endpoint = encodeURIComponent(gcs.endpoint);
    return `gs://${encodeURIComponent(email)}:${encodeURIComponent(privateKey)}@${BUCKET}?endpoint=${endpoint}`;
  }

  beforeAll(async () => {
    gcs = await startGcsDouble({ logger: pino({ level: 'silent' }) });
    gcs.createBucket(BUCKET);
    const account = gcs.createServiceAccount();
    privateKey = account.private_key;
    store = parseFileStores(gcsAddress(account.client_email, account.private_key))[0]!;

    platform = await startPlatform({
      dbPath: join(root, 'platform.sqlite'),
      host: '127.0.0.1',
      port: 0,
      instanceBucket: null,
      lifetimes: DEFAULT_URL_LIFETIMES,
      log: pino({ level: process.env.BYOB_TEST_LOG_LEVEL ?? 'silent' }),
      deployment: 'saas',
      fileStores: [store],
    });
    admin = await clientFor('root', true);
    member = await clientFor('gus', false);
  });

  afterAll(async () => {
    await platform?.close();
    await gcs?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the team through createTeam', async () => {
    const data = await admin.ok<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'geo',
        storage: { level: 'TEAM', provider: 'GCP', bucket: BUCKET },
        members: ['gus'],
      },
    });

    expect(data.createTeam?.errors).toEqual([]);
    expect(data.createTeam?.team?.storageBucketInfo?.provider).toBe('gcs');
    expect(data.createTeam?.team?.storageBucketInfo?.level).toBe('TEAM');
  });

  it('sends the reason of Azure ids on GCS', async () => {
    const result = await admin.request<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'geo-azure',
        storage: {
          level: 'TEAM',
          provider: 'GCP',
          bucket: BUCKET,
          azureTenantID: '8f3c2a1e-0b4d-4c6e-9a7f-1d2e3f4a5b6c',
          azureClientID: '2b7e9c4d-5a6f-4e8b-8c1d-3f2a1b0c9d8e',
        },
      },
    });
    const error = result.errors[0];
    const keyBody = privateKey.split('\n')[1]!;

    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.reason).toBe('AZURE_IDS_NOT_AZURE');
    expect(error?.extensions?.params?.provider).toBe('gcs');
    expect(error?.extensions?.params?.bucket).toContain(`gs://${BUCKET} `);
    expect(JSON.stringify(error?.extensions?.params)).not.toContain(keyBody);
    expect(error?.message).not.toContain(keyBody);
  });

  it('signs uploads into the GCS bucket', async () => {
    await member.ok(upsertRunMutation, { entity: 'geo', project: 'p', name: 'r' });
    const data = await member.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity: 'geo',
      project: 'p',
      run: 'r',
      files: ['map.bin'],
    });
    const upload = data.createRunFiles!;
    const url = new URL(upload.files![0]!.uploadUrl!);

    expect(url.host).toBe(new URL(gcs.endpoint).host);
    expect(url.pathname).toBe(`/${BUCKET}/geo/runs/p/r/map.bin`);
    await putOrThrow(url.toString(), randomBytes(500), headersOf(upload.uploadHeaders));
  });

  it('blocks a service account the store does not know', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const address = parseFileStores(
      gcsAddress('stranger@byob-gcs-double.iam.gserviceaccount.com', stranger),
    )[0]!;
    const result = await validateBucket(address, { prefix: 'probe' });

    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`Failed to write a test object to gs://${BUCKET}`);
    expect(result.errors[0]).toContain('HTTP 403');
    expect(result.errorIssues[0]?.code).toBe('PROBE_WRITE_FAILED');
    expect(result.errorIssues[0]?.message).toBe(result.errors[0]);
    expect(result.errorIssues[0]?.params.map((param) => param.name)).toEqual(['bucket', 'reason']);
    expect(result.errorIssues[0]?.params[0]?.value).toContain(`gs://${BUCKET} `);
    expect(result.errorIssues[0]?.params[1]?.value).toContain('HTTP 403');
  });
});
