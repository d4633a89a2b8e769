import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SAS_START_BACKDATE_SECONDS } from '../../platform/storage/azure-sas';
import {
  createRunFilesMutation,
  runFilesQuery,
  upsertRunMutation,
  type CreateRunFilesData,
  type RunFilesData,
} from '../../shared/graphql/operations/index';
import type { GraphqlClient } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { headersOf } from '../support/wandb-upload';

const ENTITY = 'kappa';
const PROJECT = 'vision';
const RUN = 'lifetimes';
// Distinct, so a URL signed with the wrong one shows in its `se` parameter.
const UPLOAD_SECONDS = 2;
const DOWNLOAD_SECONDS = 3;
// Extra wait past a URL's expiry before using it, in milliseconds, because `se` has whole
// seconds and the request to Azurite takes a moment.
const EXPIRY_MARGIN_MS = 1000;

/** Start (`st`) and expiry (`se`) of a SAS URL, in epoch milliseconds. */
function sasWindow(url: string): { startsAt: number; expiresAt: number } {
  const query = new URL(url).searchParams;
  const startsAt = Date.parse(query.get('st') ?? '');
  const expiresAt = Date.parse(query.get('se') ?? '');
  expect(Number.isNaN(startsAt), 'st parameter').toBe(false);
  expect(Number.isNaN(expiresAt), 'se parameter').toBe(false);
  return { startsAt, expiresAt };
}

async function waitPast(epochMs: number): Promise<void> {
  await sleep(Math.max(0, epochMs + EXPIRY_MARGIN_MS - Date.now()));
}

const put = (url: string, body: Buffer, headers: Record<string, string>) =>
  fetch(url, { method: 'PUT', body, headers });

describe('pre-signed URL lifetimes', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;

  async function uploadUrl(name: string) {
    const mintedAt = Date.now();
    const data = await alice.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity: ENTITY,
      project: PROJECT,
      run: RUN,
      files: [name],
    });
    const created = data.createRunFiles!;
    return {
      url: created.files![0]!.uploadUrl!,
      headers: headersOf(created.uploadHeaders),
      mintedAt,
    };
  }

  async function downloadUrl(name: string) {
    const mintedAt = Date.now();
    const data = await alice.ok<RunFilesData>(runFilesQuery, {
      entity: ENTITY,
      project: PROJECT,
      run: RUN,
      fileNames: [name],
    });
    const node = data.project!.run!.files!.edges[0]!.node!;
    return { url: node.directUrl, mintedAt };
  }

  /** Uploads `name` with a fresh URL and returns its bytes. */
  async function stored(name: string): Promise<Buffer> {
    const bytes = randomBytes(100);
    const target = await uploadUrl(name);
    const response = await put(target.url, bytes, target.headers);
    expect(response.status, `PUT ${name}`).toBe(201);
    return bytes;
  }

  beforeAll(async () => {
    env = await startTestPlatform({
      lifetimes: { uploadSeconds: UPLOAD_SECONDS, downloadSeconds: DOWNLOAD_SECONDS },
    });
    alice = await env.clientFor('alice');
    await env.createTeam(ENTITY, ['alice']);
    await alice.ok(upsertRunMutation, { entity: ENTITY, project: PROJECT, name: RUN });
  });
  afterAll(() => env?.stop());

  it('signs upload URLs for the upload lifetime', async () => {
    const target = await uploadUrl('window-up.txt');
    const { startsAt, expiresAt } = sasWindow(target.url);

    expect(expiresAt - startsAt).toBe((UPLOAD_SECONDS + SAS_START_BACKDATE_SECONDS) * 1000);
    expect(Math.abs(expiresAt - target.mintedAt - UPLOAD_SECONDS * 1000)).toBeLessThan(1500);
  });

  it('signs download URLs for the download lifetime', async () => {
    await stored('window-down.txt');
    const target = await downloadUrl('window-down.txt');
    const { startsAt, expiresAt } = sasWindow(target.url);

    expect(expiresAt - startsAt).toBe((DOWNLOAD_SECONDS + SAS_START_BACKDATE_SECONDS) * 1000);
    expect(Math.abs(expiresAt - target.mintedAt - DOWNLOAD_SECONDS * 1000)).toBeLessThan(1500);
  });

  it('accepts an upload URL at once, then rejects it', async () => {
    const target = await uploadUrl('expiring-up.txt');
    const first = await put(target.url, Buffer.from('first'), target.headers);
    expect(first.status).toBe(201);

    await waitPast(sasWindow(target.url).expiresAt);
    const late = await put(target.url, Buffer.from('second'), target.headers);
    expect(late.status).toBe(403);
  });

  it('serves a download URL at once, then rejects it', async () => {
    const bytes = await stored('expiring-down.txt');
    const target = await downloadUrl('expiring-down.txt');
    const first = await fetch(target.url);
    expect(first.status).toBe(200);
    expect(Buffer.from(await first.arrayBuffer()).equals(bytes)).toBe(true);

    await waitPast(sasWindow(target.url).expiresAt);
    const late = await fetch(target.url);
    expect(late.status).toBe(403);
  });

  it('keeps a download URL valid past upload expiry', async () => {
    const bytes = await stored('both.txt');
    const upload = await uploadUrl('both.txt');
    // Mint the download URL a second later, so it outlives the upload URL by about two
    // seconds with these lifetimes.
    await sleep(1000);
    const download = await downloadUrl('both.txt');
    const uploadExpiry = sasWindow(upload.url).expiresAt;
    const downloadExpiry = sasWindow(download.url).expiresAt;
    expect(downloadExpiry - uploadExpiry).toBeGreaterThanOrEqual(1000 * 2);

    await waitPast(uploadExpiry);
    const rejected = await put(upload.url, Buffer.from('too late'), upload.headers);
    const served = await fetch(download.url);

    expect(rejected.status).toBe(403);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('rejects a tampered signature', async () => {
    await stored('tamper.txt');
    const upload = await uploadUrl('tamper.txt');
    const download = await downloadUrl('tamper.txt');
    const tamper = (url: string) => {
      const parsed = new URL(url);
      const signature = parsed.searchParams.get('sig')!;
      const flipped = signature[0] === 'A' ? 'B' : 'A';
      parsed.searchParams.set('sig', `${flipped}${signature.slice(1)}`);
      return parsed.toString();
    };

    const write = await put(tamper(upload.url), Buffer.from('forged'), upload.headers);
    const read = await fetch(tamper(download.url));
    expect(write.status).toBe(403);
    expect(read.status).toBe(403);
  });

  it('rejects a URL used for another name', async () => {
    const upload = await uploadUrl('mine.txt');
    const other = new URL(upload.url);
    other.pathname = other.pathname.replace(/mine\.txt$/, 'other.txt');
    expect(other.pathname).toMatch(/other\.txt$/);

    const response = await put(other.toString(), Buffer.from('sneaky'), upload.headers);
    expect(response.status).toBe(403);
  });
});
