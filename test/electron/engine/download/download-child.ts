// A child process that runs one artifact download, for tests that kill it mid-download. It
// takes one JSON argument (DownloadChildRequest) and prints the JSON lines that
// test/support/engine-child.ts describes.
// Storage requests go through the fault proxy when one is given, so the test counts every byte
// fetched.

import { DownloadEngine } from '../../../../electron/engine/download/index';
import { createHttpAgent } from '../../../../electron/engine/http/index';
import { Journal } from '../../../../electron/engine/journal/index';
import { PlatformClient } from '../../../../electron/platform-client/index';
import { reportTransfer, type EngineChildConnection } from '../../../support/engine-child';
import { connectThroughProxy } from '../../../support/fault-proxy/connect';

export interface DownloadChildRequest extends EngineChildConnection {
  /** Port and upstream origin of the fault proxy that storage requests go through, if any. */
  proxy?: { port: number; upstream: string };
  entity: string;
  project: string;
  name: string;
  root: string;
  rangeSize: number;
  parallelThreshold: number;
  bandwidthBytesPerSecond?: number;
  maxRequestsInFlight: number;
}

const request = JSON.parse(process.argv[2]!) as DownloadChildRequest;
const platformDispatcher = createHttpAgent();
const storageDispatcher =
  request.proxy === undefined ? platformDispatcher : connectThroughProxy(request.proxy);
const journal = Journal.open(request.journalPath);
const client = new PlatformClient({
  host: request.platformUrl,
  apiKey: request.apiKey,
  dispatcher: platformDispatcher,
});
const engine = new DownloadEngine({
  client,
  journal,
  dispatcher: storageDispatcher,
  rangeSize: request.rangeSize,
  parallelThreshold: request.parallelThreshold,
  ...(request.bandwidthBytesPerSecond === undefined
    ? {}
    : { bandwidthBytesPerSecond: request.bandwidthBytesPerSecond }),
  maxRequestsInFlight: request.maxRequestsInFlight,
});

const transferId = engine.downloadArtifact({
  entity: request.entity,
  project: request.project,
  name: request.name,
  version: 'latest',
  root: request.root,
});
await reportTransfer(engine, journal, transferId);
if (storageDispatcher !== platformDispatcher) await storageDispatcher.close();
await platformDispatcher.close();
