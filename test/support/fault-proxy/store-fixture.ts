// Shared set-up for the proxy tests against real stand-ins: Azurite or the GCS double with a
// fault proxy in front, one pair per test file. Rules and counters are cleared before each test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

import { startAzurite, type AzuriteInstance } from '../../../platform/sandbox/azurite.ts';
import { createAzureProvider, type AzureStorageProvider } from '../../../platform/storage/azure.ts';
import { createGcsProvider, type GcsStorageProvider } from '../../../platform/storage/gcs.ts';
import { startGcsDouble, type GcsDouble } from '../gcs/index.ts';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './index.ts';

// Signing is offline. This keeps google-auth-library from probing the GCE metadata server if a
// code path ever asked it for credentials.
process.env.METADATA_SERVER_DETECTION ??= 'none';

export const USER = { username: 'alice' };
export const CONTAINER = 'fault-proxy-test';
const BUCKET = 'fault-proxy-test';
const LIFETIMES = { uploadSeconds: 3600, downloadSeconds: 3600 };

type ProxySettings = Omit<FaultProxyOptions, 'upstream'>;

export interface AzureBehindProxy {
  azurite: AzuriteInstance;
  proxy: FaultProxy;
  /** Mints SAS URLs that name the proxy, so every request goes through it. */
  viaProxy: AzureStorageProvider;
  /** Mints SAS URLs that name Azurite itself. */
  direct: AzureStorageProvider;
}

/** Starts Azurite and a fault proxy in front of it before the file's tests. */
export function useAzuriteBehindProxy(settings: ProxySettings = {}): AzureBehindProxy {
  const fixture = {} as AzureBehindProxy;
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'fault-proxy-azurite-'));
    fixture.azurite = await startAzurite({ dir: dataDir });
    fixture.proxy = await startFaultProxy({
      ...settings,
      upstream: `http://127.0.0.1:${fixture.azurite.port}`,
    });
    const common = {
      account: fixture.azurite.account,
      accountKey: fixture.azurite.accountKey,
      container: CONTAINER,
      lifetimes: LIFETIMES,
    };
    fixture.direct = createAzureProvider({ ...common, endpoint: fixture.azurite.endpoint });
    fixture.viaProxy = createAzureProvider({
      ...common,
      endpoint: `${fixture.proxy.url}/${fixture.azurite.account}`,
    });
    await fixture.direct.ensureContainer();
  });

  beforeEach(() => {
    fixture.proxy.setRules([]);
    fixture.proxy.resetStats();
  });

  afterAll(async () => {
    await fixture.proxy?.stop();
    await fixture.azurite?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  return fixture;
}

export interface GcsBehindProxy {
  gcs: GcsDouble;
  proxy: FaultProxy;
  /** Signs V4 URLs for the proxy's host, so every request goes through it. */
  viaProxy: GcsStorageProvider;
  /** Signs V4 URLs for the double's own host:port. */
  direct: GcsStorageProvider;
}

/** Starts the GCS double and a fault proxy in front of it before the file's tests. */
export function useGcsBehindProxy(settings: ProxySettings = {}): GcsBehindProxy {
  const fixture = {} as GcsBehindProxy;

  beforeAll(async () => {
    fixture.gcs = await startGcsDouble();
    fixture.gcs.createBucket(BUCKET);
    fixture.proxy = await startFaultProxy({ ...settings, upstream: fixture.gcs.endpoint });
    const account = fixture.gcs.createServiceAccount();
    const common = {
      clientEmail: account.client_email,
      privateKey: account.private_key,
      bucket: BUCKET,
      lifetimes: LIFETIMES,
    };
    fixture.direct = createGcsProvider({ ...common, endpoint: fixture.gcs.endpoint });
    fixture.viaProxy = createGcsProvider({ ...common, endpoint: fixture.proxy.url });
  });

  beforeEach(() => {
    fixture.proxy.setRules([]);
    fixture.proxy.resetStats();
  });

  afterAll(async () => {
    await fixture.proxy?.stop();
    await fixture.gcs?.stop();
  });

  return fixture;
}

export { headersOf, md5Base64 } from '../presigned-requests.ts';

/** Returns the path of a URL without its query, as the proxy's log records it. */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}

/** Awaits a request that must fail at the network level and returns the cause's error code. */
export async function networkErrorCode(request: Promise<unknown>): Promise<string | undefined> {
  const error = await request.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, 'the request should have failed at the network level').toBeInstanceOf(TypeError);
  return ((error as TypeError).cause as { code?: string } | undefined)?.code;
}
