import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  artifactByIdQuery,
  commitArtifactMutation,
  createArtifactFilesMutation,
  createArtifactManifestMutation,
  createArtifactMutation,
  type ArtifactByIdData,
  type CreateArtifactData,
  type CreateArtifactFileSpecInput,
  type CreateArtifactFilesData,
  type CreateArtifactManifestData,
} from '../../shared/graphql/operations/index';
import type { GraphqlClient, GraphqlError } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import {
  artifactDigest,
  headersOf,
  manifestFor,
  md5Base64,
  putOrThrow,
} from '../support/wandb-upload';

const ENTITY = 'kappa';
const PROJECT = 'vision';

type Files = Record<string, Buffer>;

/**
 * One pending artifact driven step by step, so a test can leave a step out or get it
 * wrong before committing. W&B's own order is in test/support/wandb-upload.ts.
 */
class PendingArtifact {
  private constructor(
    private readonly client: GraphqlClient,
    readonly id: string,
    private readonly manifestId: string,
  ) {}

  /** Upload URL and headers by file name, filled by `registerFiles`. */
  readonly urls = new Map<string, { url: string; headers: Record<string, string> }>();
  readonly birthIds: Record<string, string> = {};

  /** Runs createArtifact with the digest of `digestFiles`, then the first manifest call. */
  static async create(client: GraphqlClient, name: string, digestFiles: Files) {
    const created = await client.ok<CreateArtifactData>(createArtifactMutation, {
      entityName: ENTITY,
      projectName: PROJECT,
      artifactTypeName: 'dataset',
      artifactCollectionName: name,
      digest: artifactDigest(digestFiles),
      clientID: randomBytes(16).toString('hex'),
      sequenceClientID: randomBytes(16).toString('hex'),
    });
    const artifact = created.createArtifact!.artifact;
    expect(artifact.state).toBe('PENDING');

    const manifest = await client.ok<CreateArtifactManifestData>(createArtifactManifestMutation, {
      ...manifestVariables(artifact.id),
      digest: '',
      includeUpload: false,
    });
    return new PendingArtifact(
      client,
      artifact.id,
      manifest.createArtifactManifest!.artifactManifest.id,
    );
  }

  spec(name: string, md5: string): CreateArtifactFileSpecInput {
    return { artifactID: this.id, name, md5, artifactManifestID: this.manifestId };
  }

  register(specs: CreateArtifactFileSpecInput[]) {
    return this.client.request<CreateArtifactFilesData>(createArtifactFilesMutation, {
      storageLayout: 'V2',
      artifactFiles: specs,
    });
  }

  async registerFiles(files: Files): Promise<void> {
    const result = await this.register(
      Object.entries(files).map(([name, bytes]) => this.spec(name, md5Base64(bytes))),
    );
    expect(result.errors).toEqual([]);
    for (const edge of result.data!.createArtifactFiles!.files.edges) {
      const node = edge.node!;
      this.birthIds[node.name] = node.artifact!.id;
      this.urls.set(node.name, { url: node.uploadUrl!, headers: headersOf(node.uploadHeaders) });
    }
  }

  async put(name: string, bytes: Buffer): Promise<void> {
    const target = this.urls.get(name)!;
    await putOrThrow(target.url, bytes, target.headers);
  }

  /**
   * Sends the manifest digest and PUTs `body`. Without `digestOf`, the digest is that of
   * `body`. A different body goes without Content-MD5, because Azure would reject the
   * mismatch. A SAS cannot require that header, so any client can do the same.
   */
  async putManifest(body: Buffer, digestOf: Buffer = body): Promise<void> {
    const data = await this.client.ok<CreateArtifactManifestData>(createArtifactManifestMutation, {
      ...manifestVariables(this.id),
      digest: md5Base64(digestOf),
      includeUpload: true,
    });
    const file = data.createArtifactManifest!.artifactManifest.file;
    const headers = headersOf(file.uploadHeaders);
    if (digestOf !== body) delete headers['Content-MD5'];
    await putOrThrow(file.uploadUrl!, body, headers);
  }

  async commit(): Promise<GraphqlError[]> {
    const result = await this.client.request(commitArtifactMutation, { artifactID: this.id });
    return result.errors;
  }

  async state(): Promise<string> {
    const data = await this.client.ok<ArtifactByIdData>(artifactByIdQuery, { id: this.id });
    return data.artifact!.state;
  }
}

function manifestVariables(artifactID: string) {
  return {
    artifactID,
    baseArtifactID: null,
    name: 'wandb_manifest.json',
    entityName: ENTITY,
    projectName: PROJECT,
    runName: '',
    manifestType: 'FULL',
  };
}

const randomFiles = (...names: string[]): Files =>
  Object.fromEntries(names.map((name) => [name, randomBytes(200 + name.length)]));

function expectBadInput(errors: GraphqlError[], ...fragments: string[]): void {
  expect(errors).toHaveLength(1);
  expect(errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
  for (const fragment of fragments) expect(errors[0]!.message).toContain(fragment);
}

describe('commitArtifact checks', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    await env.createTeam(ENTITY, ['alice']);
  });
  afterAll(() => env?.stop());

  it('rejects a registered file never uploaded', async () => {
    const files = randomFiles('a.txt', 'data/b.bin');
    const artifact = await PendingArtifact.create(alice, 'never-uploaded', files);
    await artifact.registerFiles(files);
    await artifact.put('a.txt', files['a.txt']!);
    await artifact.putManifest(manifestFor(files, artifact.birthIds));

    expectBadInput(await artifact.commit(), 'not in the bucket', '"data/b.bin"');
    expect(await artifact.state()).toBe('PENDING');

    await artifact.put('data/b.bin', files['data/b.bin']!);
    expect(await artifact.commit()).toEqual([]);
    expect(await artifact.state()).toBe('COMMITTED');
  });

  it('rejects manifest bytes that differ from the digest', async () => {
    const files = randomFiles('a.txt');
    const artifact = await PendingArtifact.create(alice, 'manifest-mismatch', files);
    await artifact.registerFiles(files);
    await artifact.put('a.txt', files['a.txt']!);
    const manifest = manifestFor(files, artifact.birthIds);
    const tampered = Buffer.from(manifest.toString('utf8').replace('"version":1', '"version": 1'));
    await artifact.putManifest(tampered, manifest);

    expectBadInput(await artifact.commit(), 'does not match digest', md5Base64(manifest));
    expect(await artifact.state()).toBe('PENDING');

    await artifact.putManifest(manifest);
    expect(await artifact.commit()).toEqual([]);
    expect(await artifact.state()).toBe('COMMITTED');
  });

  it('rejects a manifest entry never registered', async () => {
    const files = randomFiles('a.txt', 'extra/c.txt');
    const registered = { 'a.txt': files['a.txt']! };
    const artifact = await PendingArtifact.create(alice, 'unregistered', files);
    await artifact.registerFiles(registered);
    await artifact.put('a.txt', files['a.txt']!);
    const birthIds = { ...artifact.birthIds, 'extra/c.txt': artifact.id };
    await artifact.putManifest(manifestFor(files, birthIds));

    expectBadInput(await artifact.commit(), 'never registered', '"extra/c.txt"');
    expect(await artifact.state()).toBe('PENDING');

    await artifact.registerFiles({ 'extra/c.txt': files['extra/c.txt']! });
    await artifact.put('extra/c.txt', files['extra/c.txt']!);
    expect(await artifact.commit()).toEqual([]);
    expect(await artifact.state()).toBe('COMMITTED');
  });

  it('rejects entries that miss the artifact digest', async () => {
    const files = randomFiles('a.txt', 'b.txt');
    const artifact = await PendingArtifact.create(alice, 'digest-mismatch', files);
    await artifact.registerFiles(files);
    await artifact.put('a.txt', files['a.txt']!);
    await artifact.put('b.txt', files['b.txt']!);
    // A manifest that leaves b.txt out is well formed but hashes to another artifact digest.
    const partial = { 'a.txt': files['a.txt']! };
    await artifact.putManifest(manifestFor(partial, artifact.birthIds));

    expectBadInput(await artifact.commit(), artifactDigest(partial), artifactDigest(files));
    expect(await artifact.state()).toBe('PENDING');

    await artifact.putManifest(manifestFor(files, artifact.birthIds));
    expect(await artifact.commit()).toEqual([]);
    expect(await artifact.state()).toBe('COMMITTED');
  });

  describe('createArtifactFiles input', () => {
    let artifact: PendingArtifact;
    const goodMd5 = md5Base64(Buffer.from('content'));

    beforeAll(async () => {
      artifact = await PendingArtifact.create(alice, 'bad-input', randomFiles('a.txt'));
    });

    it('rejects an invalid md5', async () => {
      const result = await artifact.register([artifact.spec('a.txt', 'not-an-md5')]);
      expectBadInput(result.errors, '"not-an-md5"');
    });

    it('rejects a hex md5', async () => {
      const hex = Buffer.from(goodMd5, 'base64').toString('hex');
      const result = await artifact.register([artifact.spec('a.txt', hex)]);
      expectBadInput(result.errors, `"${hex}"`);
    });

    it('rejects a path with ..', async () => {
      const result = await artifact.register([artifact.spec('data/../../etc/passwd', goodMd5)]);
      expectBadInput(result.errors, '"data/../../etc/passwd"');
    });

    it('rejects parts not numbered 1..N', async () => {
      const hexMD5 = 'a'.repeat(32);
      const spec = {
        ...artifact.spec('big.bin', goodMd5),
        uploadPartsInput: [
          { partNumber: 1, hexMD5 },
          { partNumber: 3, hexMD5 },
        ],
      };
      const result = await artifact.register([spec]);
      expectBadInput(result.errors, '"big.bin"', 'partNumber 3');
    });

    it('rejects a part with an invalid hexMD5', async () => {
      const spec = {
        ...artifact.spec('big.bin', goodMd5),
        uploadPartsInput: [{ partNumber: 1, hexMD5: 'xyz' }],
      };
      const result = await artifact.register([spec]);
      expectBadInput(result.errors, '"xyz"');
    });

    it('leaves the artifact pending after bad input', async () => {
      expect(await artifact.state()).toBe('PENDING');
    });
  });
});
