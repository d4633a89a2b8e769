import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  completeMultipartUploadArtifactMutation,
  type CompleteMultipartUploadArtifactData,
} from '../../../shared/graphql/operations/index';
import { parseStorageAddress } from '../../../platform/storage/address';
import { startGcsDouble, type GcsDouble } from '../../support/gcs/index';
import type { GraphqlClient } from '../../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { waitForAuditEvent } from '../audit/audit-lines';
import { openMultipartUpload, resignMutation, type ResignData } from './resign-fixture';

const TEAM = 'sigma';
const BUCKET = 'byob-resign';
// Part URLs of the first createArtifactFiles expire after this many seconds, so the test can
// show an expired URL being replaced. Long enough for one 5 MiB PUT to 127.0.0.1.
const UPLOAD_URL_SECONDS = 6;
// The GCS double, like S3, wants every part but the last to be at least 5 MiB.
const FIRST_PART_BYTES = 5 * 1024 * 1024;

/** A `gs://` address for the double, written as an operator would pass it to --instance-bucket. */
function gcsAddressText(gcs: GcsDouble): string {
  const account = gcs.serviceAccount;
  return `gs://${encodeURIComponent(account.client_email)}:${encodeURIComponent(account.private_key)}@${BUCKET}?endpoint=${encodeURIComponent(gcs.endpoint)}`;
}

/** Waits until the V4 signed URL's X-Goog-Date plus X-Goog-Expires lies in the past. */
async function waitUntilExpired(url: string): Promise<void> {
  const query = new URL(url).searchParams;
  const stamp = query
    .get('X-Goog-Date')!
    .replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const expiresAt = Date.parse(stamp) + Number(query.get('X-Goog-Expires')) * 1000;
  // One extra second, because the signing time has whole-second precision.
  await sleep(Math.max(0, expiresAt - Date.now()) + 1_100);
}

async function putPart(url: string, body: Buffer): Promise<Response> {
  return fetch(url, { method: 'PUT', body });
}

describe('byobResignUploadParts on the GCS double', () => {
  let gcs: GcsDouble;
  let env: TestPlatform;
  let alice: GraphqlClient;

  beforeAll(async () => {
    gcs = await startGcsDouble();
    gcs.createBucket(BUCKET);
    env = await startTestPlatform({
      instanceBucket: parseStorageAddress(gcsAddressText(gcs)),
      lifetimes: { uploadSeconds: UPLOAD_URL_SECONDS },
    });
    alice = await env.clientFor('alice');
    await env.clientFor('mallory');
    await env.createTeam(TEAM, ['alice']);
  });

  afterAll(async () => {
    await env?.stop();
    await gcs?.stop();
  });

  it('is advertised in serverInfo.features', async () => {
    const data = await alice.ok<{
      serverInfo: { features: { name: string; isEnabled: boolean }[] };
    }>('{ serverInfo { features { name isEnabled } } }');
    expect(data.serverInfo.features).toContainEqual({
      name: 'BYOB_RESIGN_UPLOAD_PARTS',
      isEnabled: true,
    });
  });

  it('resumes an upload past URL expiry', async () => {
    const parts = [randomBytes(FIRST_PART_BYTES), randomBytes(1000)];
    const { artifactId, file } = await openMultipartUpload(alice, TEAM, parts);
    const upload = file.uploadMultipartUrls!;
    const [first, second] = upload.uploadUrlParts!;

    const firstPut = await putPart(first!.uploadUrl, parts[0]!);
    expect(firstPut.status).toBe(200);

    await waitUntilExpired(second!.uploadUrl);
    const expired = await putPart(second!.uploadUrl, parts[1]!);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('ExpiredToken');

    const resigned = await alice.ok<ResignData>(resignMutation, {
      artifactID: artifactId,
      storagePath: file.storagePath,
      uploadID: upload.uploadID,
      partNumbers: [2],
    });
    const fresh = resigned.byobResignUploadParts;
    expect(fresh.uploadID).toBe(upload.uploadID);
    expect(fresh.uploadUrlParts.map((p) => p.partNumber)).toEqual([2]);
    expect(Date.parse(fresh.expiresAt)).toBeGreaterThan(Date.now());

    const secondPut = await putPart(fresh.uploadUrlParts[0]!.uploadUrl, parts[1]!);
    expect(secondPut.status).toBe(200);

    const completed = await alice.ok<CompleteMultipartUploadArtifactData>(
      completeMultipartUploadArtifactMutation,
      {
        completeMultipartAction: 'Complete',
        completedParts: [
          { partNumber: 1, hexMD5: firstPut.headers.get('etag') },
          { partNumber: 2, hexMD5: secondPut.headers.get('etag') },
        ],
        artifactID: artifactId,
        storagePath: file.storagePath,
        uploadID: upload.uploadID,
      },
    );
    expect(completed.completeMultipartUploadArtifact?.digest).toBeTruthy();

    const whole = Buffer.concat(parts);
    const stored = await env.platform.instanceProvider!.readSmallObject(
      file.storagePath!,
      whole.length,
    );
    expect(stored.equals(whole)).toBe(true);

    const audit = await waitForAuditEvent(
      env.auditLogPath,
      (e) => e.action === 'url.upload_parts' && e.detail.parts === '2',
      'the re-signed part URL',
    );
    expect(audit.actor).toBe('alice');
    expect(audit.team).toBe(TEAM);
    expect(audit.object).toBe(file.storagePath);
    expect(audit.detail.xUser).toBe('alice');
    expect(audit.detail.uploadId).toBe(upload.uploadID);
    const text = readFileSync(env.auditLogPath, 'utf8');
    expect(text).not.toContain('X-Goog-Signature');
    expect(text).not.toContain('?');
  });

  it("re-signs through W&B's refreshMultipartUploadUrls", async () => {
    const part = randomBytes(100);
    const { artifactId, file } = await openMultipartUpload(alice, TEAM, [part]);
    const refreshed = await alice.ok<{
      refreshMultipartUploadUrls: { uploadUrlParts: { partNumber: number; uploadUrl: string }[] };
    }>(
      `mutation Refresh($artifactID: ID!, $uploadID: String!, $storagePath: String!, $uploadPartsInput: [UploadPartsInput!]!) {
        refreshMultipartUploadUrls(input: { artifactID: $artifactID, uploadID: $uploadID, storagePath: $storagePath, uploadPartsInput: $uploadPartsInput }) {
          uploadUrlParts { partNumber uploadUrl }
        }
      }`,
      {
        artifactID: artifactId,
        uploadID: file.uploadMultipartUrls!.uploadID,
        storagePath: file.storagePath,
        uploadPartsInput: [{ partNumber: 1, hexMD5: createHash('md5').update(part).digest('hex') }],
      },
    );
    const urls = refreshed.refreshMultipartUploadUrls.uploadUrlParts;
    expect(urls.map((u) => u.partNumber)).toEqual([1]);
    expect((await putPart(urls[0]!.uploadUrl, part)).status).toBe(200);
  });

  it('rejects an unknown upload', async () => {
    const { artifactId, file } = await openMultipartUpload(alice, TEAM, [randomBytes(100)]);
    const result = await alice.request<ResignData>(resignMutation, {
      artifactID: artifactId,
      storagePath: file.storagePath,
      uploadID: 'no-such-upload',
      partNumbers: [1],
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]!.message).toContain('No open multipart upload "no-such-upload"');
  });

  it.each([
    [[], 'send 1 to 10000 part numbers'],
    [[0], 'Invalid part number 0'],
    [[10_001], 'Invalid part number 10001'],
    [[1, 1], '1 is listed twice'],
  ])('rejects partNumbers %j', async (partNumbers, message) => {
    const { artifactId, file } = await openMultipartUpload(alice, TEAM, [randomBytes(100)]);
    const result = await alice.request<ResignData>(resignMutation, {
      artifactID: artifactId,
      storagePath: file.storagePath,
      uploadID: file.uploadMultipartUrls!.uploadID,
      partNumbers,
    });
    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.message).toContain(message);
  });

  it('rejects a non-member', async () => {
    const { artifactId, file } = await openMultipartUpload(alice, TEAM, [randomBytes(100)]);
    const mallory = await env.clientFor('mallory');
    const result = await mallory.request<ResignData>(resignMutation, {
      artifactID: artifactId,
      storagePath: file.storagePath,
      uploadID: file.uploadMultipartUrls!.uploadID,
      partNumbers: [1],
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.extensions?.code).toBe('FORBIDDEN');
    expect(result.data?.byobResignUploadParts ?? null).toBeNull();
  });
});
