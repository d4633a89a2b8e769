import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  artifactByIdQuery,
  createRunFilesMutation,
  upsertRunMutation,
  type ArtifactByIdData,
  type CreateRunFilesData,
} from '../../shared/graphql/operations/index';
import type { GraphqlClient } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { headersOf, putOrThrow, uploadArtifact } from '../support/wandb-upload';

const ENTITY = 'kappa';
const PROJECT = 'vision';
const WINDOW = 64;
// Every 64-byte window of a buffer fully contains one 32-byte chunk that starts at a
// multiple of 32, so finding none of those chunks proves no 64-byte window is there.
const CHUNK = WINDOW / 2;

const artifactFiles: Record<string, Buffer> = {
  'weights.bin': randomBytes(128 * 1024 + 17),
  'data/a.bin': randomBytes(20_000),
  'data/b.bin': randomBytes(5000),
};
const runFiles: Record<string, Buffer> = {
  'output.log': randomBytes(10_000),
  'media/sample.png': randomBytes(30_000),
};

/** Returns the offset of the first aligned 32-byte chunk of `content` in `haystack`, or -1. */
function firstSharedChunk(haystack: Buffer, content: Buffer): number {
  for (let offset = 0; offset + CHUNK <= content.length; offset += CHUNK) {
    if (haystack.indexOf(content.subarray(offset, offset + CHUNK)) >= 0) return offset;
  }
  return -1;
}

/** Reads every regular file under `dir` whole. */
function readTree(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { path, bytes: readFileSync(path) };
    });
}

describe('platform data folder after uploads', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;
  let manifest: Buffer;

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    await env.createTeam(ENTITY, ['alice']);

    const result = await uploadArtifact(alice, {
      entity: ENTITY,
      project: PROJECT,
      name: 'secret-data',
      type: 'dataset',
      files: artifactFiles,
      blockFiles: ['weights.bin'],
      blockSize: 32 * 1024,
    });
    expect(result.commitErrors).toEqual([]);

    const byId = await alice.ok<ArtifactByIdData>(artifactByIdQuery, { id: result.artifactId });
    const response = await fetch(byId.artifact!.currentManifest!.file.directUrl);
    expect(response.status).toBe(200);
    manifest = Buffer.from(await response.arrayBuffer());

    await alice.ok(upsertRunMutation, { entity: ENTITY, project: PROJECT, name: 'run-1' });
    const urls = await alice.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity: ENTITY,
      project: PROJECT,
      run: 'run-1',
      files: Object.keys(runFiles),
    });
    const headers = headersOf(urls.createRunFiles!.uploadHeaders);
    for (const file of urls.createRunFiles!.files!) {
      await putOrThrow(file.uploadUrl!, runFiles[file.name]!, headers);
    }
  });
  afterAll(() => env?.stop());

  it('finds an embedded window in a synthetic file', () => {
    // The search itself must work, or the checks below prove nothing.
    const content = artifactFiles['data/a.bin']!;
    const window = content.subarray(1001, 1001 + WINDOW);
    const haystack = Buffer.concat([randomBytes(5000), window, randomBytes(5000)]);

    expect(firstSharedChunk(haystack, content)).toBeGreaterThanOrEqual(0);
    expect(firstSharedChunk(randomBytes(10_000), content)).toBe(-1);
  });

  it('reads the database and its WAL', () => {
    const names = readTree(env.dataDir).map((f) => f.path.slice(env.dataDir.length + 1));
    expect(names).toContain('platform.sqlite');
    expect(names).toContain('platform.sqlite-wal');
  });

  it.each([
    ...Object.keys(artifactFiles).map((name) => ['artifact', name]),
    ...Object.keys(runFiles).map((name) => ['run', name]),
  ])('keeps no window of %s file %s', (kind, name) => {
    const content = (kind === 'artifact' ? artifactFiles : runFiles)[name]!;
    for (const file of readTree(env.dataDir)) {
      expect(firstSharedChunk(file.bytes, content), file.path).toBe(-1);
    }
  });

  it('keeps no copy of the manifest', () => {
    expect(manifest.length).toBeGreaterThan(WINDOW);
    for (const file of readTree(env.dataDir)) {
      expect(file.bytes.indexOf(manifest), file.path).toBe(-1);
      expect(file.bytes.indexOf('"storagePolicy"'), file.path).toBe(-1);
      expect(file.bytes.indexOf('wandb-storage-policy-v1'), file.path).toBe(-1);
    }
  });
});
