// The three storage stand-ins, each behind its own test platform, started on first use and
// stopped at the end of the run: S3 on a Ceph RADOS Gateway, Azure on Azurite and GCS on the
// project's test double. The SDK baselines reach the same bucket with its credentials.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import PQueue from 'p-queue';

import { parseStorageAddress } from '../platform/storage/address';
import { cephLayout } from '../test/support/ceph/config';
import { startCeph, type CephCluster } from '../test/support/ceph/index';
import { startEngineEnv, type EngineEnv } from '../test/electron/engine/upload/fixture';
import { containerClientFor, s3ClientFor, type StorageTarget } from './children/sdk-clients';
import { GiB, type BenchConfig, type ProviderId } from './config';

export type { ProviderId };
import { log } from './measure';

export interface Provider {
  id: ProviderId;
  /** Name of the stand-in for tables, such as "S3 (Ceph RADOS Gateway)". */
  label: string;
  /** The platform on this stand-in, with a signed-in client and the API key of user alice. */
  env: EngineEnv;
  /** Bucket and credentials of the SDK baseline, or null for the GCS double, which has none. */
  sdkTarget: StorageTarget | null;
  /**
   * Deletes every object in the bucket. Ceph keeps its objects in memory, and Azurite finds a
   * blob by scanning the records of every blob in the container (LokiJS), so each request
   * would otherwise get slower with the objects of earlier runs.
   */
  clear(): Promise<void>;
  /** Returns the key of every object in the bucket; empty for the GCS double. */
  listKeys(): Promise<string[]>;
  /** Processes of the store: Ceph's daemons, Azurite; none for the GCS double, which runs here. */
  storePids: number[];
}

const BUCKET = 'byob-bench';
const run = promisify(execFile);

export class StandIns {
  private readonly started = new Map<ProviderId, Promise<Provider>>();
  private ceph: CephCluster | undefined;

  /**
   * @param sizes `largeFileBytes` sizes Ceph's in-memory object store to hold two copies of
   *   that file.
   * @param warmUp runs once after each start, so that the first measured run does not pay for
   *   cold code paths in the platform or the store.
   */
  constructor(
    private readonly sizes: Pick<BenchConfig, 'largeFileBytes'>,
    private readonly warmUp: (provider: Provider) => Promise<void>,
  ) {}

  get(id: ProviderId): Promise<Provider> {
    let provider = this.started.get(id);
    if (!provider) {
      log(`starting the ${id} stand-in`);
      let start: Promise<Provider>;
      if (id === 's3') start = this.startS3();
      else if (id === 'azure') start = startAzure();
      else start = startGcs();
      provider = start.then(async (started) => {
        await this.warmUp(started);
        return started;
      });
      this.started.set(id, provider);
    }
    return provider;
  }

  async stopAll(): Promise<void> {
    const providers = await Promise.allSettled(this.started.values());
    for (const provider of providers) {
      if (provider.status === 'fulfilled') await provider.value.env.stop();
    }
    await this.ceph?.stop();
  }

  private async startS3(): Promise<Provider> {
    const ceph = await startCeph({ memoryBytes: 2 * this.sizes.largeFileBytes + 2 * GiB });
    this.ceph = ceph;
    const target: StorageTarget = {
      provider: 's3',
      endpoint: ceph.endpoint,
      region: ceph.region,
      accessKeyId: ceph.accessKeyId,
      secretAccessKey: ceph.secretAccessKey,
      bucket: BUCKET,
    };
    const s3 = s3ClientFor(target);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();

    const keys = `${encodeURIComponent(ceph.accessKeyId)}:${encodeURIComponent(ceph.secretAccessKey)}`;
    const host = new URL(ceph.endpoint).host;
    const env = await startEngineEnv({
      instanceBucket: parseStorageAddress(
        `s3://${keys}@${host}/${BUCKET}?region=${ceph.region}&tls=false`,
      ),
    });
    return {
      id: 's3',
      label: 'S3 (Ceph RADOS Gateway)',
      env,
      sdkTarget: target,
      clear: () => clearS3(target, ceph),
      listKeys: () => listS3Keys(target),
      storePids: ceph.pids,
    };
  }
}

async function startAzure(): Promise<Provider> {
  const env = await startEngineEnv();
  const { azurite } = env.env;
  const target: StorageTarget = {
    provider: 'azure',
    endpoint: azurite.endpoint,
    account: azurite.account,
    accountKey: azurite.accountKey,
    container: env.env.container,
  };
  return {
    id: 'azure',
    label: 'Azure Blob (Azurite)',
    env,
    sdkTarget: target,
    clear: () => clearAzure(target),
    listKeys: () => listAzureKeys(target),
    storePids: [azurite.pid],
  };
}

async function startGcs(): Promise<Provider> {
  const env = await startEngineEnv({ provider: 'gcs' });
  // The double keeps objects as files in a temporary folder that its stop() removes.
  return {
    id: 'gcs',
    label: 'GCS (test double)',
    env,
    sdkTarget: null,
    clear: async () => {},
    listKeys: async () => [],
    storePids: [],
  };
}

/** Keys of every object in the bucket. */
async function listS3Keys(target: Extract<StorageTarget, { provider: 's3' }>): Promise<string[]> {
  const s3 = s3ClientFor(target);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: target.bucket, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) keys.push(object.Key!);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  s3.destroy();
  return keys;
}

/**
 * Deletes every object, then runs radosgw's garbage collection at once, because the data of a
 * deleted object otherwise stays in memory for rgw_gc_obj_min_wait (7,200 s in Ceph 16.2).
 */
async function clearS3(target: Extract<StorageTarget, { provider: 's3' }>, ceph: CephCluster) {
  const keys = await listS3Keys(target);
  const s3 = s3ClientFor(target);
  // DeleteObjects takes at most 1,000 keys per request (S3 API reference).
  for (let start = 0; start < keys.length; start += 1000) {
    const objects = keys.slice(start, start + 1000).map((key) => ({ Key: key }));
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: target.bucket,
        Delete: { Objects: objects, Quiet: true },
      }),
    );
  }
  s3.destroy();

  const conf = cephLayout(ceph.folder).conf;
  await run('radosgw-admin', ['-c', conf, 'gc', 'process', '--include-all'], { timeout: 300_000 });
}

/** Names of every blob in the container. */
async function listAzureKeys(target: Extract<StorageTarget, { provider: 'azure' }>) {
  const names: string[] = [];
  for await (const blob of containerClientFor(target).listBlobsFlat()) names.push(blob.name);
  return names;
}

/**
 * Deletes every blob, one request each. Scenarios clear after each run, so the container contains
 * a few thousand blobs at most, and Azurite's scan per delete stays short.
 */
async function clearAzure(target: Extract<StorageTarget, { provider: 'azure' }>) {
  const container = containerClientFor(target);
  const queue = new PQueue({ concurrency: 16 });
  const names = await listAzureKeys(target);
  await Promise.all(names.map((name) => queue.add(() => container.deleteBlob(name))));
}
