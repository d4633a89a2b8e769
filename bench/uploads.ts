// One measured upload by the engine or by the SDK baseline, each in its own child process,
// against the provider's stand-in. Scenarios 1, 2 and 4 build on these two calls.

import { join } from 'node:path';

import { PROJECT, TEAM } from '../test/electron/engine/upload/fixture';
import type { EngineUploadRequest, EngineUploadResult } from './children/engine-upload';
import type { SdkUploadRequest } from './children/sdk-upload';
import { runChild, type ChildTiming, type SpawnOptions } from './children/spawn';
import type { BenchConfig } from './config';
import { writeLargeFile, type BenchFiles } from './files';
import type { Provider } from './stand-ins';
import { withCpu, type Measured } from './cpu';

export interface EngineUploadOptions extends SpawnOptions {
  /** Folder of the fresh journal; default a new folder beside the input files. */
  journalDir?: string;
}

/** Uploads every file of `folder` as a new version of collection `name`, with a fresh journal. */
export function engineUpload(
  provider: Provider,
  config: BenchConfig,
  files: BenchFiles,
  folder: string,
  name: string,
  options: EngineUploadOptions = {},
): Promise<Measured<EngineUploadResult>> {
  const journalDir = options.journalDir ?? files.folder(`journal-${name}`);
  const request: EngineUploadRequest = {
    platformUrl: provider.env.env.url,
    apiKey: provider.env.apiKey,
    journalPath: join(journalDir, 'journal.sqlite'),
    entity: TEAM,
    project: PROJECT,
    name,
    folder,
    partSize: config.partSize,
    // Every file of at least one part goes in parts, as the SDKs do with the same part size.
    multipartThreshold: config.partSize,
    maxRequestsInFlight: config.concurrency,
  };
  return withCpu(provider.storePids, () =>
    runChild<EngineUploadResult>('engine-upload.ts', request, options),
  );
}

/** Uploads one large file with lib-storage Upload or uploadFile under key `key`. */
export function sdkLargeUpload(
  provider: Provider,
  config: BenchConfig,
  path: string,
  key: string,
): Promise<Measured<ChildTiming>> {
  const request: SdkUploadRequest = {
    kind: 'large-file',
    target: requireSdkTarget(provider),
    path,
    key,
    partSize: config.partSize,
    concurrency: config.concurrency,
  };
  return withCpu(provider.storePids, () => runChild<ChildTiming>('sdk-upload.ts', request));
}

/** Uploads every file of `folder` with one single PUT each under `prefix`. */
export function sdkSmallUploads(
  provider: Provider,
  config: BenchConfig,
  folder: string,
  prefix: string,
): Promise<Measured<ChildTiming>> {
  const request: SdkUploadRequest = {
    kind: 'small-files',
    target: requireSdkTarget(provider),
    folder,
    prefix,
    concurrency: config.concurrency,
  };
  return withCpu(provider.storePids, () => runChild<ChildTiming>('sdk-upload.ts', request));
}

function requireSdkTarget(provider: Provider) {
  if (!provider.sdkTarget) throw new Error(`${provider.label} has no SDK baseline.`);
  return provider.sdkTarget;
}

/**
 * Uploads a file of two parts with the engine and, where there is one, with the SDK, then
 * clears the bucket. Nothing is measured: this warms the platform and the store.
 */
export async function warmUpProvider(
  provider: Provider,
  config: BenchConfig,
  files: BenchFiles,
): Promise<void> {
  const folder = files.folder(`warm-up-${provider.id}`);
  const path = join(folder, 'warm-up.bin');
  await writeLargeFile(path, 2 * config.partSize);
  await engineUpload(provider, config, files, folder, 'warm-up');
  if (provider.sdkTarget) await sdkLargeUpload(provider, config, path, 'sdk/warm-up.bin');
  await provider.clear();
}
