// One set of engines per configuration: an UploadEngine, a download engine when one is
// available, and the platform client and HTTP dispatcher they share. A settings change or a
// new sign-in creates a new set. The old set keeps the transfers it runs until they stop.
import type { Dispatcher } from 'undici';

import { createHttpAgent, type HttpAgentOptions } from '../../engine/http/index';
import type { HashPool } from '../../engine/hashing/index';
import type { Journal } from '../../engine/journal/index';
import { DownloadEngine } from '../../engine/download/index';
import type { TransferEventEmitter } from '../../engine/transfer/index';
import { UploadEngine } from '../../engine/upload/index';
import { PlatformClient } from '../../platform-client/index';
import { DEFAULT_MULTIPART_THRESHOLD } from '../../../shared/transfer/part-plan';
import type { HostConfig } from './host';

/** The part of either engine that the host uses. */
export interface EngineLike {
  readonly events: TransferEventEmitter;
  resume(transferId: string): void;
  pause(transferId: string): Promise<void>;
  cancel(transferId: string): Promise<void>;
  close(): Promise<void>;
}

/** The download engine's start calls, as electron/engine/download/ defines them. */
export interface DownloaderLike extends EngineLike {
  downloadArtifact(request: {
    entity: string;
    project: string;
    name: string;
    version: string;
    root: string;
    files?: string[];
  }): string;
  downloadRunFiles(request: {
    entity: string;
    project: string;
    run: string;
    root: string;
    files?: string[];
  }): string;
}

export interface EngineDeps {
  client: PlatformClient;
  journal: Journal;
  dispatcher: Dispatcher;
  hashPool: HashPool;
  config: HostConfig;
}

export type DownloaderFactory = (deps: EngineDeps) => DownloaderLike;

/**
 * Builds the DownloadEngine with the same request limit and range size as the uploads' part
 * size. NOTE: each engine has its own token bucket, so with uploads and downloads running at
 * once the bandwidth limit applies to each direction separately.
 */
export const createDownloadEngine: DownloaderFactory = ({
  client,
  journal,
  dispatcher,
  hashPool,
  config,
}) =>
  new DownloadEngine({
    client,
    journal,
    dispatcher,
    hashPool,
    maxRequestsInFlight: config.concurrency,
    rangeSize: config.partSize,
    ...(config.bandwidthLimit === null ? {} : { bandwidthBytesPerSecond: config.bandwidthLimit }),
  });

export interface EngineSet {
  key: string;
  host: string;
  client: PlatformClient;
  dispatcher: Dispatcher;
  upload: UploadEngine;
  download: DownloaderLike | null;
}

/** Returns a key that changes when anything the engines are built from changes. */
export function configKey(config: HostConfig): string {
  return JSON.stringify(config);
}

export function createEngineSet(
  config: HostConfig,
  shared: { journal: Journal; hashPool: HashPool; createDownloader: DownloaderFactory | null },
): EngineSet {
  const dispatcher = createHttpAgent({ proxy: proxyOption(config.proxy) });
  const client = new PlatformClient({ host: config.host, apiKey: config.apiKey, dispatcher });
  const deps: EngineDeps = { client, dispatcher, config, ...shared };

  const upload = new UploadEngine({
    client,
    journal: shared.journal,
    dispatcher,
    hashPool: shared.hashPool,
    partSize: config.partSize,
    // The threshold may not sit below one part, so a large part size raises it.
    multipartThreshold: Math.max(DEFAULT_MULTIPART_THRESHOLD, config.partSize),
    maxRequestsInFlight: config.concurrency,
    ...(config.bandwidthLimit === null ? {} : { bandwidthBytesPerSecond: config.bandwidthLimit }),
  });

  return {
    key: configKey(config),
    host: client.host,
    client,
    dispatcher,
    upload,
    download: shared.createDownloader?.(deps) ?? null,
  };
}

/** Pauses what the set still runs and closes its engines and connections. */
export async function closeEngineSet(set: EngineSet): Promise<void> {
  await set.upload.close();
  await set.download?.close();
  await set.dispatcher.close();
}

/** Returns the HTTP agent's proxy option for the proxy settings. */
export function proxyOption(proxy: HostConfig['proxy']): HttpAgentOptions['proxy'] {
  if (proxy.mode === 'none') return 'none';
  if (proxy.mode === 'environment') return 'env';
  return {
    httpProxy: proxy.url ?? undefined,
    httpsProxy: proxy.url ?? undefined,
    ...(proxy.noProxy ? { noProxy: proxy.noProxy } : {}),
  };
}
