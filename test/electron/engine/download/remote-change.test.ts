// A remote object replaced between two runs of a download: the resumed GET carries If-Match
// with the recorded ETag, Azurite returns 412, and the file starts again from its first byte.
// The bytes are written straight into Azurite with @azure/storage-blob, past the platform.

import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { WarningEvent } from '../../../../electron/engine/transfer/index';
import { connectThroughProxy } from '../../../support/fault-proxy/connect';
import { startFaultProxy, type FaultProxy } from '../../../support/fault-proxy/index';
import { startEngineEnv, type EngineEnv } from '../upload/fixture';
import {
  downloader,
  expectTree,
  MiB,
  newRoot,
  PROJECT,
  RecordingHashPool,
  TEAM,
  uploadArtifact,
} from './fixture';

describe('DownloadEngine with a replaced object', () => {
  let ctx: EngineEnv;
  let proxy: FaultProxy;
  let throughProxy: Dispatcher;
  let container: ContainerClient;

  beforeAll(async () => {
    ctx = await startEngineEnv();
    const azurite = ctx.env.azurite;
    proxy = await startFaultProxy({ upstream: new URL(azurite.endpoint).origin });
    throughProxy = connectThroughProxy(proxy);
    container = new ContainerClient(
      `${azurite.endpoint}/${ctx.env.container}`,
      new StorageSharedKeyCredential(azurite.account, azurite.accountKey),
    );
  });

  afterAll(async () => {
    await ctx?.stop();
    await throughProxy?.close();
    await proxy?.stop();
  });

  /** Rewrites the content blob of `bytes` (found by its MD5) with `replacement`. */
  async function replaceBlob(bytes: Buffer, replacement: Buffer): Promise<void> {
    const md5Hex = createHash('md5').update(bytes).digest('hex');
    for await (const blob of container.listBlobsFlat()) {
      if (blob.name.endsWith(`/artifacts/content/${md5Hex}`)) {
        await container.getBlockBlobClient(blob.name).uploadData(replacement);
        return;
      }
    }
    throw new Error(`No content blob with MD5 ${md5Hex} in the Azurite container.`);
  }

  /** Starts a slow download of `name`, pauses it once some bytes are journaled, and returns its id. */
  async function pausedDownload(name: string, root: string) {
    const engine = downloader(ctx, {
      dispatcher: throughProxy,
      bandwidthBytesPerSecond: 4 * MiB,
    });
    const id = engine.downloadArtifact({
      entity: TEAM,
      project: PROJECT,
      name,
      version: 'v0',
      root,
    });
    for (let i = 0; i < 100; i++) {
      await sleep(50);
      const file = ctx.journal.getTransfer(id)!.files[0];
      if (file !== undefined && file.remoteEtag !== null) break;
    }
    await sleep(300);
    await engine.pause(id);
    expect(await engine.wait(id)).toBe('paused');
    await engine.close();
    return id;
  }

  it('restarts a file whose object changed', async () => {
    const bytes = randomBytes(6 * MiB);
    await uploadArtifact(ctx, 'replaced', { 'r.bin': bytes });
    const root = newRoot(ctx, 'replaced');
    const id = await pausedDownload('replaced', root);
    const paused = ctx.journal.getTransfer(id)!.files[0]!;
    expect(paused.bytesDone, JSON.stringify(paused)).toBeGreaterThan(0);
    expect(paused.remoteEtag).not.toBeNull();

    // The same bytes again: a new ETag, and content that still matches the manifest.
    await replaceBlob(bytes, bytes);
    proxy.resetStats();
    const pool = new RecordingHashPool();
    const engine = downloader(ctx, { dispatcher: throughProxy, hashPool: pool });
    const warnings: WarningEvent[] = [];
    engine.events.on('warning', (event) => warnings.push(event));
    engine.resume(id);

    expect(await engine.wait(id)).toBe('completed');
    await pool.close();
    expectTree(root, { 'r.bin': bytes });
    // A file restarted after a change is verified by reading the whole `.part` file.
    expect(pool.hashedPaths).toHaveLength(1);
    expect(pool.hashedPaths[0]).toMatch(/r\.bin\.byob-\d+\.part$/);
    expect(proxy.stats().log.map((record) => record.status)).toEqual([412, 200]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/changed .* starts again from its first byte/);
    expect(ctx.journal.getTransfer(id)!.files[0]!.remoteEtag).not.toBe(paused.remoteEtag);
  });

  it('fails a file whose object now differs', async () => {
    const bytes = randomBytes(6 * MiB);
    await uploadArtifact(ctx, 'differs', { 'd.bin': bytes });
    const root = newRoot(ctx, 'differs');
    const id = await pausedDownload('differs', root);

    await replaceBlob(bytes, randomBytes(bytes.length));
    const engine = downloader(ctx, { dispatcher: throughProxy });
    engine.resume(id);

    expect(await engine.wait(id)).toBe('failed');
    expect(ctx.journal.getTransfer(id)!.transfer.error?.code).toBe('CHECKSUM_MISMATCH');
    expectTree(root, {});
  });
});
