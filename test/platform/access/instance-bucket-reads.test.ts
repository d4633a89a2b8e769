import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  artifactMembershipFilesQuery,
  createRunFilesMutation,
  projectsQuery,
  upsertRunMutation,
} from '../../../shared/graphql/operations/index';
import type { GraphqlClient } from '../../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { uploadArtifact } from '../../support/wandb-upload';

// Teams on the instance-level bucket can be read by every organisation member, but only
// their members may write to them.

describe('access to a team on the instance-level bucket', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;
  let bob: GraphqlClient;
  const content = randomBytes(2048);

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    bob = await env.clientFor('bob');
    await env.createTeam('kappa', ['alice']);
    const upload = await uploadArtifact(alice, {
      entity: 'kappa',
      project: 'shared',
      name: 'weights',
      type: 'model',
      files: { 'model.bin': content },
    });
    expect(upload.commitErrors).toEqual([]);
  });
  afterAll(() => env?.stop());

  it('lets a non-member list projects and download files', async () => {
    const projects = await bob.ok<{ models: { edges: { node: { name: string } }[] } }>(
      projectsQuery,
      { entity: 'kappa' },
    );
    expect(projects.models.edges.map((e) => e.node.name)).toEqual(['shared']);

    const files = await bob.ok<{
      project: {
        artifactCollection: {
          artifactMembership: { files: { edges: { node: { directUrl: string } }[] } };
        };
      };
    }>(artifactMembershipFilesQuery, {
      entity: 'kappa',
      project: 'shared',
      collection: 'weights',
      alias: 'latest',
    });
    const url = files.project.artifactCollection.artifactMembership.files.edges[0]!.node.directUrl;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });

  it('rejects artifact uploads from a non-member', async () => {
    await expect(
      uploadArtifact(bob, {
        entity: 'kappa',
        project: 'shared',
        name: 'weights',
        type: 'model',
        files: { 'other.bin': randomBytes(10) },
      }),
    ).rejects.toThrow(/FORBIDDEN/);
  });

  it('rejects runs and run files from a non-member', async () => {
    const run = await bob.request(upsertRunMutation, {
      entity: 'kappa',
      project: 'shared',
      name: 'r1',
    });
    expect(run.errors[0]?.extensions?.code).toBe('FORBIDDEN');

    await alice.ok(upsertRunMutation, { entity: 'kappa', project: 'shared', name: 'r1' });
    const files = await bob.request(createRunFilesMutation, {
      entity: 'kappa',
      project: 'shared',
      run: 'r1',
      files: ['log.txt'],
    });
    expect(files.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("keeps a user's personal entity private", async () => {
    const result = await bob.request(projectsQuery, { entity: 'alice' });
    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
