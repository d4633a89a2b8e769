import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRunFilesMutation,
  upsertRunMutation,
  type CreateRunFilesData,
} from '../../../shared/graphql/operations/index';
import { createApiKey, createUser } from '../../../platform/accounts/users';
import { parseFileStores } from '../../../platform/storage/file-stores';
import { DEFAULT_URL_LIFETIMES } from '../../../platform/storage/provider';
import { startPlatform, type RunningPlatform } from '../../../platform/server/start';
import { useCephCluster } from '../../support/ceph/vitest';
import { GraphqlClient } from '../../support/graphql-client';
import { headersOf, putOrThrow, uploadArtifact } from '../../support/wandb-upload';
import { createTeamMutation, type CreateTeamData } from './team-fixture';

// A SaaS platform whose only storage is a team-level bucket on Ceph RADOS Gateway with a
// KMS key: the createTeam mutation, signed URLs with SSE-KMS headers and an artifact upload.

const cluster = useCephCluster();
const BUCKET = `team-kms-${randomBytes(4).toString('hex')}`;
const TEAM_PATH = 'teams/kms';

describe('SaaS team on an S3 bucket with a KMS key', () => {
  const root = mkdtempSync(join(tmpdir(), 'byob-s3-team-test-'));
  let s3: S3Client;
  let platform: RunningPlatform;
  let member: GraphqlClient;
  let created: CreateTeamData['createTeam'];

  async function clientFor(username: string, admin: boolean): Promise<GraphqlClient> {
    await createUser(platform.db, { username, admin });
    return new GraphqlClient(platform.url, (await createApiKey(platform.db, username)).key);
  }

  beforeAll(async () => {
    const ceph = cluster();
    s3 = new S3Client({
      endpoint: ceph.endpoint,
      region: ceph.region,
      credentials: { accessKeyId: ceph.accessKeyId, secretAccessKey: ceph.secretAccessKey },
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: BUCKET,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: BUCKET,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedMethods: ['GET', 'HEAD', 'PUT'],
              AllowedOrigins: ['*'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 3000,
            },
          ],
        },
      }),
    );

    const host = new URL(ceph.endpoint).host;
    const keys = `${encodeURIComponent(ceph.accessKeyId)}:${encodeURIComponent(ceph.secretAccessKey)}`;
    platform = await startPlatform({
      dbPath: join(root, 'platform.sqlite'),
      host: '127.0.0.1',
      port: 0,
      instanceBucket: null,
      lifetimes: DEFAULT_URL_LIFETIMES,
      log: pino({ level: process.env.BYOB_TEST_LOG_LEVEL ?? 'silent' }),
      deployment: 'saas',
      fileStores: parseFileStores(`s3://${keys}@${host}/${BUCKET}?region=${ceph.region}&tls=false`),
    });

    const admin = await clientFor('root', true);
    member = await clientFor('kim', false);
    const data = await admin.ok<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'kms-team',
        storage: {
          level: 'TEAM',
          provider: 'AWS',
          bucket: BUCKET,
          path: TEAM_PATH,
          kmsKeyID: ceph.kmsKeyId,
        },
        members: ['kim'],
      },
    });
    created = data.createTeam;
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the team without errors or warnings', () => {
    expect(created?.errors).toEqual([]);
    expect(created?.warnings).toEqual([]);
  });

  it('reports the bucket and KMS key in storageBucketInfo', () => {
    expect(created?.team?.storageBucketInfo).toEqual({
      provider: 's3',
      name: BUCKET,
      path: TEAM_PATH,
      level: 'TEAM',
      kmsKeyID: cluster().kmsKeyId,
      azureTenantID: null,
      azureClientID: null,
    });
  });

  it('signs uploads into the team folder with SSE-KMS', async () => {
    await member.ok(upsertRunMutation, { entity: 'kms-team', project: 'p', name: 'r' });
    const data = await member.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity: 'kms-team',
      project: 'p',
      run: 'r',
      files: ['weights.bin'],
    });
    const upload = data.createRunFiles!;
    const url = new URL(upload.files![0]!.uploadUrl!);

    expect(url.host).toBe(new URL(cluster().endpoint).host);
    expect(url.pathname).toBe(`/${BUCKET}/${TEAM_PATH}/runs/p/r/weights.bin`);
    expect(upload.uploadHeaders).toContain('x-amz-server-side-encryption:aws:kms');

    await putOrThrow(url.toString(), randomBytes(1000), headersOf(upload.uploadHeaders));
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${TEAM_PATH}/runs/p/r/weights.bin` }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toContain(cluster().kmsKeyId);
  });

  it('uploads a whole artifact into the team folder', async () => {
    const result = await uploadArtifact(member, {
      entity: 'kms-team',
      project: 'p',
      name: 'weights',
      type: 'model',
      files: { 'model.bin': randomBytes(50_000) },
    });

    expect(result.commitErrors).toEqual([]);
    expect(result.state).toBe('COMMITTED');

    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${TEAM_PATH}/artifacts/` }),
    );
    expect(listed.Contents?.length).toBe(2);
  });
});
