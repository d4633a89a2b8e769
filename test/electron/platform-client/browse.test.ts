import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  isPlatformRequestError,
  type PlatformClient,
} from '../../../electron/platform-client/index';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { headersOf, md5Base64, putOrThrow } from '../../support/wandb-upload';
import { CountingAgent, download, signedInClient, uploadWithClient } from './fixture';

const TEAM = 'kappa';
const PROJECTS = ['audio', 'text', 'tabular', 'vision', 'video'];
const RUNS = ['run-a', 'run-b', 'run-c', 'run-d', 'run-e'];
const RUN_FILES: Record<string, Buffer> = {
  'config.yaml': Buffer.from('lr: 0.01\n'),
  'logs/output.log': randomBytes(700),
  'media/step 1.png': randomBytes(1500),
  'model.bin': randomBytes(4096),
  'summary.json': Buffer.from('{"loss":0.1}'),
};
const IMAGES: Record<string, Buffer> = Object.fromEntries(
  Array.from({ length: 7 }, (_, i) => [`images/${i}.png`, randomBytes(200 + i)]),
);

/** Collects everything an async iterator yields. */
async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPlatformRequestError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

describe('PlatformClient browse operations', () => {
  let env: TestPlatform;
  let alice: PlatformClient;
  let agent: CountingAgent;

  beforeAll(async () => {
    env = await startTestPlatform();
    agent = new CountingAgent();
    ({ client: alice } = await signedInClient(env, 'alice', { dispatcher: agent }));
    await env.createTeam(TEAM, ['alice']);

    for (const project of PROJECTS) {
      await alice.upsertRun({ entity: TEAM, project, name: 'setup' });
    }
    for (const name of RUNS) {
      await alice.upsertRun({ entity: TEAM, project: 'vision', name, tags: ['browse'] });
    }

    const created = await alice.createRunFiles({
      entity: TEAM,
      project: 'vision',
      run: 'run-a',
      files: Object.keys(RUN_FILES),
    });
    const uploadHeaders = headersOf(created.createRunFiles!.uploadHeaders);
    for (const file of created.createRunFiles!.files!) {
      await putOrThrow(file.uploadUrl!, RUN_FILES[file.name]!, uploadHeaders);
    }

    await uploadWithClient(alice, {
      entity: TEAM,
      project: 'vision',
      name: 'images',
      type: 'dataset',
      files: IMAGES,
      aliases: ['best'],
    });
    await uploadWithClient(alice, {
      entity: TEAM,
      project: 'vision',
      name: 'images',
      type: 'dataset',
      files: { ...IMAGES, 'images/extra.png': randomBytes(50) },
    });
    await uploadWithClient(alice, {
      entity: TEAM,
      project: 'vision',
      name: 'labels',
      type: 'dataset',
      files: { 'labels.csv': Buffer.from('id,label\n1,cat\n') },
    });
    await uploadWithClient(alice, {
      entity: TEAM,
      project: 'vision',
      name: 'resnet',
      type: 'model',
      files: { 'weights.bin': randomBytes(1000) },
    });
  });

  afterAll(async () => {
    await env?.stop();
    await agent?.close();
  });

  it('returns the viewer and their teams', async () => {
    const data = await alice.viewer();

    expect(data.viewer?.username).toBe('alice');
    expect(data.viewer?.teams?.edges.map((edge) => edge.node?.name)).toContain(TEAM);
  });

  it('caches serverInfo for hasFeature', async () => {
    const before = agent.requests;

    expect(await alice.hasFeature('BYOB_RESIGN_UPLOAD_PARTS')).toBe(true);
    expect(await alice.hasFeature('NO_SUCH_FEATURE')).toBe(false);
    expect(await alice.hasFeature('BYOB_RESIGN_UPLOAD_PARTS')).toBe(true);
    expect(agent.requests - before).toBe(1);
  });

  it('pages projects', async () => {
    const first = await alice.projects(TEAM, { perPage: 2 });
    expect(first.models?.edges).toHaveLength(2);
    expect(first.models?.pageInfo.hasNextPage).toBe(true);

    const all = await collect(alice.iterateProjects(TEAM, { pageSize: 2 }));
    expect(all.map((project) => project.name).sort()).toEqual([...PROJECTS].sort());
    expect(all.every((project) => project.entityName === TEAM)).toBe(true);
  });

  it('pages runs', async () => {
    const first = await alice.runs(TEAM, 'vision', { perPage: 2 });
    expect(first.project?.runCount).toBe(RUNS.length + 1);
    expect(first.project?.runs?.pageInfo.hasNextPage).toBe(true);

    const all = await collect(alice.iterateRuns(TEAM, 'vision', { pageSize: 2 }));
    expect(all.map((run) => run.name).sort()).toEqual([...RUNS, 'setup'].sort());
    expect(all.find((run) => run.name === 'run-c')?.tags).toEqual(['browse']);
  });

  it('pages run files', async () => {
    const first = await alice.runFiles(TEAM, 'vision', 'run-a', { perPage: 2 });
    expect(first.project?.run?.fileCount).toBe(Object.keys(RUN_FILES).length);
    expect(first.project?.run?.files?.pageInfo.hasNextPage).toBe(true);

    const all = await collect(alice.iterateRunFiles(TEAM, 'vision', 'run-a', { pageSize: 2 }));
    expect(all.map((file) => file.name).sort()).toEqual(Object.keys(RUN_FILES).sort());
    for (const file of all) {
      expect(file.sizeBytes, file.name).toBe(RUN_FILES[file.name]!.length);
      expect(file.md5, file.name).toBe(md5Base64(RUN_FILES[file.name]!));
    }

    const picked = await alice.runFiles(TEAM, 'vision', 'run-a', { fileNames: ['model.bin'] });
    const node = picked.project!.run!.files!.edges[0]!.node!;
    expect(picked.project!.run!.files!.edges).toHaveLength(1);
    expect((await download(node.directUrl)).equals(RUN_FILES['model.bin']!)).toBe(true);
  });

  it('pages artifact types and collections', async () => {
    const types = await collect(alice.iterateArtifactTypes(TEAM, 'vision', { pageSize: 1 }));
    expect(types.map((type) => type.name).sort()).toEqual(['dataset', 'model']);

    const firstPage = await alice.artifactCollections(TEAM, 'vision', 'dataset', { perPage: 1 });
    expect(firstPage.project?.artifactType?.artifactCollections?.totalCount).toBe(2);

    const collections = await collect(
      alice.iterateArtifactCollections(TEAM, 'vision', 'dataset', { pageSize: 1 }),
    );
    expect(collections.map((collection) => collection.name).sort()).toEqual(['images', 'labels']);
  });

  it('pages artifact versions', async () => {
    const first = await alice.artifactVersions(TEAM, 'vision', 'dataset', 'images', {
      perPage: 1,
    });
    expect(first.project?.artifactType?.artifactCollection?.artifacts?.totalCount).toBe(2);

    const versions = await collect(
      alice.iterateArtifactVersions(TEAM, 'vision', 'dataset', 'images', { pageSize: 1 }),
    );
    expect(versions.map((edge) => edge.version).sort()).toEqual(['v0', 'v1']);
    const v0 = versions.find((edge) => edge.version === 'v0')!;
    expect(v0.node.fileCount).toBe(Object.keys(IMAGES).length);
    expect(v0.node.aliases?.map((alias) => alias.alias)).toContain('best');
  });

  it('reads a version by alias and by id', async () => {
    const membership = await alice.artifactMembership(TEAM, 'vision', 'images:best');
    const member = membership.project!.artifactCollectionMembership!;
    expect(member.versionIndex).toBe(0);
    expect(member.artifact?.state).toBe('COMMITTED');

    const byId = await alice.artifactById(member.artifact!.id);
    const manifestUrl = byId.artifact!.currentManifest!.file.directUrl;
    const manifest = JSON.parse((await download(manifestUrl)).toString('utf8')) as {
      contents: Record<string, { digest: string }>;
    };
    expect(Object.keys(manifest.contents).sort()).toEqual(Object.keys(IMAGES).sort());
  });

  it('pages artifact files', async () => {
    const first = await alice.artifactMembershipFiles(TEAM, 'vision', 'images', 'v0', {
      perPage: 3,
    });
    const files = first.project!.artifactCollection!.artifactMembership!.files!;
    expect(files.edges).toHaveLength(3);
    expect(files.pageInfo.hasNextPage).toBe(true);

    const all = await collect(
      alice.iterateArtifactFiles(TEAM, 'vision', 'images', 'v0', { pageSize: 3 }),
    );
    expect(all.map((file) => file.name).sort()).toEqual(Object.keys(IMAGES).sort());
    for (const file of all) {
      expect((await download(file.directUrl)).equals(IMAGES[file.name]!), file.name).toBe(true);
    }
  });

  it('filters artifact files by name', async () => {
    const picked = await collect(
      alice.iterateArtifactFiles(TEAM, 'vision', 'images', 'latest', {
        fileNames: ['images/extra.png', 'images/3.png'],
      }),
    );
    expect(picked.map((file) => file.name).sort()).toEqual(['images/3.png', 'images/extra.png']);
  });

  it('reports a missing project as NOT_FOUND', async () => {
    await expectCode(
      collect(alice.iterateArtifactFiles(TEAM, 'no-such', 'images', 'v0')),
      'NOT_FOUND',
    );
    await expectCode(collect(alice.iterateRuns(TEAM, 'no-such')), 'NOT_FOUND');
  });

  it('rejects an invalid page size', () => {
    expect(() => alice.iterateProjects(TEAM, { pageSize: 0 })).toThrow('Invalid pageSize 0');
  });
});
