// Benchmark child: downloads the latest version of one artifact into an empty folder with the
// download engine, through the platform's pre-signed URLs. The hashing workers that check
// each file's MD5 start before the clock starts.

import { DownloadEngine } from '../../electron/engine/download/index';
import { createHttpAgent } from '../../electron/engine/http/index';
import { HashPool } from '../../electron/engine/hashing/index';
import { Journal } from '../../electron/engine/journal/index';
import { PlatformClient } from '../../electron/platform-client/index';
import { finishChild, maxRssBytes, readChildRequest, type ChildTiming } from './spawn';
import { warmUpHashPool } from './warm-up';

export interface EngineDownloadRequest {
  platformUrl: string;
  apiKey: string;
  journalPath: string;
  entity: string;
  project: string;
  /** Artifact collection name; its `latest` version is downloaded. */
  name: string;
  /** Empty folder to download into. */
  root: string;
  /** Files at or above this size are fetched in parallel ranges of `rangeSize` bytes. */
  rangeSize: number;
  parallelThreshold: number;
  maxRequestsInFlight: number;
}

const request = readChildRequest<EngineDownloadRequest>();

try {
  finishChild(await download(request));
} catch (error) {
  finishChild(error as Error);
}

async function download(request: EngineDownloadRequest): Promise<ChildTiming> {
  const hashPool = new HashPool();
  await warmUpHashPool(hashPool, `${request.journalPath}.warm-up`);

  const dispatcher = createHttpAgent();
  const journal = Journal.open(request.journalPath);
  const client = new PlatformClient({
    host: request.platformUrl,
    apiKey: request.apiKey,
    dispatcher,
  });
  const engine = new DownloadEngine({
    client,
    journal,
    dispatcher,
    hashPool,
    rangeSize: request.rangeSize,
    parallelThreshold: request.parallelThreshold,
    maxRequestsInFlight: request.maxRequestsInFlight,
  });

  const started = performance.now();
  const transferId = engine.downloadArtifact({
    entity: request.entity,
    project: request.project,
    name: request.name,
    version: 'latest',
    root: request.root,
  });
  const state = await engine.wait(transferId);
  const seconds = (performance.now() - started) / 1000;
  const error = journal.getTransfer(transferId)?.transfer.error;

  await engine.close();
  await hashPool.close();
  journal.close();
  await dispatcher.close();
  if (state !== 'completed') {
    throw new Error(
      `download ended in state ${state}: ${error?.code ?? ''} ${error?.message ?? ''}`,
    );
  }
  return { seconds, maxRssBytes: maxRssBytes() };
}
