// Recovery tests shared by the storage stand-ins. The engine reaches storage through the
// fault proxy, which counts the bytes of every part PUT. Cases: URLs that expire mid-upload,
// a child process killed mid-upload and resumed here, pause and resume, cancel, and a file
// changed during its upload.

import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';

import type { Dispatcher } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';

import type {
  RetryEvent,
  StateEvent,
  UploadEngine,
} from '../../../../electron/engine/upload/index';
import { childConnection } from '../../../support/engine-child';
import type { FaultProxy } from '../../../support/fault-proxy/index';
import { requestsFor, useProxiedEnv, waitForConfirmedParts, type StartEnv } from '../proxied-env';
import { startUploadChild } from './child';
import { MiB, PROJECT, SMALL_PARTS, TEAM, type EngineEnv } from './fixture';

/** Upload URL lifetime the platform must be started with; the bandwidth limit stretches each upload well past it. */
export const URL_SECONDS = 3;
const SLOW = { ...SMALL_PARTS, bandwidthBytesPerSecond: 4 * MiB, maxRequestsInFlight: 1 };

/**
 * Registers the recovery tests. `start` returns an environment whose upload URLs live
 * URL_SECONDS, and the origin of its storage, where the fault proxy forwards to.
 */
export function recoverySuite(
  title: string,
  start: StartEnv,
  options: { multipart: boolean } = { multipart: true },
): void {
  describe(title, () => {
    const started = useProxiedEnv(start);
    let ctx: EngineEnv;
    let proxy: FaultProxy;
    let throughProxy: Dispatcher;

    beforeAll(() => {
      ({ ctx, proxy, throughProxy } = started);
    });

    /** Bytes of file content PUTs that storage accepted, counted at the proxy, for one upload. */
    function acceptedPutBytes(): { requests: number; bytes: number } {
      const accepted = proxy
        .stats()
        .log.filter(
          (r) =>
            r.method === 'PUT' &&
            r.status !== null &&
            r.status >= 200 &&
            r.status < 300 &&
            r.path.includes('/artifacts/content/'),
        );
      // On Azure the last content PUT is Put Block List, which carries block ids, not file
      // bytes. The log has no query string to tell it apart, so it is dropped by position.
      if (!options.multipart) {
        const blockList = accepted.pop();
        expect(blockList!.requestBytes).toBeLessThan(4096);
      }
      return {
        requests: accepted.length,
        bytes: accepted.reduce((sum, r) => sum + r.requestBytes, 0),
      };
    }

    /** Starts the upload of a one-file model artifact `name`. */
    function uploadFile(
      engine: UploadEngine,
      name: string,
      logicalPath: string,
      localPath: string,
    ): string {
      return engine.uploadArtifact({
        entity: TEAM,
        project: PROJECT,
        name,
        type: 'model',
        files: [{ logicalPath, localPath }],
      });
    }

    function uploadOne(engine: UploadEngine, name: string, bytes: Buffer): string {
      return uploadFile(engine, name, 'f.bin', ctx.writeLocal(`${name}/f.bin`, bytes));
    }

    function engineThroughProxy(overrides: Parameters<EngineEnv['engine']>[0] = {}): UploadEngine {
      return ctx.engine({
        ...SLOW,
        dispatcher: throughProxy,
        urlExpiryMarginMs: 1000,
        ...overrides,
      });
    }

    function untilConfirmed(transferId: string, count: number): Promise<number> {
      return waitForConfirmedParts(ctx, transferId, count, 'parts');
    }

    it('re-mints expired URLs without sending a part twice', async () => {
      proxy.resetStats();
      const bytes = randomBytes(22 * MiB);
      const engine = engineThroughProxy();
      const states: StateEvent[] = [];
      engine.events.on('state', (event) => states.push(event));
      const id = uploadFile(engine, 'remint', 'slow.bin', ctx.writeLocal('remint/slow.bin', bytes));

      expect(await engine.wait(id)).toBe('completed');
      expect(states.some((event) => event.state === 're-minting')).toBe(true);
      expect(acceptedPutBytes()).toEqual({ requests: 5, bytes: bytes.length });
      expect((await ctx.readBack('remint'))['slow.bin']!.equals(bytes)).toBe(true);
    });

    it('resumes a killed upload from its receipts', async () => {
      proxy.resetStats();
      const bytes = randomBytes(30 * MiB);
      const localPath = ctx.writeLocal('resume/big.bin', bytes);
      const child = startUploadChild({
        ...childConnection(ctx),
        entity: TEAM,
        project: PROJECT,
        name: 'resumed',
        files: [{ localPath, logicalPath: 'big.bin' }],
        ...SLOW,
      });
      const id = await child.transferId;
      const fileId = await untilConfirmed(id, 2);
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');

      const before = ctx.journal.confirmedParts(fileId);
      const confirmedBytes = before.reduce((sum, part) => sum + part.length, 0);
      const engine = engineThroughProxy({ bandwidthBytesPerSecond: undefined });
      engine.resume(id);

      expect(await engine.wait(id)).toBe('completed');
      const after = ctx.journal.confirmedParts(fileId);
      for (const part of before) expect(after[part.index]!.receipt).toBe(part.receipt);
      expect(acceptedPutBytes().bytes).toBe(bytes.length - confirmedBytes);
      expect((await ctx.readBack('resumed'))['big.bin']!.equals(bytes)).toBe(true);
    });

    it('pauses and resumes', async () => {
      proxy.resetStats();
      const bytes = randomBytes(16 * MiB);
      const engine = engineThroughProxy();
      const id = uploadFile(engine, 'paused', 'p.bin', ctx.writeLocal('pause/p.bin', bytes));
      await untilConfirmed(id, 1);
      await engine.pause(id);
      expect(await engine.wait(id)).toBe('paused');

      engine.resume(id);
      expect(await engine.wait(id)).toBe('completed');
      expect((await ctx.readBack('paused'))['p.bin']!.equals(bytes)).toBe(true);
    });

    it('cancels and aborts the provider upload', async () => {
      const engine = engineThroughProxy();
      const localPath = ctx.writeLocal('cancel/c.bin', randomBytes(16 * MiB));
      const id = uploadFile(engine, 'cancelled', 'c.bin', localPath);
      const warnings: unknown[] = [];
      engine.events.on('warning', (event) => warnings.push(event));
      const fileId = await untilConfirmed(id, 1);
      const uploadId = ctx.journal.getFile(fileId).uploadId;
      await engine.cancel(id);

      expect(await engine.wait(id)).toBe('cancelled');
      expect(ctx.journal.getFile(fileId).state).toBe('cancelled');
      expect(warnings).toEqual([]);
      if (!options.multipart) {
        // Azure has no upload to abort: uncommitted blocks expire on their own after 7 days.
        expect(uploadId).toBeNull();
        return;
      }
      // The platform clears the upload id only after the provider aborted the upload.
      const file = ctx.journal.getFile(fileId);
      await expect(
        ctx.client.completeMultipartUpload({
          artifactID: ctx.journal.getTransfer(id)!.transfer.artifactId!,
          storagePath: file.storagePath!,
          uploadID: uploadId!,
          completedParts: [{ partNumber: 1, hexMD5: 'etag' }],
        }),
      ).rejects.toThrow(/No open multipart upload/);
    });

    it('retries a 503 and a reset connection', async () => {
      proxy.resetStats();
      const bytes = randomBytes(12 * MiB);
      const puts = requestsFor('PUT', bytes);
      proxy.setRules([
        { match: puts, fault: { kind: 'status', status: 503 }, times: 1 },
        { match: puts, fault: { kind: 'reset-request', afterBytes: 1000 }, times: 1 },
      ]);
      const engine = engineThroughProxy({ bandwidthBytesPerSecond: undefined });
      const retries: RetryEvent[] = [];
      engine.events.on('retry', (event) => retries.push(event));
      const id = uploadOne(engine, 'retried', bytes);

      expect(await engine.wait(id)).toBe('completed');
      proxy.setRules([]);
      expect(retries.map((event) => event.action)).toEqual(['retry', 'retry']);
      expect(retries[0]!.status).toBe(503);
      expect((await ctx.readBack('retried'))['f.bin']!.equals(bytes)).toBe(true);
    });

    it('re-mints a URL that storage rejects as expired', async () => {
      // The proxy injects only 429 and 5xx statuses, so the URL expires for real: the first
      // content PUT is held past the URL lifetime and reaches storage with an expired
      // signature (403 on S3 and Azure, 400 ExpiredToken on GCS).
      const bytes = randomBytes(12 * MiB);
      proxy.setRules([
        {
          match: requestsFor('PUT', bytes),
          fault: { kind: 'stall', ms: (URL_SECONDS + 1) * 1000 },
          times: 1,
        },
      ]);
      const engine = engineThroughProxy({
        bandwidthBytesPerSecond: undefined,
        urlExpiryMarginMs: 0,
      });
      const retries: RetryEvent[] = [];
      engine.events.on('retry', (event) => retries.push(event));
      const id = uploadOne(engine, 'expired', bytes);

      expect(await engine.wait(id)).toBe('completed');
      proxy.setRules([]);
      expect(retries.map((event) => event.action)).toEqual(['remint']);
      expect((await ctx.readBack('expired'))['f.bin']!.equals(bytes)).toBe(true);
    });

    it('fails on a 501 without retrying', async () => {
      proxy.resetStats();
      const bytes = randomBytes(12 * MiB);
      proxy.setRules([
        { match: requestsFor('PUT', bytes), fault: { kind: 'status', status: 501 }, times: 1 },
      ]);
      const engine = engineThroughProxy({
        bandwidthBytesPerSecond: undefined,
        maxRequestsInFlight: 1,
      });
      const id = uploadOne(engine, 'rejected', bytes);

      expect(await engine.wait(id)).toBe('failed');
      proxy.setRules([]);
      expect(ctx.journal.getTransfer(id)!.transfer.error?.code).toBe('STORAGE_REJECTED');
      expect(proxy.stats().log.filter((r) => r.status === 501)).toHaveLength(1);
    });

    if (options.multipart) {
      it('fails at once on a part without an ETag', async () => {
        const bytes = randomBytes(12 * MiB);
        proxy.setRules([{ match: requestsFor('PUT', bytes), fault: { kind: 'drop-etag' } }]);
        const engine = engineThroughProxy({ bandwidthBytesPerSecond: undefined });
        const id = uploadOne(engine, 'no-etag', bytes);

        expect(await engine.wait(id)).toBe('failed');
        proxy.setRules([]);
        const error = ctx.journal.getTransfer(id)!.transfer.error!;
        expect(error.code).toBe('MISSING_ETAG');
        expect(error.message).toContain('ExposeHeaders');
      });
    }

    it('fails a file changed during its upload', async () => {
      const bytes = randomBytes(16 * MiB);
      const localPath = ctx.writeLocal('changed/c.bin', bytes);
      const engine = engineThroughProxy();
      const id = uploadFile(engine, 'changed', 'c.bin', localPath);
      await untilConfirmed(id, 1);
      appendFileSync(localPath, 'more bytes');

      expect(await engine.wait(id)).toBe('failed');
      expect(ctx.journal.getTransfer(id)!.transfer.error?.code).toBe('FILE_CHANGED');
      await expect(ctx.readBack('changed')).rejects.toThrow();
    });
  });
}
