import { createHash, randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PlatformClient } from '../../../electron/platform-client/index';
import { parseStorageAddress } from '../../../platform/storage/address';
import { startGcsDouble, type GcsDouble } from '../../support/gcs/index';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { artifactDigest, headersOf, md5Base64, putOrThrow } from '../../support/wandb-upload';
import { download, signedInClient, uploadWithClient } from './fixture';

const TEAM = 'kappa';
const PROJECT = 'vision';

async function readBack(
  client: PlatformClient,
  collection: string,
  alias: string,
): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for await (const file of client.iterateArtifactFiles(TEAM, PROJECT, collection, alias, {
    pageSize: 20,
  })) {
    files[file.name] = await download(file.directUrl);
  }
  return files;
}

describe('PlatformClient uploads on an Azurite bucket', () => {
  let env: TestPlatform;
  let alice: PlatformClient;
  // 60 files: more than the 25 specs of the batcher's first requests.
  const files: Record<string, Buffer> = Object.fromEntries(
    Array.from({ length: 60 }, (_, i) => [
      `shard-${String(i).padStart(2, '0')}.bin`,
      randomBytes(64 + i),
    ]),
  );

  beforeAll(async () => {
    env = await startTestPlatform();
    ({ client: alice } = await signedInClient(env, 'alice'));
    await env.createTeam(TEAM, ['alice']);
  });

  afterAll(() => env?.stop());

  it('uploads and commits a version in batches', async () => {
    const result = await uploadWithClient(alice, {
      entity: TEAM,
      project: PROJECT,
      name: 'shards',
      type: 'dataset',
      files,
      aliases: ['first'],
    });

    expect(result.createdState).toBe('PENDING');
    expect(result.batchSizes).toEqual([25, 25, 10]);
    expect(result.uploaded).toHaveLength(60);

    const byId = await alice.artifactById(result.artifactId);
    expect(byId.artifact?.state).toBe('COMMITTED');
    expect(byId.artifact?.fileCount).toBe(60);
    expect(byId.artifact?.aliases?.map((alias) => alias.alias).sort()).toEqual(['first', 'latest']);
  });

  it('reads the version back byte for byte', async () => {
    const stored = await readBack(alice, 'shards', 'first');

    expect(Object.keys(stored).sort()).toEqual(Object.keys(files).sort());
    for (const name of Object.keys(files)) {
      expect(stored[name]!.equals(files[name]!), name).toBe(true);
    }
  });

  it('returns COMMITTED for the same content again', async () => {
    const again = await uploadWithClient(alice, {
      entity: TEAM,
      project: PROJECT,
      name: 'shards',
      type: 'dataset',
      files,
    });

    expect(again.createdState).toBe('COMMITTED');
    expect(again.batchSizes).toEqual([]);
  });

  it('sends the manifest through updateArtifactManifest', async () => {
    const changed = { ...files, 'shard-00.bin': randomBytes(99) };
    const result = await uploadWithClient(alice, {
      entity: TEAM,
      project: PROJECT,
      name: 'shards',
      type: 'dataset',
      files: changed,
      manifestByUpdate: true,
    });

    expect(result.uploaded).toEqual(['shard-00.bin']);
    expect(result.deduplicated).toHaveLength(59);
    const stored = await readBack(alice, 'shards', 'v1');
    expect(stored['shard-00.bin']!.equals(changed['shard-00.bin']!)).toBe(true);
    expect(stored['shard-59.bin']!.equals(files['shard-59.bin']!)).toBe(true);
  });

  it('uploads run files and marks them uploaded', async () => {
    const runFiles = { 'metrics.json': Buffer.from('{"acc":0.9}'), 'model.pt': randomBytes(2048) };
    const run = await alice.upsertRun({ entity: TEAM, project: PROJECT, name: 'train-1' });
    expect(run.upsertBucket?.inserted).toBe(true);

    const created = await alice.createRunFiles({
      entity: TEAM,
      project: PROJECT,
      run: 'train-1',
      files: Object.keys(runFiles),
    });
    const headers = headersOf(created.createRunFiles!.uploadHeaders);
    for (const file of created.createRunFiles!.files!) {
      await putOrThrow(file.uploadUrl!, runFiles[file.name as keyof typeof runFiles], headers);
    }
    const marked = await alice.markRunFilesUploaded({
      entity: TEAM,
      project: PROJECT,
      run: 'train-1',
      files: Object.keys(runFiles),
    });
    expect(marked.markRunFilesUploaded?.success).toBe(true);

    const listed = await alice.runFiles(TEAM, PROJECT, 'train-1');
    const model = listed.project!.run!.files!.edges.find((edge) => edge.node?.name === 'model.pt');
    expect(model?.node?.md5).toBe(md5Base64(runFiles['model.pt']));
  });

  it('rejects an empty createArtifactFiles batch', async () => {
    await expect(alice.createArtifactFiles([])).rejects.toThrow(
      'Invalid createArtifactFiles batch: it is empty',
    );
  });
});

describe('PlatformClient multipart uploads on the GCS double', () => {
  const BUCKET = 'byob-client-multipart';
  // The GCS double, like S3, wants every part but the last to be at least 5 MiB.
  const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1000)];
  const whole = Buffer.concat(parts);
  let gcs: GcsDouble;
  let env: TestPlatform;
  let alice: PlatformClient;

  beforeAll(async () => {
    gcs = await startGcsDouble();
    gcs.createBucket(BUCKET);
    const account = gcs.serviceAccount;
    const address = `gs://${encodeURIComponent(account.client_email)}:${encodeURIComponent(account.private_key)}@${BUCKET}?endpoint=${encodeURIComponent(gcs.endpoint)}`;
    env = await startTestPlatform({ instanceBucket: parseStorageAddress(address) });
    ({ client: alice } = await signedInClient(env, 'alice'));
    await env.createTeam(TEAM, ['alice']);
  });

  afterAll(async () => {
    await env?.stop();
    await gcs?.stop();
  });

  /** Opens a version of `collection` with one file of `fileParts` and returns its upload. */
  async function openUpload(collection: string, fileParts: Buffer[]) {
    const content = Buffer.concat(fileParts);
    const created = await alice.createArtifact({
      entityName: TEAM,
      projectName: PROJECT,
      artifactTypeName: 'dataset',
      artifactCollectionName: collection,
      digest: artifactDigest({ 'large.bin': content }),
      clientID: randomBytes(16).toString('hex'),
      sequenceClientID: randomBytes(16).toString('hex'),
    });
    const artifactId = created.createArtifact!.artifact.id;
    const manifest = await alice.createArtifactManifest({
      artifactID: artifactId,
      name: 'wandb_manifest.json',
      digest: '',
      entityName: TEAM,
      projectName: PROJECT,
      runName: '',
      manifestType: 'FULL',
      includeUpload: false,
    });
    const uploadPartsInput = fileParts.map((part, index) => ({
      partNumber: index + 1,
      hexMD5: createHash('md5').update(part).digest('hex'),
    }));
    const filesData = await alice.createArtifactFiles([
      {
        artifactID: artifactId,
        name: 'large.bin',
        md5: md5Base64(content),
        artifactManifestID: manifest.createArtifactManifest!.artifactManifest.id,
        uploadPartsInput,
      },
    ]);
    const file = filesData.createArtifactFiles!.files.edges[0]!.node!;
    return { artifactId, file, uploadPartsInput };
  }

  it('completes a multipart upload and commits', async () => {
    const { artifactId, file } = await openUpload('large', parts);
    const upload = file.uploadMultipartUrls!;
    expect(upload.uploadUrlParts?.map((part) => part.partNumber)).toEqual([1, 2]);

    const completedParts = [];
    for (const [index, part] of upload.uploadUrlParts!.entries()) {
      const response = await putOrThrow(part.uploadUrl, parts[index]!, {});
      completedParts.push({ partNumber: part.partNumber, hexMD5: response.headers.get('etag')! });
    }
    const completed = await alice.completeMultipartUpload({
      completedParts,
      artifactID: artifactId,
      storagePath: file.storagePath!,
      uploadID: upload.uploadID,
    });
    expect(completed.completeMultipartUploadArtifact?.digest).toBeTruthy();

    const manifest = Buffer.from(
      JSON.stringify({
        version: 1,
        storagePolicy: 'wandb-storage-policy-v1',
        storagePolicyConfig: { storageLayout: 'V2' },
        contents: {
          'large.bin': {
            digest: md5Base64(whole),
            size: whole.length,
            birthArtifactID: file.artifact!.id,
          },
        },
      }),
    );
    const manifestData = await alice.createArtifactManifest({
      artifactID: artifactId,
      name: 'wandb_manifest.json',
      digest: md5Base64(manifest),
      entityName: TEAM,
      projectName: PROJECT,
      runName: '',
      manifestType: 'FULL',
      includeUpload: true,
    });
    const manifestFile = manifestData.createArtifactManifest!.artifactManifest.file;
    await putOrThrow(manifestFile.uploadUrl!, manifest, headersOf(manifestFile.uploadHeaders));
    await alice.commitArtifact(artifactId);

    const stored = await readBack(alice, 'large', 'latest');
    expect(stored['large.bin']!.equals(whole)).toBe(true);
  });

  it('refreshes part URLs of an open upload', async () => {
    const tail = randomBytes(10);
    const { artifactId, file, uploadPartsInput } = await openUpload('refreshed', [parts[0]!, tail]);
    const upload = file.uploadMultipartUrls!;

    const first = await putOrThrow(upload.uploadUrlParts![0]!.uploadUrl, parts[0]!, {});
    const refreshed = await alice.refreshMultipartUploadUrls({
      artifactID: artifactId,
      uploadID: upload.uploadID,
      storagePath: file.storagePath!,
      uploadPartsInput: uploadPartsInput.slice(1),
    });
    const fresh = refreshed.refreshMultipartUploadUrls!.uploadUrlParts!;
    expect(fresh.map((part) => part.partNumber)).toEqual([2]);

    const second = await putOrThrow(fresh[0]!.uploadUrl, tail, {});
    const completed = await alice.completeMultipartUpload({
      completedParts: [
        { partNumber: 1, hexMD5: first.headers.get('etag')! },
        { partNumber: 2, hexMD5: second.headers.get('etag')! },
      ],
      artifactID: artifactId,
      storagePath: file.storagePath!,
      uploadID: upload.uploadID,
    });
    expect(completed.completeMultipartUploadArtifact?.digest).toBeTruthy();
  });
});
