// Benchmark child: downloads the latest version of one artifact into an empty folder with the
// download engine, through the platform's pre-signed URLs.

import { DownloadEngine } from '../../electron/engine/download/index';
import { setUpEngine } from './engine-setup';
import { finishChild, maxRssBytes, readChildRequest, type ChildTiming } from './spawn';

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

export interface EngineDownloadResult extends ChildTiming {
  /** Seconds of each phase; together they make up `seconds`. */
  phases: {
    /** Version lookup, listing and journaling, until the first file starts downloading. */
    prepare: number;
    /** Until the last file starts its MD5 check. */
    fetch: number;
    /** The last file's MD5 check, rename and the end of the transfer. */
    verify: number;
  };
}

const request = readChildRequest<EngineDownloadRequest>();

try {
  finishChild(await download(request));
} catch (error) {
  finishChild(error as Error);
}

async function download(request: EngineDownloadRequest): Promise<EngineDownloadResult> {
  const setup = await setUpEngine(request);
  const { journal } = setup;
  const engine = new DownloadEngine({
    client: setup.client,
    journal,
    dispatcher: setup.dispatcher,
    hashPool: setup.hashPool,
    rangeSize: request.rangeSize,
    parallelThreshold: request.parallelThreshold,
    maxRequestsInFlight: request.maxRequestsInFlight,
  });

  let firstDownloading = NaN;
  let lastVerifying = NaN;
  const started = performance.now();
  engine.events.on('state', (event) => {
    const seconds = (performance.now() - started) / 1000;
    if (event.logicalPath === undefined) return;
    if (event.state === 'downloading' && Number.isNaN(firstDownloading)) firstDownloading = seconds;
    if (event.state === 'verifying') lastVerifying = seconds;
  });
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
  await setup.close();
  if (state !== 'completed') {
    throw new Error(
      `download ended in state ${state}: ${error?.code ?? ''} ${error?.message ?? ''}`,
    );
  }
  return {
    seconds,
    maxRssBytes: maxRssBytes(),
    phases: {
      prepare: firstDownloading,
      fetch: lastVerifying - firstDownloading,
      verify: seconds - lastVerifying,
    },
  };
}
