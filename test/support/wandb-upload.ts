import { createHash, randomBytes } from 'node:crypto';

import {
  commitArtifactMutation,
  createArtifactFilesMutation,
  createArtifactManifestMutation,
  createArtifactMutation,
  type CreateArtifactData,
  type CreateArtifactFilesData,
  type CreateArtifactManifestData,
} from '../../shared/graphql/operations/index';
import type { GraphqlClient } from './graphql-client';

// The W&B artifact upload order driven through GraphQL alone, as a test fixture. It is
// deliberately plain (one request at a time, whole files in memory); the real engine
// lives in electron/engine.

export const md5Base64 = (bytes: Buffer) => createHash('md5').update(bytes).digest('base64');

export interface ArtifactUploadRequest {
  entity: string;
  project: string;
  name: string;
  type: string;
  files: Record<string, Buffer>;
  aliases?: string[];
  /** Files to send to Azure as staged blocks of this many bytes instead of one PUT. */
  blockSize?: number;
  blockFiles?: string[];
}

export interface ArtifactUploadResult {
  artifactId: string;
  state: string;
  /** How each file went: `single` PUT, staged `blocks`, or `deduplicated` (no URL). */
  modes: Record<string, 'single' | 'blocks' | 'deduplicated'>;
  commitErrors: string[];
}

export function manifestFor(
  files: Record<string, Buffer>,
  birthIds: Record<string, string>,
): Buffer {
  const contents: Record<string, { digest: string; size: number; birthArtifactID: string }> = {};
  for (const name of Object.keys(files).sort()) {
    contents[name] = {
      digest: md5Base64(files[name]!),
      size: files[name]!.length,
      birthArtifactID: birthIds[name]!,
    };
  }
  return Buffer.from(
    JSON.stringify({
      version: 1,
      storagePolicy: 'wandb-storage-policy-v1',
      storagePolicyConfig: { storageLayout: 'V2' },
      contents,
    }),
  );
}

export function artifactDigest(files: Record<string, Buffer>): string {
  const hash = createHash('md5').update('wandb-artifact-manifest-v1\n');
  for (const name of Object.keys(files).sort()) hash.update(`${name}:${md5Base64(files[name]!)}\n`);
  return hash.digest('hex');
}

export function headersOf(list: string[] | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of list ?? []) {
    const colon = entry.indexOf(':');
    headers[entry.slice(0, colon)] = entry.slice(colon + 1).trim();
  }
  return headers;
}

export async function putOrThrow(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<Response> {
  const response = await fetch(url, { method: 'PUT', body, headers });
  if (!response.ok)
    throw new Error(`PUT failed with HTTP ${response.status}: ${await response.text()}`);
  return response;
}

/** Stages `bytes` as Azure blocks with equal-length ids, then commits the block list. */
export async function putAzureBlocks(
  sasUrl: string,
  bytes: Buffer,
  blockSize: number,
  md5: string,
): Promise<void> {
  const ids: string[] = [];
  for (let offset = 0, index = 0; offset < bytes.length; offset += blockSize, index++) {
    const id = Buffer.from(`block-${String(index).padStart(6, '0')}`).toString('base64');
    const block = bytes.subarray(offset, offset + blockSize);
    await putOrThrow(`${sasUrl}&comp=block&blockid=${encodeURIComponent(id)}`, block, {
      'content-md5': md5Base64(block),
    });
    ids.push(id);
  }
  const list = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
  await putOrThrow(`${sasUrl}&comp=blocklist`, Buffer.from(list), { 'x-ms-blob-content-md5': md5 });
}

/** Runs createArtifact → manifest id → createArtifactFiles → PUTs → manifest → commitArtifact. */
export async function uploadArtifact(
  client: GraphqlClient,
  request: ArtifactUploadRequest,
): Promise<ArtifactUploadResult> {
  const created = await client.ok<CreateArtifactData>(createArtifactMutation, {
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
  const modes: ArtifactUploadResult['modes'] = {};
  if (artifact.state === 'COMMITTED')
    return { artifactId: artifact.id, state: artifact.state, modes, commitErrors: [] };

  const manifestVariables = {
    artifactID: artifact.id,
    baseArtifactID: null,
    name: 'wandb_manifest.json',
    entityName: request.entity,
    projectName: request.project,
    runName: '',
    manifestType: 'FULL',
  };
  const firstManifest = await client.ok<CreateArtifactManifestData>(
    createArtifactManifestMutation,
    { ...manifestVariables, digest: '', includeUpload: false },
  );
  const manifestId = firstManifest.createArtifactManifest!.artifactManifest.id;

  const names = Object.keys(request.files).sort();
  const filesData = await client.ok<CreateArtifactFilesData>(createArtifactFilesMutation, {
    storageLayout: 'V2',
    artifactFiles: names.map((name) => ({
      artifactID: artifact.id,
      name,
      md5: md5Base64(request.files[name]!),
      artifactManifestID: manifestId,
    })),
  });

  const birthIds: Record<string, string> = {};
  const edges = filesData.createArtifactFiles!.files.edges;
  for (const [index, edge] of edges.entries()) {
    const node = edge.node!;
    const name = names[index]!;
    const bytes = request.files[name]!;
    birthIds[name] = node.artifact!.id;

    if (node.uploadUrl === null) {
      modes[name] = 'deduplicated';
    } else if (request.blockFiles?.includes(name)) {
      await putAzureBlocks(
        node.uploadUrl,
        bytes,
        request.blockSize ?? 4 * 1024 * 1024,
        md5Base64(bytes),
      );
      modes[name] = 'blocks';
    } else {
      await putOrThrow(node.uploadUrl, bytes, headersOf(node.uploadHeaders));
      modes[name] = 'single';
    }
  }

  const manifest = manifestFor(request.files, birthIds);
  const second = await client.ok<CreateArtifactManifestData>(createArtifactManifestMutation, {
    ...manifestVariables,
    digest: md5Base64(manifest),
    includeUpload: true,
  });
  const manifestFile = second.createArtifactManifest!.artifactManifest.file;
  await putOrThrow(manifestFile.uploadUrl!, manifest, headersOf(manifestFile.uploadHeaders));

  const committed = await client.request<{
    commitArtifact: { artifact: { id: string; state?: string } };
  }>(commitArtifactMutation, { artifactID: artifact.id });
  return {
    artifactId: artifact.id,
    state: committed.errors.length ? 'PENDING' : 'COMMITTED',
    modes,
    commitErrors: committed.errors.map((e) => e.message),
  };
}
