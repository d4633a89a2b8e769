// The verify step of downloads on Azurite, through the fault proxy. A file fetched from its
// first byte is checked against the MD5 computed while it was written, so the hashing pool
// does not read its whole `.part` file again. A digest that skipped or
// repeated bytes would not match the listed MD5, so each download below would fetch its file
// once more or fail.

import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';

import type { Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { RetryEvent, WarningEvent } from '../../../../electron/engine/transfer/index';
import { connectThroughProxy } from '../../../support/fault-proxy/connect';
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy/index';
import { requestsFor } from '../proxied-env';
import { startEngineEnv, type EngineEnv } from '../upload/fixture';
import {
  downloader,
  expectTree,
  MiB,
  newRoot,
  PROJECT,
  RecordingHashPool,
  SMALL_RANGES,
  TEAM,
  uploadArtifact,
} from './fixture';

describe('DownloadEngine verify from streamed digests', () => {
  let ctx: EngineEnv;
  let proxy: FaultProxy;
  let throughProxy: Dispatcher;
  let pool: RecordingHashPool;

  beforeAll(async () => {
    ctx = await startEngineEnv();
    proxy = await startFaultProxy({ upstream: new URL(ctx.env.azurite.endpoint).origin });
    throughProxy = connectThroughProxy(proxy);
  });

  afterEach(async () => {
    proxy.setRules([]);
    await pool?.close();
  });

  afterAll(async () => {
    await ctx?.stop();
    await throughProxy?.close();
    await proxy?.stop();
  });

  /** Uploads `files` and downloads them through the proxy with a recording pool. */
  async function download(name: string, files: Record<string, Buffer>) {
    await uploadArtifact(ctx, name, files);
    proxy.resetStats();
    pool = new RecordingHashPool();
    const engine = downloader(ctx, {
      ...SMALL_RANGES,
      dispatcher: throughProxy,
      hashPool: pool,
      maxRequestsInFlight: 4,
    });
    const warnings: WarningEvent[] = [];
    const retries: RetryEvent[] = [];
    engine.events.on('warning', (event) => warnings.push(event));
    engine.events.on('retry', (event) => retries.push(event));
    const root = newRoot(ctx, name);

    const id = engine.downloadArtifact({
      entity: TEAM,
      project: PROJECT,
      name,
      version: 'latest',
      root,
    });

    const state = await engine.wait(id);
    const error = ctx.journal.getTransfer(id)!.transfer.error;
    return { id, root, state, error, warnings, retries };
  }

  /** Response body bytes of content GETs since the last reset. */
  function fetchedBytes(): number {
    return proxy
      .stats()
      .log.filter((record) => record.path.includes('/artifacts/content/'))
      .reduce((sum, record) => sum + record.responseBytes, 0);
  }

  it('verifies fresh files without a re-read', async () => {
    const files = {
      'empty.txt': Buffer.alloc(0),
      'small.txt': randomBytes(16 * 1024),
      'whole.bin': randomBytes(3 * MiB),
      'ranged.bin': randomBytes(12 * MiB + 5),
    };

    const run = await download('fresh', files);

    expect(run.state, JSON.stringify(run.error)).toBe('completed');
    expectTree(run.root, files);
    expect(pool.hashedPaths).toEqual([]);
    expect(run.warnings).toEqual([]);
  });

  it('hashes ranges that complete out of order', async () => {
    const files = { 'late-first.bin': randomBytes(16 * MiB) };
    // The first range waits, so the later ranges complete before it.
    proxy.setRules([
      {
        match: requestsFor('GET', files['late-first.bin']),
        fault: { kind: 'stall', ms: 1500 },
        times: 1,
      },
    ]);

    const run = await download('out-of-order', files);

    expect(run.state, JSON.stringify(run.error)).toBe('completed');
    expectTree(run.root, files);
    const file = ctx.journal.getTransfer(run.id)!.files[0]!;
    const confirmed = ctx.journal.confirmedParts(file.id);
    expect(confirmed).toHaveLength(4);
    const first = confirmed.find((part) => part.index === 0)!;
    const last = confirmed.find((part) => part.index === 3)!;
    expect(first.confirmedAtMs).toBeGreaterThan(last.confirmedAtMs);
    expect(pool.hashedPaths).toEqual([]);
  });

  it('hashes a range retried after a reset once', async () => {
    const files = { 'reset.bin': randomBytes(12 * MiB) };
    proxy.setRules([
      {
        match: requestsFor('GET', files['reset.bin']),
        fault: { kind: 'reset-response', afterBytes: 100_000 },
        times: 2,
      },
    ]);

    const run = await download('reset-range', files);

    expect(run.state, JSON.stringify(run.error)).toBe('completed');
    expectTree(run.root, files);
    expect(run.retries).toHaveLength(2);
    expect(fetchedBytes()).toBe(12 * MiB + 2 * 100_000);
    expect(pool.hashedPaths).toEqual([]);
    expect(run.warnings).toEqual([]);
  });

  it('continues a whole-file digest after a reset', async () => {
    const files = { 'whole.bin': randomBytes(3 * MiB) };
    proxy.setRules([
      {
        match: requestsFor('GET', files['whole.bin']),
        fault: { kind: 'reset-response', afterBytes: 100_000 },
        times: 1,
      },
    ]);

    const run = await download('reset-whole', files);

    expect(run.state, JSON.stringify(run.error)).toBe('completed');
    expectTree(run.root, files);
    expect(run.retries).toHaveLength(1);
    // The second GET requests only the bytes after those the first one delivered.
    const gets = proxy.stats().log.filter((record) => record.path.includes('/artifacts/content/'));
    expect(gets).toHaveLength(2);
    expect(gets[1]!.responseBytes).toBeLessThan(3 * MiB);
    expect(pool.hashedPaths).toEqual([]);
    expect(run.warnings).toEqual([]);
  });

  it('fetches a corrupted range once more', async () => {
    const files = { 'corrupt.bin': randomBytes(12 * MiB) };
    proxy.setRules([
      {
        match: requestsFor('GET', files['corrupt.bin']),
        fault: { kind: 'corrupt-response-body', atByte: 1234 },
        times: 1,
      },
    ]);

    const run = await download('corrupt-range-once', files);

    expect(run.state, JSON.stringify(run.error)).toBe('completed');
    expectTree(run.root, files);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings[0]!.message).toMatch(/MD5 .* fetched once more/);
    // The fetch after the mismatch is verified by reading the whole `.part` file.
    expect(pool.hashedPaths).toHaveLength(1);
    expect(pool.hashedPaths[0]).toMatch(/corrupt\.bin\.byob-\d+\.part$/);
  });

  it('fails a ranged file that stays corrupted', async () => {
    const files = { 'corrupt.bin': randomBytes(12 * MiB) };
    proxy.setRules([
      {
        match: requestsFor('GET', files['corrupt.bin']),
        fault: { kind: 'corrupt-response-body', atByte: 99 },
      },
    ]);

    const run = await download('corrupt-range-always', files);

    expect(run.state).toBe('failed');
    expect(run.error?.code).toBe('CHECKSUM_MISMATCH');
    expect(ctx.journal.getTransfer(run.id)!.files[0]!.state).toBe('failed');
    expect(readdirSync(run.root)).toEqual([]);
  });
});
