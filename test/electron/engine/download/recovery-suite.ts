// Recovery tests shared by the storage stand-ins. The download engine reaches storage through
// the fault proxy, which counts the bytes of every GET. Cases: a child process killed
// mid-download and resumed here, download URLs that expire, injected faults, corrupted bodies,
// paths that would leave the download folder, pause, resume and cancel.

import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { Dispatcher } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';

import type { DownloadEngine } from '../../../../electron/engine/download/index';
import type {
  ProgressEvent,
  RetryEvent,
  StateEvent,
  WarningEvent,
} from '../../../../electron/engine/transfer/index';
import { childConnection } from '../../../support/engine-child';
import type { FaultProxy } from '../../../support/fault-proxy/index';
import { requestsFor, useProxiedEnv, waitForConfirmedParts, type StartEnv } from '../proxied-env';
import type { EngineEnv } from '../upload/fixture';
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
import { startDownloadChild } from './child';
import type { DownloadChildRequest } from './download-child';

/** Download URL lifetime the platform must be started with; slow downloads outlive it. */
export const URL_SECONDS = 2;
/** GETs of file content, not of manifests. */
const SLOW = { ...SMALL_RANGES, bandwidthBytesPerSecond: 4 * MiB, maxRequestsInFlight: 2 };

/**
 * Registers the recovery tests. `start` returns an environment whose download URLs live
 * URL_SECONDS, and the origin of its storage, where the fault proxy forwards to.
 */
export function downloadRecoverySuite(title: string, start: StartEnv): void {
  describe(title, () => {
    // Short stalls, so a stall without an end resets the connection within seconds.
    const started = useProxiedEnv(start, { maxStallMs: 5000 });
    let ctx: EngineEnv;
    let proxy: FaultProxy;
    let throughProxy: Dispatcher;

    beforeAll(() => {
      ({ ctx, proxy, throughProxy } = started);
    });

    /** Response body bytes of content GETs, counted at the proxy since the last reset. */
    function fetchedBytes(): number {
      return proxy
        .stats()
        .log.filter((r) => r.method === 'GET' && r.path.includes('/artifacts/content/'))
        .reduce((sum, r) => sum + r.responseBytes, 0);
    }

    function engineThroughProxy(overrides: Parameters<typeof downloader>[1] = {}): DownloadEngine {
      return downloader(ctx, {
        ...SMALL_RANGES,
        dispatcher: throughProxy,
        urlExpiryMarginMs: 1000,
        ...overrides,
      });
    }

    function downloadOne(engine: DownloadEngine, name: string, root: string): string {
      return engine.downloadArtifact({
        entity: TEAM,
        project: PROJECT,
        name,
        version: 'latest',
        root,
      });
    }

    function untilConfirmed(transferId: string, count: number): Promise<number> {
      return waitForConfirmedParts(ctx, transferId, count, 'ranges');
    }

    it('resumes a killed download from its ranges', async () => {
      const bytes = randomBytes(30 * MiB);
      await uploadArtifact(ctx, 'killed', { 'big.bin': bytes });
      proxy.resetStats();
      const root = newRoot(ctx, 'killed');
      const request: DownloadChildRequest = {
        ...childConnection(ctx),
        proxy: { port: proxy.port, upstream: proxy.upstream },
        entity: TEAM,
        project: PROJECT,
        name: 'killed',
        root,
        ...SLOW,
      };
      const child = startDownloadChild(request);
      const id = await child.transferId;
      const fileId = await untilConfirmed(id, 2);
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      await proxy.waitForIdle();

      const before = ctx.journal.confirmedParts(fileId);
      const confirmedBytes = before.reduce((sum, part) => sum + part.length, 0);
      const fetchedBeforeKill = fetchedBytes();
      proxy.resetStats();
      const pool = new RecordingHashPool();
      const engine = engineThroughProxy({ hashPool: pool });
      engine.resume(id);

      expect(await engine.wait(id)).toBe('completed');
      await pool.close();
      expectTree(root, { 'big.bin': bytes });
      // Ranges written by the killed process were never hashed here, so verify reads them all.
      expect(pool.hashedPaths).toHaveLength(1);
      expect(pool.hashedPaths[0]).toMatch(/big\.bin\.byob-\d+\.part$/);
      const after = ctx.journal.confirmedParts(fileId);
      for (const part of before) expect(after[part.index]!.receipt).toBe(part.receipt);
      expect(fetchedBytes()).toBe(bytes.length - confirmedBytes);
      // Bytes fetched twice are at most the ranges that were in flight at the kill.
      const refetched = fetchedBeforeKill + fetchedBytes() - bytes.length;
      expect(refetched).toBeLessThanOrEqual(SLOW.maxRequestsInFlight * SLOW.rangeSize);
    });

    it('refreshes download URLs before they expire', async () => {
      const bytes = randomBytes(20 * MiB);
      await uploadArtifact(ctx, 'expiring', { 'slow.bin': bytes });
      proxy.resetStats();
      const root = newRoot(ctx, 'expiring');
      const engine = engineThroughProxy({
        bandwidthBytesPerSecond: 4 * MiB,
        maxRequestsInFlight: 1,
      });
      const states: StateEvent[] = [];
      engine.events.on('state', (event) => states.push(event));

      const id = downloadOne(engine, 'expiring', root);

      expect(await engine.wait(id)).toBe('completed');
      expectTree(root, { 'slow.bin': bytes });
      expect(states.filter((event) => event.state === 're-minting').length).toBeGreaterThan(0);
      expect(fetchedBytes()).toBe(bytes.length);
    });

    it('refreshes a URL that storage rejects as expired', async () => {
      const bytes = randomBytes(3 * MiB);
      await uploadArtifact(ctx, 'rejected-url', { 'r.bin': bytes });
      // The first GET is held past the URL lifetime, so storage checks an expired signature.
      proxy.setRules([
        {
          match: requestsFor('GET', bytes),
          fault: { kind: 'stall', ms: (URL_SECONDS + 1) * 1000 },
          times: 1,
        },
      ]);
      const root = newRoot(ctx, 'rejected-url');
      const engine = engineThroughProxy({ urlExpiryMarginMs: 0 });
      const retries: RetryEvent[] = [];
      engine.events.on('retry', (event) => retries.push(event));

      const id = downloadOne(engine, 'rejected-url', root);

      expect(await engine.wait(id)).toBe('completed');
      proxy.setRules([]);
      expect(retries.map((event) => event.action)).toEqual(['remint']);
      expectTree(root, { 'r.bin': bytes });
    });

    it('retries statuses, resets and stalls', async () => {
      const files = { 'ranged.bin': randomBytes(12 * MiB), 'whole.bin': randomBytes(3 * MiB) };
      await uploadArtifact(ctx, 'faulty', files);
      // Each fault is limited to one of the two files, so both kinds of fetch recover from it.
      const ranged = requestsFor('GET', files['ranged.bin']);
      const whole = requestsFor('GET', files['whole.bin']);
      proxy.setRules([
        { match: ranged, fault: { kind: 'status', status: 503 }, times: 1 },
        { match: whole, fault: { kind: 'status', status: 500 }, times: 1 },
        { match: ranged, fault: { kind: 'reset-response', afterBytes: 100_000 }, times: 1 },
        { match: whole, fault: { kind: 'reset-response', afterBytes: 100_000 }, times: 1 },
        { match: ranged, fault: { kind: 'stall' }, times: 1 },
      ]);
      const root = newRoot(ctx, 'faulty');
      const engine = engineThroughProxy({ maxRequestsInFlight: 1, maxFilesInFlight: 1 });
      const retries: RetryEvent[] = [];
      engine.events.on('retry', (event) => retries.push(event));

      const id = downloadOne(engine, 'faulty', root);

      expect(await engine.wait(id)).toBe('completed');
      proxy.setRules([]);
      expectTree(root, files);
      expect(retries.filter((event) => event.status === 503)).toHaveLength(1);
      expect(retries.filter((event) => event.status === 500)).toHaveLength(1);
      expect(retries.filter((event) => event.status === undefined)).toHaveLength(3);
    });

    it('fetches a corrupted file once more', async () => {
      const bytes = randomBytes(2 * MiB);
      await uploadArtifact(ctx, 'corrupt-once', { 'c.bin': bytes });
      proxy.setRules([
        {
          match: requestsFor('GET', bytes),
          fault: { kind: 'corrupt-response-body', atByte: 1234 },
          times: 1,
        },
      ]);
      const root = newRoot(ctx, 'corrupt-once');
      const engine = engineThroughProxy();
      const warnings: WarningEvent[] = [];
      engine.events.on('warning', (event) => warnings.push(event));

      const id = downloadOne(engine, 'corrupt-once', root);

      expect(await engine.wait(id)).toBe('completed');
      proxy.setRules([]);
      expectTree(root, { 'c.bin': bytes });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(/MD5 .* fetched once more/);
    });

    it('fails a file that stays corrupted', async () => {
      const bytes = randomBytes(2 * MiB);
      await uploadArtifact(ctx, 'corrupt-always', { 'c.bin': bytes });
      proxy.setRules([
        { match: requestsFor('GET', bytes), fault: { kind: 'corrupt-response-body', atByte: 99 } },
      ]);
      const root = newRoot(ctx, 'corrupt-always');
      const engine = engineThroughProxy();

      const id = downloadOne(engine, 'corrupt-always', root);

      expect(await engine.wait(id)).toBe('failed');
      proxy.setRules([]);
      expect(ctx.journal.getTransfer(id)!.transfer.error?.code).toBe('CHECKSUM_MISMATCH');
      expect(ctx.journal.getTransfer(id)!.files[0]!.state).toBe('failed');
      expect(readdirSync(root)).toEqual([]);
    });

    it('rejects paths outside the folder', async () => {
      const files = { 'ok.txt': randomBytes(10), 'evil.txt': randomBytes(11) };
      await uploadArtifact(ctx, 'traversal', files);
      // byob-platform rejects such names on upload, so the test writes one into its database,
      // as another W&B-compatible server might return it.
      await ctx.env.platform.db
        .updateTable('artifact_files')
        .set({ name: '../evil.txt' })
        .where('name', '=', 'evil.txt')
        .execute();
      const root = newRoot(ctx, 'traversal');
      const engine = engineThroughProxy();
      const states: StateEvent[] = [];
      engine.events.on('state', (event) => states.push(event));

      const id = downloadOne(engine, 'traversal', root);

      expect(await engine.wait(id)).toBe('failed');
      const error = ctx.journal.getTransfer(id)!.transfer.error!;
      expect(error.code).toBe('UNSAFE_PATH');
      expect(error.message).toContain('"../evil.txt"');
      expect(states.find((event) => event.logicalPath === '../evil.txt')?.state).toBe('failed');
      expectTree(root, { 'ok.txt': files['ok.txt'] });
      expect(existsSync(join(dirname(root), 'evil.txt'))).toBe(false);
    });

    it('pauses and resumes', async () => {
      const bytes = randomBytes(16 * MiB);
      await uploadArtifact(ctx, 'paused', { 'p.bin': bytes });
      const root = newRoot(ctx, 'paused');
      const pool = new RecordingHashPool();
      const engine = engineThroughProxy({ ...SLOW, hashPool: pool });
      const id = downloadOne(engine, 'paused', root);
      await untilConfirmed(id, 1);
      // A wait that started before the pause resolves with the paused state.
      const waiting = engine.wait(id);
      await engine.pause(id);
      expect(await waiting).toBe('paused');
      const { id: fileId } = ctx.journal.getTransfer(id)!.files[0]!;
      expect(readdirSync(root)).toEqual([`p.bin.byob-${fileId}.part`]);

      const progress: ProgressEvent[] = [];
      engine.events.on('progress', (event) => progress.push(event));
      engine.resume(id);
      expect(await engine.wait(id)).toBe('completed');
      await pool.close();
      expectTree(root, { 'p.bin': bytes });
      // The resumed fetch starts with ranges on disk, so verify reads the whole file.
      expect(pool.hashedPaths).toHaveLength(1);
      expect(pool.hashedPaths[0]).toBe(join(root, `p.bin.byob-${fileId}.part`));
      expect(progress.at(-1)!.transfer.bytesDone).toBe(bytes.length);
      expect(progress.at(-1)!.transfer.bytesTotal).toBe(bytes.length);
    });

    it('cancels and deletes the partial file', async () => {
      await uploadArtifact(ctx, 'cancelled', { 'c.bin': randomBytes(16 * MiB) });
      const root = newRoot(ctx, 'cancelled');
      const engine = engineThroughProxy(SLOW);
      const id = downloadOne(engine, 'cancelled', root);
      const fileId = await untilConfirmed(id, 1);
      await engine.cancel(id);

      expect(await engine.wait(id)).toBe('cancelled');
      expect(ctx.journal.getFile(fileId).state).toBe('cancelled');
      expect(readdirSync(root)).toEqual([]);
      expect(() => engine.resume(id)).toThrow(/cannot be resumed/);
    });
  });
}
