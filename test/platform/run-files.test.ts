import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRunFilesMutation,
  runFilesQuery,
  upsertRunMutation,
  type CreateRunFilesData,
  type RunFileFieldsData,
  type RunFilesData,
  type RunFilesVariables,
  type UpsertRunData,
} from '../../shared/graphql/operations/index';
import type { GraphqlClient } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { headersOf, md5Base64, putOrThrow } from '../support/wandb-upload';

const ENTITY = 'kappa';
const PROJECT = 'vision';
const RUN = 'run-files-1';

// Names chosen to break URL building: spaces, `+` (a space in form encoding), `%`, `#`
// (a fragment), non-ASCII letters and nested folders.
const files: Record<string, Buffer> = {
  'config.yaml': Buffer.from('lr: 0.001\nbatch: 32\n'),
  'logs/empty.log': Buffer.alloc(0),
  'media/images/step 1.png': randomBytes(2048),
  'a+b%c#d.txt': randomBytes(300),
  'データ/ünï.bin': randomBytes(777),
  'deep/er/and/deeper/model.bin': randomBytes(64 * 1024 + 5),
};
const NEVER_UPLOADED = 'never-uploaded.txt';

/** Sorts as SQLite's BINARY collation does: UTF-8 bytes, which is code point order. */
const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status, 'download status').toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function listPage(client: GraphqlClient, variables: Partial<RunFilesVariables>) {
  const data = await client.ok<RunFilesData>(runFilesQuery, {
    entity: ENTITY,
    project: PROJECT,
    run: RUN,
    ...variables,
  });
  const run = data.project!.run!;
  return {
    fileCount: run.fileCount,
    pageInfo: run.files!.pageInfo,
    nodes: run.files!.edges.map((e) => e.node!),
  };
}

async function listAll(client: GraphqlClient, perPage: number) {
  const nodes: RunFileFieldsData[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listPage(client, { cursor, perPage });
    nodes.push(...page.nodes);
    cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    pages++;
  } while (cursor !== null && pages < 100);
  return { nodes, pages };
}

describe('run files on an Azurite bucket', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    await env.createTeam(ENTITY, ['alice']);
  });
  afterAll(() => env?.stop());

  it('upsertBucket creates, then updates', async () => {
    const created = await alice.ok<UpsertRunData>(upsertRunMutation, {
      entity: ENTITY,
      project: PROJECT,
      name: RUN,
      displayName: 'first try',
      description: 'before',
      config: JSON.stringify({ lr: 0.001 }),
    });
    expect(created.upsertBucket!.inserted).toBe(true);
    expect(created.upsertBucket!.bucket!.name).toBe(RUN);
    expect(created.upsertBucket!.bucket!.project!.entity.name).toBe(ENTITY);

    const updated = await alice.ok<UpsertRunData>(upsertRunMutation, {
      entity: ENTITY,
      project: PROJECT,
      name: RUN,
      description: 'after',
    });
    const bucket = updated.upsertBucket!.bucket!;
    expect(updated.upsertBucket!.inserted).toBe(false);
    expect(bucket.id).toBe(created.upsertBucket!.bucket!.id);
    expect(bucket.description).toBe('after');
    // Fields left out of the second call keep their values.
    expect(bucket.displayName).toBe('first try');
    expect(JSON.parse(bucket.config!)).toEqual({ lr: 0.001 });
  });

  it('uploads every file with the returned headers', async () => {
    const names = [...Object.keys(files), NEVER_UPLOADED];
    const data = await alice.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity: ENTITY,
      project: PROJECT,
      run: RUN,
      files: names,
    });
    const created = data.createRunFiles!;
    expect(created.runID).not.toBe('');
    expect(created.files!.map((f) => f.name)).toEqual(names);

    const headers = headersOf(created.uploadHeaders);
    expect(headers['x-ms-blob-type']).toBe('BlockBlob');
    for (const file of created.files!) {
      if (file.name === NEVER_UPLOADED) continue;
      await putOrThrow(file.uploadUrl!, files[file.name]!, headers);
    }
  });

  it('lists uploaded files with size and MD5', async () => {
    const { nodes } = await listAll(alice, 100);
    const expectedNames = Object.keys(files).sort(byCodePoint);

    expect(nodes.map((n) => n.name)).toEqual(expectedNames);
    for (const node of nodes) {
      const bytes = files[node.name]!;
      expect(node.sizeBytes, node.name).toBe(bytes.length);
      expect(node.md5, node.name).toBe(md5Base64(bytes));
    }
  });

  it('leaves out a file never uploaded', async () => {
    const page = await listPage(alice, { perPage: 100 });
    expect(page.fileCount).toBe(Object.keys(files).length);
    expect(page.nodes.map((n) => n.name)).not.toContain(NEVER_UPLOADED);
  });

  it('downloads each file byte-identical', async () => {
    const { nodes } = await listAll(alice, 100);
    expect(nodes).toHaveLength(Object.keys(files).length);

    for (const node of nodes) {
      const body = await download(node.directUrl);
      expect(body.equals(files[node.name]!), node.name).toBe(true);
    }
  });

  it('pages with a small perPage', async () => {
    const { nodes, pages } = await listAll(alice, 4);
    const total = Object.keys(files).length;

    expect(pages).toBe(Math.ceil(total / 4));
    expect(nodes.map((n) => n.name)).toEqual(Object.keys(files).sort(byCodePoint));
  });

  it('filters by fileNames', async () => {
    const page = await listPage(alice, {
      fileNames: ['config.yaml', 'a+b%c#d.txt', NEVER_UPLOADED, 'no/such/file'],
    });
    expect(page.nodes.map((n) => n.name).sort(byCodePoint)).toEqual(['a+b%c#d.txt', 'config.yaml']);
  });

  it.each([
    // W&B documents `pattern` as MySQL LIKE syntax: `%` matches any characters, `_` one.
    ['%.bin', ['deep/er/and/deeper/model.bin', 'データ/ünï.bin']],
    ['media/%', ['media/images/step 1.png']],
    ['config.yam_', ['config.yaml']],
    ['a+b\\%c%', ['a+b%c#d.txt']],
    ['%.nothing', []],
  ])('filters by pattern %j', async (pattern, expected) => {
    const page = await listPage(alice, { pattern, perPage: 100 });
    expect(page.nodes.map((n) => n.name).sort(byCodePoint)).toEqual(expected);
  });

  it('lists a late upload once it arrives', async () => {
    const late = Buffer.from('arrived later');
    const data = await alice.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity: ENTITY,
      project: PROJECT,
      run: RUN,
      files: [NEVER_UPLOADED],
    });
    const file = data.createRunFiles!.files![0]!;
    await putOrThrow(file.uploadUrl!, late, headersOf(data.createRunFiles!.uploadHeaders));

    const page = await listPage(alice, { fileNames: [NEVER_UPLOADED] });
    expect(page.nodes).toHaveLength(1);
    expect(page.nodes[0]!.sizeBytes).toBe(late.length);
    expect(page.nodes[0]!.md5).toBe(md5Base64(late));
  });

  it('rejects createRunFiles for a missing run', async () => {
    const result = await alice.request<CreateRunFilesData>(createRunFilesMutation, {
      entity: ENTITY,
      project: PROJECT,
      run: 'no-such-run',
      files: ['a.txt'],
    });
    expect(result.data?.createRunFiles ?? null).toBeNull();
    expect(result.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.errors[0]?.message).toContain('no-such-run');
  });

  it('rejects createRunFiles for a missing project', async () => {
    const result = await alice.request<CreateRunFilesData>(createRunFilesMutation, {
      entity: ENTITY,
      project: 'no-such-project',
      run: RUN,
      files: ['a.txt'],
    });
    expect(result.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.errors[0]?.message).toContain('no-such-project');
  });

  it('rejects a run file path with ..', async () => {
    const result = await alice.request<CreateRunFilesData>(createRunFilesMutation, {
      entity: ENTITY,
      project: PROJECT,
      run: RUN,
      files: ['ok.txt', 'up/../../escape.txt'],
    });
    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.message).toContain('up/../../escape.txt');
  });
});
