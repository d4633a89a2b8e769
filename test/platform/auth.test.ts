import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { revokeApiKey } from '../../platform/accounts/users';
import { encodeId } from '../../platform/graphql/ids';
import {
  artifactByIdQuery,
  createArtifactMutation,
  createRunFilesMutation,
  projectQuery,
  projectsQuery,
  upsertRunMutation,
  viewerQuery,
  type ProjectData,
  type ProjectsData,
  type ViewerData,
} from '../../shared/graphql/operations/index';
import { GraphqlClient, type GraphqlResponse } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { artifactDigest, uploadArtifact } from '../support/wandb-upload';

const TEAM = 'kappa';
const MISSING_TEAM = 'no-such-team';
const PROJECT = 'vision';

/** The single error of a failed request, with the entity name masked so two responses compare. */
function failure(result: GraphqlResponse<unknown>, entity: string) {
  expect(result.errors, 'errors').toHaveLength(1);
  const error = result.errors[0]!;
  return {
    status: result.status,
    code: error.extensions?.code,
    message: error.message.replaceAll(entity, '<entity>'),
    path: error.path,
  };
}

describe('platform authentication and team access', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;
  let mallory: GraphqlClient;
  let artifactId: string;

  // Each operation a non-member might try, given the entity to aim it at.
  const attempts: Record<string, (entity: string) => [string, Record<string, unknown>]> = {
    project: (entity) => [projectQuery, { entity, project: PROJECT }],
    models: (entity) => [projectsQuery, { entity }],
    createArtifact: (entity) => [
      createArtifactMutation,
      {
        entityName: entity,
        projectName: PROJECT,
        artifactTypeName: 'dataset',
        artifactCollectionName: 'stolen',
        digest: artifactDigest({ 'a.txt': Buffer.from('a') }),
        clientID: randomBytes(16).toString('hex'),
        sequenceClientID: randomBytes(16).toString('hex'),
      },
    ],
    createRunFiles: (entity) => [
      createRunFilesMutation,
      { entity, project: PROJECT, run: 'run-1', files: ['a.txt'] },
    ],
    upsertBucket: (entity) => [upsertRunMutation, { entity, project: PROJECT, name: 'run-2' }],
  };

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    mallory = await env.clientFor('mallory');
    await env.createTeam(TEAM, ['alice']);

    await alice.ok(upsertRunMutation, { entity: TEAM, project: PROJECT, name: 'run-1' });
    const uploaded = await uploadArtifact(alice, {
      entity: TEAM,
      project: PROJECT,
      name: 'dataset',
      type: 'dataset',
      files: { 'a.txt': randomBytes(100) },
    });
    expect(uploaded.state).toBe('COMMITTED');
    artifactId = uploaded.artifactId;
  });
  afterAll(() => env?.stop());

  it('rejects a request without Authorization', async () => {
    const result = await new GraphqlClient(env.url, null).request(viewerQuery);
    expect(result.status).toBe(401);
    expect(result.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });

  it('rejects a wrong key', async () => {
    const wrongKey = 'f'.repeat(40);
    const result = await new GraphqlClient(env.url, wrongKey).request(viewerQuery);
    expect(result.status).toBe(401);
    expect(result.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors[0]?.message).not.toContain(wrongKey);
  });

  it('rejects a non-Basic Authorization header', async () => {
    const response = await fetch(`${env.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.apiKey}` },
      body: JSON.stringify({ query: viewerQuery }),
    });
    expect(response.status).toBe(401);
  });

  it('rejects a revoked key', async () => {
    const bob = await env.clientFor('bob');
    const before = await bob.ok<ViewerData>(viewerQuery);
    expect(before.viewer!.username).toBe('bob');

    await revokeApiKey(env.platform.db, 'bob', bob.apiKey!.slice(0, 8));
    const after = await bob.request(viewerQuery);
    expect(after.status).toBe(401);
    expect(after.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('gives a member the team data', async () => {
    const project = await alice.ok<ProjectData>(projectQuery, { entity: TEAM, project: PROJECT });
    expect(project.project!.name).toBe(PROJECT);
    expect(project.project!.entityName).toBe(TEAM);

    const models = await alice.ok<ProjectsData>(projectsQuery, { entity: TEAM });
    expect(models.models!.edges.map((e) => e.node!.name)).toEqual([PROJECT]);

    const artifact = await alice.ok<{ artifact: { id: string; state: string } }>(
      artifactByIdQuery,
      { id: artifactId },
    );
    expect(artifact.artifact.id).toBe(artifactId);
    expect(artifact.artifact.state).toBe('COMMITTED');
  });

  it.each(Object.keys(attempts))('forbids %s to a non-member', async (name) => {
    const [query, variables] = attempts[name]!(TEAM);
    const result = await mallory.request(query, variables);

    expect(result.status).toBe(200);
    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors[0]?.message).toContain(`"${TEAM}"`);
  });

  it.each(Object.keys(attempts))('fails %s alike for a missing team', async (name) => {
    const [existingQuery, existingVariables] = attempts[name]!(TEAM);
    const [missingQuery, missingVariables] = attempts[name]!(MISSING_TEAM);
    const existing = failure(await mallory.request(existingQuery, existingVariables), TEAM);
    const missing = failure(await mallory.request(missingQuery, missingVariables), MISSING_TEAM);

    expect(existing.code).toBe('FORBIDDEN');
    expect(missing).toEqual(existing);
  });

  it('forbids another user’s personal entity', async () => {
    const result = await mallory.request(projectsQuery, { entity: 'alice' });
    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('forbids an artifact id from another team', async () => {
    const result = await mallory.request(artifactByIdQuery, { id: artifactId });
    expect(result.data).toEqual({ artifact: null });
    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('fails a missing artifact id alike', async () => {
    const existing = await mallory.request(artifactByIdQuery, { id: artifactId });
    const missing = await mallory.request(artifactByIdQuery, {
      id: encodeId('Artifact', 987_654),
    });
    const mask = (message: string) => message.replace(/\d+/g, '<id>');

    expect(missing.errors[0]?.extensions?.code).toBe(existing.errors[0]?.extensions?.code);
    expect(mask(missing.errors[0]!.message)).toBe(mask(existing.errors[0]!.message));
  });

  it('keeps the viewer to the signed-in user', async () => {
    const viewer = await mallory.ok<ViewerData>(viewerQuery);
    expect(viewer.viewer!.username).toBe('mallory');
    expect(viewer.viewer!.teams!.edges).toEqual([]);
  });
});
