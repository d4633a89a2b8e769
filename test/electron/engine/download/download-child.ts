// A child process that runs one artifact download, for tests that kill it mid-download. It
// takes one JSON argument (DownloadChildRequest) and prints JSON lines on stdout: first
// `{ "transferId" }`, then `{ "state", "error", "maxRssBytes" }` when the download ends.
// Storage requests go through the fault proxy when one is given, so the test counts every byte
// fetched.

import { DownloadEngine } from '../../../../electron/engine/download/index';
import { createHttpAgent } from '../../../../electron/engine/http/index';
import { Journal } from '../../../../electron/engine/journal/index';
import { PlatformClient } from '../../../../electron/platform-client/index';
import { connectThroughProxy } from '../../../support/fault-proxy/connect';

export interface DownloadChildRequest {
  platformUrl: string;
  apiKey: string;
  journalPath: string;
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
process.stdout.write(`${JSON.stringify({ transferId })}\n`);

const state = await engine.wait(transferId);
const error = journal.getTransfer(transferId)?.transfer.error ?? null;
// resourceUsage().maxRSS is in kilobytes (Node documentation of process.resourceUsage).
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify({ state, error, maxRssBytes })}\n`);

await engine.close();
journal.close();
if (storageDispatcher !== platformDispatcher) await storageDispatcher.close();
await platformDispatcher.close();
