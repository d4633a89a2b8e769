// Shared set-up for the upload engine tests. It starts a test platform on Azurite, the GCS
// double or a given bucket, with a signed-in PlatformClient and a journal in a temporary
// folder. Helpers write local files and read a committed version back.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { Dispatcher } from 'undici';

import { createHttpAgent } from '../../../../electron/engine/http/index';
import { Journal } from '../../../../electron/engine/journal/index';
import { UploadEngine, type UploadEngineOptions } from '../../../../electron/engine/upload/index';
import { PlatformClient } from '../../../../electron/platform-client/index';
import { parseStorageAddress } from '../../../../platform/storage/address';
import { startGcsDouble, type GcsDouble } from '../../../support/gcs/index';
import { startTestPlatform, type TestPlatform } from '../../../support/platform';
import type { StorageAddress } from '../../../../platform/storage/address';
import type { UrlLifetimes } from '../../../../platform/storage/provider';

export const TEAM = 'kappa';
export const PROJECT = 'vision';
export const MiB = 1024 * 1024;

/** Small parts so that tests exercise multipart uploads with files of a few MiB. */
export const SMALL_PARTS = { multipartThreshold: 6 * MiB, partSize: 5 * MiB };

/** Fast retries, so failures in tests surface within seconds. */
export const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 100 };

export interface EngineEnv {
  env: TestPlatform;
  gcs: GcsDouble | undefined;
  apiKey: string;
  client: PlatformClient;
  dispatcher: Dispatcher;
  journalPath: string;
  journal: Journal;
  /** Temporary folder for local files. */
  dir: string;
  engine(options?: Partial<UploadEngineOptions>): UploadEngine;
  /** Writes `bytes` to `relative` under `dir` and returns the absolute path. */
  writeLocal(relative: string, bytes: Buffer): string;
  /** Downloads every file of `collection:alias` through its directUrl. */
  readBack(collection: string, alias?: string): Promise<Record<string, Buffer>>;
  stop(): Promise<void>;
}

export interface EngineEnvOptions {
  /** Azurite (the default), or a GCS double started here. */
  provider?: 'azure' | 'gcs';
  /** Any other instance bucket, such as an `s3://` address of a Ceph cluster. */
  instanceBucket?: StorageAddress;
  lifetimes?: Partial<UrlLifetimes>;
}

export async function startEngineEnv(options: EngineEnvOptions = {}): Promise<EngineEnv> {
  let gcs: GcsDouble | undefined;
  let instanceBucket = options.instanceBucket;
  if (options.provider === 'gcs') {
    gcs = await startGcsDouble();
    gcs.createBucket('byob-engine');
    const account = gcs.serviceAccount;
    instanceBucket = parseStorageAddress(
      `gs://${encodeURIComponent(account.client_email)}:${encodeURIComponent(account.private_key)}@byob-engine?endpoint=${encodeURIComponent(gcs.endpoint)}`,
    );
  }

  const env = await startTestPlatform({
    ...(instanceBucket ? { instanceBucket } : {}),
    ...(options.lifetimes ? { lifetimes: options.lifetimes } : {}),
  });
  const apiKey = (await env.clientFor('alice')).apiKey!;
  await env.createTeam(TEAM, ['alice']);

  const dispatcher = createHttpAgent({ connectionsPerOrigin: 8 });
  const client = new PlatformClient({ host: env.url, apiKey, dispatcher });
  const dir = mkdtempSync(join(tmpdir(), 'byob-upload-test-'));
  const journalPath = join(dir, 'journal', 'journal.sqlite');
  const journal = Journal.open(journalPath);
  const engines: UploadEngine[] = [];

  return {
    env,
    gcs,
    apiKey,
    client,
    dispatcher,
    journalPath,
    journal,
    dir,
    engine(overrides = {}) {
      const engine = new UploadEngine({
        client,
        journal,
        dispatcher,
        retry: FAST_RETRY,
        ...overrides,
      });
      engines.push(engine);
      return engine;
    },
    writeLocal(relative, bytes) {
      const path = join(dir, 'files', relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      return path;
    },
    async readBack(collection, alias = 'latest') {
      const files: Record<string, Buffer> = {};
      for await (const file of client.iterateArtifactFiles(TEAM, PROJECT, collection, alias)) {
        const response = await fetch(file.directUrl);
        if (!response.ok) throw new Error(`GET ${file.name} failed with HTTP ${response.status}`);
        files[file.name] = Buffer.from(await response.arrayBuffer());
      }
      return files;
    },
    async stop() {
      await Promise.all(engines.map((engine) => engine.close()));
      journal.close();
      await dispatcher.close();
      await env.stop();
      await gcs?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
