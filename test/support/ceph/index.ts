// startCeph(): a throwaway Ceph RADOS Gateway on 127.0.0.1 for S3 tests. Each call makes its
// own cluster (fsid, temporary folder, ports), so test files can each start one.
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireCephBinaries } from './binaries.ts';
import {
  createUser,
  startGateway,
  startMonitor,
  startOsd,
  type ClusterContext,
} from './cluster.ts';
import { cephLayout, writeCephConf } from './config.ts';
import { onProcessExit } from './exit-guard.ts';
import { findFreePorts } from './ports.ts';
import { errorText } from './wait.ts';

export interface CephOptions {
  /** Deadline of each start step (monitor, OSD, gateway, user) in ms; default 60 s. */
  timeoutMs?: number;
  /** How long stop() lets a daemon shut down after SIGTERM before SIGKILL, in ms; default 10 s. */
  stopTimeoutMs?: number;
  /** Key id the `testing` KMS backend knows; default `byob-test-key`. */
  kmsKeyId?: string;
  /**
   * Bytes the memstore OSD may hold in memory (`memstore_device_bytes`); default Ceph's 1 GiB.
   * Once the store is full, a PUT hangs instead of failing (seen on Ceph 16.2.15), and a
   * deleted object frees its space only after radosgw's garbage collection runs.
   */
  memoryBytes?: number;
}

export interface CephCluster {
  /** `http://127.0.0.1:<port>`; use path-style addressing (`forcePathStyle: true`). */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Any region signs correctly against radosgw; this one keeps the SDK from adding a location. */
  region: string;
  /** For `SSEKMSKeyId` with `ServerSideEncryption: 'aws:kms'`. */
  kmsKeyId: string;
  /** PIDs of the daemons, in start order (monitor, OSD, gateway). */
  pids: number[];
  /** The temporary folder with ceph.conf, data and logs; stop() removes it. */
  folder: string;
  /** Stops every daemon (gateway first) and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_STOP_TIMEOUT_MS = 10_000;

export async function startCeph(options: CephOptions = {}): Promise<CephCluster> {
  const bin = requireCephBinaries();
  const root = await mkdtemp(join(tmpdir(), 'byob-ceph-'));
  const ctx: ClusterContext = {
    bin,
    layout: cephLayout(root),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    daemons: [],
  };
  const forgetAtExit = onProcessExit(() => {
    for (const daemon of ctx.daemons) daemon.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    // The exit handler stays armed if a daemon survives stop().
    stopping ??= stopCluster(ctx, options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS).then(
      forgetAtExit,
    );
    return stopping;
  };

  try {
    return { ...(await bootCluster(ctx, options)), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw new Error(`Could not start Ceph: ${errorText(error)}`, { cause: error });
  }
}

async function bootCluster(ctx: ClusterContext, options: CephOptions) {
  const [monitorPort, gatewayPort] = (await findFreePorts(2)) as [number, number];
  const fsid = randomUUID();
  const kmsKeyId = options.kmsKeyId ?? 'byob-test-key';
  await writeCephConf(ctx.layout, {
    fsid,
    monitorPort,
    gatewayPort,
    kmsKeyId,
    kmsKeyBase64: randomBytes(32).toString('base64'),
    ...(options.memoryBytes === undefined ? {} : { memoryBytes: options.memoryBytes }),
  });

  await startMonitor(ctx, fsid, monitorPort);
  await startOsd(ctx);
  const endpoint = `http://127.0.0.1:${gatewayPort}`;
  await startGateway(ctx, endpoint);

  // The shapes of AWS keys: 20 upper-case characters and 40 base64-like ones.
  const accessKeyId = randomBytes(15).toString('hex').toUpperCase().slice(0, 20);
  const secretAccessKey = randomBytes(30).toString('base64').replace(/[+/]/g, 'x');
  await createUser(ctx, accessKeyId, secretAccessKey);

  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    region: 'us-east-1',
    kmsKeyId,
    pids: ctx.daemons.map((daemon) => daemon.pid),
    folder: ctx.layout.root,
  };
}

/** Stops the daemons newest first (an OSD stops quickly only while its monitor runs). */
async function stopCluster(ctx: ClusterContext, stopTimeoutMs: number): Promise<void> {
  const failures: string[] = [];
  for (const daemon of [...ctx.daemons].reverse()) {
    await daemon.stop(stopTimeoutMs).catch((error: unknown) => failures.push(errorText(error)));
  }
  if (failures.length > 0) {
    throw new Error(`Ceph daemons did not stop; ${ctx.layout.root} kept: ${failures.join('; ')}`);
  }
  await rm(ctx.layout.root, { recursive: true, force: true });
}
