// Shared set-up for the platform client tests: clients signed in to a test platform, an
// undici dispatcher that counts requests, and an artifact upload driven through the client.
import { randomBytes } from 'node:crypto';

import { Agent, type Dispatcher } from 'undici';

import {
  ArtifactFileBatcher,
  PlatformClient,
  type PlatformClientOptions,
} from '../../../electron/platform-client/index';
import type { CreateArtifactFileSpecInput } from '../../../shared/graphql/operations/index';
import type { TestPlatform } from '../../support/platform';
import {
  artifactDigest,
  headersOf,
  manifestFor,
  md5Base64,
  putOrThrow,
} from '../../support/wandb-upload';

/** Fast retries, so that tests of failures finish quickly. */
export const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** Creates a PlatformClient signed in as `user`, and the user and a key on first use. */
export async function signedInClient(
  env: TestPlatform,
  user: string,
  options: Partial<PlatformClientOptions> = {},
): Promise<{ client: PlatformClient; apiKey: string }> {
  const apiKey = (await env.clientFor(user)).apiKey!;
  const client = new PlatformClient({ host: env.url, apiKey, retry: FAST_RETRY, ...options });
  return { client, apiKey };
}

/** An undici Agent that counts the requests sent through it. */
export class CountingAgent extends Agent {
  requests = 0;

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
    this.requests += 1;
    return super.dispatch(options, handler);
  }
}

export interface ClientUploadRequest {
  entity: string;
  project: string;
  name: string;
  type: string;
  files: Record<string, Buffer>;
  aliases?: string[];
  /** Send the manifest through updateArtifactManifest instead of a second create. */
  manifestByUpdate?: boolean;
}

export interface ClientUploadResult {
  artifactId: string;
  /** The state createArtifact returned: PENDING, or COMMITTED for content already stored. */
  createdState: string;
  /** Sizes of the createArtifactFiles batches, in request order. */
  batchSizes: number[];
  uploaded: string[];
  deduplicated: string[];
}

/**
 * Uploads an artifact version the way the engine will: createArtifact, an empty manifest,
 * createArtifactFiles in batches the batcher sizes, one PUT per file, the manifest, commit.
 */
export async function uploadWithClient(
  client: PlatformClient,
  request: ClientUploadRequest,
): Promise<ClientUploadResult> {
  const created = await client.createArtifact({
    entityName: request.entity,
    projectName: request.project,
    artifactTypeName: request.type,
    artifactCollectionName: request.name,
    digest: artifactDigest(request.files),
    aliases: (request.aliases ?? []).map((alias) => ({
      alias,
      artifactCollectionName: request.name,
    })),
    clientID: randomBytes(16).toString('hex'),
    sequenceClientID: randomBytes(16).toString('hex'),
  });
  const artifact = created.createArtifact!.artifact;
  const result: ClientUploadResult = {
    artifactId: artifact.id,
    createdState: artifact.state,
    batchSizes: [],
    uploaded: [],
    deduplicated: [],
  };
  if (artifact.state === 'COMMITTED') return result;

  const manifestVariables = {
    artifactID: artifact.id,
    baseArtifactID: null,
    name: 'wandb_manifest.json',
    entityName: request.entity,
    projectName: request.project,
    runName: '',
    manifestType: 'FULL' as const,
  };
  const emptyManifest = await client.createArtifactManifest({
    ...manifestVariables,
    digest: '',
    includeUpload: false,
  });
  const manifestId = emptyManifest.createArtifactManifest!.artifactManifest.id;

  const queue: CreateArtifactFileSpecInput[] = Object.keys(request.files)
    .sort()
    .map((name) => ({
      artifactID: artifact.id,
      name,
      md5: md5Base64(request.files[name]!),
      artifactManifestID: manifestId,
    }));
  const batcher = new ArtifactFileBatcher();
  const birthIds: Record<string, string> = {};

  while (queue.length > 0) {
    const batch = batcher.takeBatch(queue);
    result.batchSizes.push(batch.length);
    const data = await client.createArtifactFiles(batch);
    batcher.recordSuccess();

    for (const [index, edge] of data.createArtifactFiles!.files.edges.entries()) {
      const node = edge.node!;
      const name = batch[index]!.name;
      birthIds[name] = node.artifact!.id;
      if (node.uploadUrl === null) {
        result.deduplicated.push(name);
      } else {
        await putOrThrow(node.uploadUrl, request.files[name]!, headersOf(node.uploadHeaders));
        result.uploaded.push(name);
      }
    }
    batcher.recordCompleted(batch.length);
  }

  const manifest = manifestFor(request.files, birthIds);
  const manifestFile = request.manifestByUpdate
    ? (
        await client.updateArtifactManifest({
          artifactManifestID: manifestId,
          digest: md5Base64(manifest),
          includeUpload: true,
        })
      ).updateArtifactManifest!.artifactManifest.file
    : (
        await client.createArtifactManifest({
          ...manifestVariables,
          digest: md5Base64(manifest),
          includeUpload: true,
        })
      ).createArtifactManifest!.artifactManifest.file;
  await putOrThrow(manifestFile.uploadUrl!, manifest, headersOf(manifestFile.uploadHeaders));

  await client.commitArtifact(artifact.id);
  return result;
}

/** Downloads a pre-signed URL and returns the bytes, failing on any status but 200. */
export async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  if (response.status !== 200) {
    throw new Error(`Download failed with HTTP ${response.status}.`);
  }
  return Buffer.from(await response.arrayBuffer());
}
