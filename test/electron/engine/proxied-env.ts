// Set-up shared by the upload and download recovery suites: a test platform whose storage the
// engine reaches through the fault proxy, so a test can inject faults and count the bytes of
// every request.

import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Dispatcher } from 'undici';
import { afterAll, beforeAll } from 'vitest';

import { connectThroughProxy } from '../../support/fault-proxy/connect';
import {
  startFaultProxy,
  type FaultProxy,
  type FaultProxyOptions,
  type RequestMatch,
} from '../../support/fault-proxy/index';
import type { EngineEnv } from './upload/fixture';

/** A started environment and the storage origin that the fault proxy forwards to. */
export type StartEnv = () => Promise<{ ctx: EngineEnv; storageOrigin: string }>;

export interface ProxiedEnv {
  ctx: EngineEnv;
  proxy: FaultProxy;
  /** Dispatcher for storage requests, which connects to the proxy. */
  throughProxy: Dispatcher;
}

/**
 * Registers beforeAll and afterAll hooks that start the environment and a fault proxy in front
 * of its storage, and stop both. The fields of the returned object are set once beforeAll has run.
 */
export function useProxiedEnv(
  start: StartEnv,
  proxyOptions: Omit<FaultProxyOptions, 'upstream'> = {},
): ProxiedEnv {
  const started: Partial<ProxiedEnv> = {};

  beforeAll(async () => {
    const { ctx, storageOrigin } = await start();
    started.ctx = ctx;
    started.proxy = await startFaultProxy({ ...proxyOptions, upstream: storageOrigin });
    started.throughProxy = connectThroughProxy(started.proxy);
  });

  afterAll(async () => {
    await started.ctx?.stop();
    await started.throughProxy?.close();
    await started.proxy?.stop();
  });

  return started as ProxiedEnv;
}

/**
 * Matches the `method` requests for the stored object of `content`, which the platform names by
 * its MD5. The proxy runs in the test's process and may read a request that an earlier test left
 * in flight only after the next test has set its rules. A rule limited to this test's object
 * never fires on such a request.
 */
export function requestsFor(method: 'GET' | 'PUT', content: Buffer): RequestMatch {
  const md5 = createHash('md5').update(content).digest('hex');
  return { method, pathIncludes: `/artifacts/content/${md5}` };
}

/**
 * Polls the journal every 50 ms until the transfer's first file has `count` confirmed parts
 * (upload parts or download ranges, named by `unit` in the error), and returns the file id.
 */
export async function waitForConfirmedParts(
  ctx: EngineEnv,
  transferId: string,
  count: number,
  unit: 'parts' | 'ranges',
): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const file = ctx.journal.getTransfer(transferId)?.files[0];
    if (file && ctx.journal.confirmedParts(file.id).length >= count) return file.id;
    await sleep(50);
  }
  throw new Error(`Transfer ${transferId} did not confirm ${count} ${unit} within 30 s.`);
}
