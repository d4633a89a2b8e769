import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  artifactByIdQuery,
  artifactCollectionsQuery,
  artifactMembershipFilesQuery,
  artifactMembershipQuery,
  artifactTypesQuery,
  artifactVersionsQuery,
} from '../../shared/graphql/operations/index';
import type { GraphqlClient } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { md5Base64, uploadArtifact } from '../support/wandb-upload';

interface FileNode {
  name: string;
  sizeBytes: number;
  digest: string;
  md5: string;
  directUrl: string;
}

interface FilesPage {
  project: {
    artifactCollection: {
      artifactMembership: {
        files: {
          totalCount: number;
          pageInfo: { endCursor: string | null; hasNextPage: boolean };
          edges: { node: FileNode }[];
        };
      } | null;
    } | null;
  } | null;
}

async function listAllFiles(
  client: GraphqlClient,
  collection: string,
  alias: string,
  perPage: number,
) {
  const nodes: FileNode[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: FilesPage = await client.ok<FilesPage>(artifactMembershipFilesQuery, {
      entity: 'kappa',
      project: 'vision',
      collection,
      alias,
      cursor,
      perPage,
    });
    const files = page.project!.artifactCollection!.artifactMembership!.files;
    nodes.push(...files.edges.map((e) => e.node));
    cursor = files.pageInfo.hasNextPage ? files.pageInfo.endCursor : null;
    pages++;
  } while (cursor);
  return { nodes, pages };
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('artifact flow on an Azurite bucket', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;
  const files: Record<string, Buffer> = {
    'README.md': Buffer.from('# dataset\n'),
    'data/train.bin': randomBytes(9 * 1024 * 1024 + 123),
    'data/empty.txt': Buffer.alloc(0),
    'data/名前 with spaces+%#?.txt': randomBytes(1000),
    ...Object.fromEntries(
      Array.from({ length: 7 }, (_, i) => [`shards/part-${i}.bin`, randomBytes(100 + i)]),
    ),
  };

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    await env.createTeam('kappa', ['alice']);
  });
  afterAll(() => env?.stop());

  it('uploads by single PUT and staged blocks, then commits', async () => {
    const result = await uploadArtifact(alice, {
      entity: 'kappa',
      project: 'vision',
      name: 'dataset',
      type: 'dataset',
      files,
      aliases: ['best'],
      blockFiles: ['data/train.bin'],
      blockSize: 4 * 1024 * 1024,
    });

    expect(result.commitErrors).toEqual([]);
    expect(result.state).toBe('COMMITTED');
    expect(result.modes['data/train.bin']).toBe('blocks');
    expect(result.modes['README.md']).toBe('single');
  });

  it('reads every file back byte-identical through directUrl', async () => {
    const { nodes } = await listAllFiles(alice, 'dataset', 'v0', 100);
    expect(nodes.map((n) => n.name).sort()).toEqual(Object.keys(files).sort());

    for (const node of nodes) {
      const expected = files[node.name]!;
      expect(node.sizeBytes, node.name).toBe(expected.length);
      expect(node.digest, node.name).toBe(md5Base64(expected));
      expect(node.md5, node.name).toBe(md5Base64(expected));
      expect((await download(node.directUrl)).equals(expected), node.name).toBe(true);
    }
  });

  it('pages file listings with cursors', async () => {
    const { nodes, pages } = await listAllFiles(alice, 'dataset', 'latest', 3);
    expect(pages).toBe(4);
    expect(nodes.map((n) => n.name)).toEqual(Object.keys(files).sort());
  });

  it('lists the version in types, collections and versions', async () => {
    const types = await alice.ok<{
      project: { artifactTypes: { edges: { node: { name: string } }[] } };
    }>(artifactTypesQuery, { entity: 'kappa', project: 'vision' });
    expect(types.project.artifactTypes.edges.map((e) => e.node.name)).toEqual(['dataset']);

    const collections = await alice.ok<{
      project: {
        artifactType: {
          artifactCollections: { totalCount: number; edges: { node: { name: string } }[] };
        };
      };
    }>(artifactCollectionsQuery, { entity: 'kappa', project: 'vision', type: 'dataset' });
    expect(collections.project.artifactType.artifactCollections.totalCount).toBe(1);
    expect(collections.project.artifactType.artifactCollections.edges[0]!.node.name).toBe(
      'dataset',
    );

    const versions = await alice.ok<{
      project: {
        artifactType: {
          artifactCollection: {
            artifacts: {
              totalCount: number;
              edges: {
                version: string;
                node: {
                  size: number;
                  fileCount: number;
                  aliases: { alias: string }[];
                  versionIndex: number;
                };
              }[];
            };
          };
        };
      };
    }>(artifactVersionsQuery, {
      entity: 'kappa',
      project: 'vision',
      type: 'dataset',
      collection: 'dataset',
    });
    const edges = versions.project.artifactType.artifactCollection.artifacts.edges;
    const totalBytes = Object.values(files).reduce((sum, b) => sum + b.length, 0);
    expect(edges).toHaveLength(1);
    expect(edges[0]!.version).toBe('v0');
    expect(edges[0]!.node.versionIndex).toBe(0);
    expect(edges[0]!.node.size).toBe(totalBytes);
    expect(edges[0]!.node.fileCount).toBe(Object.keys(files).length);
    expect(edges[0]!.node.aliases.map((a) => a.alias).sort()).toEqual(['best', 'latest']);
  });

  it('returns the manifest through artifact(id).currentManifest', async () => {
    const membership = await alice.ok<{
      project: { artifactCollectionMembership: { artifact: { id: string } } };
    }>(artifactMembershipQuery, { entity: 'kappa', project: 'vision', name: 'dataset:best' });
    const id = membership.project.artifactCollectionMembership.artifact.id;
    const byId = await alice.ok<{ artifact: { currentManifest: { file: { directUrl: string } } } }>(
      artifactByIdQuery,
      { id },
    );

    const manifest = JSON.parse(
      (await download(byId.artifact.currentManifest.file.directUrl)).toString('utf8'),
    ) as { contents: Record<string, { digest: string; size: number }> };
    expect(Object.keys(manifest.contents).sort()).toEqual(Object.keys(files).sort());
    expect(manifest.contents['README.md']!.digest).toBe(md5Base64(files['README.md']!));
  });

  it('lists URLs by manifest entries and maps client ids', async () => {
    const membership = await alice.ok<{
      project: { artifactCollectionMembership: { artifact: { id: string } } };
    }>(artifactMembershipQuery, { entity: 'kappa', project: 'vision', name: 'dataset:v0' });
    const id = membership.project.artifactCollectionMembership.artifact.id;
    const entries = [
      { name: 'README.md', digest: md5Base64(files['README.md']!) },
      { name: 'data/empty.txt', digest: md5Base64(Buffer.alloc(0)) },
    ];
    const byEntries = await alice.ok<{
      artifact: {
        filesByManifestEntries: { edges: { node: { name: string; directUrl: string } }[] };
      };
    }>(
      `query ($id: ID!, $entries: [ArtifactManifestEntryInput!]) {
        artifact(id: $id) {
          filesByManifestEntries(storageLayout: "V2", manifestVersion: "1", entries: $entries) { edges { node { name directUrl } } }
        }
      }`,
      { id, entries },
    );
    const nodes = byEntries.artifact.filesByManifestEntries.edges.map((e) => e.node);
    expect(nodes.map((n) => n.name)).toEqual(['README.md', 'data/empty.txt']);
    expect((await download(nodes[0]!.directUrl)).equals(files['README.md']!)).toBe(true);

    const unknown = await alice.ok<{ clientIDMapping: null }>(
      `query { clientIDMapping(clientID: "no-such-client-id") { serverID } }`,
    );
    expect(unknown.clientIDMapping).toBeNull();
  });

  it('answers COMMITTED for the same content again', async () => {
    const again = await uploadArtifact(alice, {
      entity: 'kappa',
      project: 'vision',
      name: 'dataset',
      type: 'dataset',
      files,
    });
    expect(again.state).toBe('COMMITTED');
    expect(again.modes).toEqual({});
  });

  it('returns no upload URL for content the team stores', async () => {
    const changed = { ...files, 'README.md': Buffer.from('# dataset, second edition\n') };
    const result = await uploadArtifact(alice, {
      entity: 'kappa',
      project: 'vision',
      name: 'dataset',
      type: 'dataset',
      files: changed,
    });

    expect(result.commitErrors).toEqual([]);
    expect(result.modes['README.md']).toBe('single');
    expect(result.modes['data/train.bin']).toBe('deduplicated');
    expect(result.modes['shards/part-3.bin']).toBe('deduplicated');

    const { nodes } = await listAllFiles(alice, 'dataset', 'v1', 100);
    const train = nodes.find((n) => n.name === 'data/train.bin')!;
    expect((await download(train.directUrl)).equals(files['data/train.bin']!)).toBe(true);
  });
});
