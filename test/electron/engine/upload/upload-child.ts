// A child process that runs one artifact upload, for tests that kill it mid-upload or
// measure its memory. It takes one JSON argument (ChildRequest) and prints the JSON lines that
// test/support/engine-child.ts describes.

import { createHttpAgent } from '../../../../electron/engine/http/index';
import { Journal } from '../../../../electron/engine/journal/index';
import { UploadEngine } from '../../../../electron/engine/upload/index';
import { PlatformClient } from '../../../../electron/platform-client/index';
import { reportTransfer, type EngineChildConnection } from '../../../support/engine-child';

export interface ChildRequest extends EngineChildConnection {
  entity: string;
  project: string;
  name: string;
  files: { localPath: string; logicalPath: string }[];
  multipartThreshold: number;
  partSize: number;
  bandwidthBytesPerSecond?: number;
  maxRequestsInFlight?: number;
}

const request = JSON.parse(process.argv[2]!) as ChildRequest;
const dispatcher = createHttpAgent();
const journal = Journal.open(request.journalPath);
const client = new PlatformClient({
  host: request.platformUrl,
  apiKey: request.apiKey,
  dispatcher,
});
const engine = new UploadEngine({
  client,
  journal,
  dispatcher,
  multipartThreshold: request.multipartThreshold,
  partSize: request.partSize,
  ...(request.bandwidthBytesPerSecond
    ? { bandwidthBytesPerSecond: request.bandwidthBytesPerSecond }
    : {}),
  ...(request.maxRequestsInFlight ? { maxRequestsInFlight: request.maxRequestsInFlight } : {}),
});

const transferId = engine.uploadArtifact({
  entity: request.entity,
  project: request.project,
  name: request.name,
  type: 'model',
  files: request.files,
});
await reportTransfer(engine, journal, transferId);
await dispatcher.close();
