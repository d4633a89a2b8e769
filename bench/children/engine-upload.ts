// Benchmark child: uploads every file of one folder as an artifact version with the upload
// engine, through the platform's pre-signed URLs.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { UploadEngine, type UploadState } from '../../electron/engine/upload/index';
import { setUpEngine } from './engine-setup';
import { finishChild, maxRssBytes, readChildRequest, type ChildTiming } from './spawn';

export interface EngineUploadRequest {
  platformUrl: string;
  apiKey: string;
  journalPath: string;
  entity: string;
  project: string;
  /** Artifact collection name. */
  name: string;
  /** Every regular file directly inside this folder is uploaded under its own name. */
  folder: string;
  partSize: number;
  multipartThreshold: number;
  maxRequestsInFlight: number;
}

export interface EngineUploadResult extends ChildTiming {
  /** Seconds of each phase; together they make up `seconds`. */
  phases: {
    /** Listing, hashing, createArtifact and the first URLs, until the first file starts sending. */
    prepare: number;
    /** Until every file is stored, multipart completions included. */
    send: number;
    /** The manifest PUT and commitArtifact. */
    commit: number;
  };
  /** Seconds from the start until each state was first reported for any file. */
  firstState: Partial<Record<UploadState, number>>;
  /** Seconds from the start until each state was last reported for any file. */
  lastState: Partial<Record<UploadState, number>>;
}

const request = readChildRequest<EngineUploadRequest>();

try {
  finishChild(await upload(request));
} catch (error) {
  finishChild(error as Error);
}

async function upload(request: EngineUploadRequest): Promise<EngineUploadResult> {
  const names = (await readdir(request.folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const files = names.map((name) => ({ localPath: join(request.folder, name), logicalPath: name }));

  const setup = await setUpEngine(request);
  const { journal } = setup;
  const engine = new UploadEngine({
    client: setup.client,
    journal,
    dispatcher: setup.dispatcher,
    hashPool: setup.hashPool,
    partSize: request.partSize,
    multipartThreshold: request.multipartThreshold,
    maxRequestsInFlight: request.maxRequestsInFlight,
  });

  const firstState: EngineUploadResult['firstState'] = {};
  const lastState: EngineUploadResult['lastState'] = {};
  // The transfer itself reports 'completing' once every file is stored, before its manifest.
  let storedAt = NaN;
  const started = performance.now();
  engine.events.on('state', (event) => {
    const seconds = (performance.now() - started) / 1000;
    if (event.logicalPath === undefined) {
      if (event.state === 'completing') storedAt = seconds;
      return;
    }
    firstState[event.state] ??= seconds;
    lastState[event.state] = seconds;
  });

  const transferId = engine.uploadArtifact({
    entity: request.entity,
    project: request.project,
    name: request.name,
    type: 'dataset',
    files,
  });
  const state = await engine.wait(transferId);
  const seconds = (performance.now() - started) / 1000;
  const error = journal.getTransfer(transferId)?.transfer.error;

  await engine.close();
  await setup.close();
  if (state !== 'completed') {
    throw new Error(`upload ended in state ${state}: ${error?.code ?? ''} ${error?.message ?? ''}`);
  }
  const prepare = firstState.uploading ?? NaN;
  return {
    seconds,
    maxRssBytes: maxRssBytes(),
    phases: { prepare, send: storedAt - prepare, commit: seconds - storedAt },
    firstState,
    lastState,
  };
}
