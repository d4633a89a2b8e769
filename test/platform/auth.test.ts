import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { revokeApiKey } from '../../platform/accounts/users';
import { encodeId } from '../../platform/graphql/ids';
import {
  artifactByIdQuery,
  commitArtifactMutation,
  createArtifactFilesMutation,
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
import { artifactDigest, md5Base64, uploadArtifact } from '../support/wandb-upload';

// The access rules of platform/accounts/access.ts. Writing needs membership. Reading a team
// on the instance-level bucket is open to every organisation member, as in W&B's BYOB access
// control. A personal entity is its owner's alone.
const TEAM = 'kappa';
const MISSING_TEAM = 'no-such-team';
const PROJECT = 'vision';
const PERSONAL_PROJECT = 'notes';

/** Returns the single error of a failed request, with the entity name masked for comparison. */
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
  let teamArtifactId: string;
  let personalArtifactId: string;

  // Reads an outsider might try on someone's personal entity, given the entity to aim at.
  const reads: Record<string, (entity: string) => [string, Record<string, unknown>]> = {
    project: (entity) => [projectQuery, { entity, project: PERSONAL_PROJECT }],
    models: (entity) => [projectsQuery, { entity }],
  };

  // Writes a non-member might try on a team, given the entity to aim at.
  const writes: Record<string, (entity: string) => [string, Record<string, unknown>]> = {
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
    const teamUpload = await uploadArtifact(alice, {
      entity: TEAM,
      project: PROJECT,
      name: 'dataset',
      type: 'dataset',
      files: { 'a.txt': randomBytes(100) },
    });
    expect(teamUpload.state).toBe('COMMITTED');
    teamArtifactId = teamUpload.artifactId;

    const personalUpload = await uploadArtifact(alice, {
      entity: 'alice',
      project: PERSONAL_PROJECT,
      name: 'private',
      type: 'dataset',
      files: { 'b.txt': randomBytes(100) },
    });
    expect(personalUpload.state).toBe('COMMITTED');
    personalArtifactId = personalUpload.artifactId;
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
    expect(result.errors[0]?.message).toContain('ask the platform operator for a new key');
    expect(result.errors[0]?.message).not.toContain('byob-platform key create');
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
      { id: teamArtifactId },
    );
    expect(artifact.artifact.id).toBe(teamArtifactId);
    expect(artifact.artifact.state).toBe('COMMITTED');
  });

  it.each(Object.keys(writes))('forbids %s to a non-member', async (name) => {
    const [query, variables] = writes[name]!(TEAM);
    const result = await mallory.request(query, variables);

    expect(result.status).toBe(200);
    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors[0]?.message).toContain(`"${TEAM}"`);
  });

  it.each(Object.keys(writes))('fails %s alike for a missing team', async (name) => {
    const [existingQuery, existingVariables] = writes[name]!(TEAM);
    const [missingQuery, missingVariables] = writes[name]!(MISSING_TEAM);
    const existing = failure(await mallory.request(existingQuery, existingVariables), TEAM);
    const missing = failure(await mallory.request(missingQuery, missingVariables), MISSING_TEAM);

    expect(existing.code).toBe('FORBIDDEN');
    expect(missing).toEqual(existing);
  });

  it.each(Object.keys(reads))('forbids %s of a personal entity', async (name) => {
    const [query, variables] = reads[name]!('alice');
    const result = await mallory.request(query, variables);

    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors[0]?.message).toContain('"alice"');
  });

  it.each(Object.keys(reads))('fails %s alike for a missing entity', async (name) => {
    const [existingQuery, existingVariables] = reads[name]!('alice');
    const [missingQuery, missingVariables] = reads[name]!(MISSING_TEAM);
    const existing = failure(await mallory.request(existingQuery, existingVariables), 'alice');
    const missing = failure(await mallory.request(missingQuery, missingVariables), MISSING_TEAM);

    expect(existing.code).toBe('FORBIDDEN');
    expect(missing).toEqual(existing);
  });

  it('forbids writes to a team artifact', async () => {
    const commit = await mallory.request(commitArtifactMutation, { artifactID: teamArtifactId });
    const files = await mallory.request(createArtifactFilesMutation, {
      storageLayout: 'V2',
      artifactFiles: [
        { artifactID: teamArtifactId, name: 'x.txt', md5: md5Base64(Buffer.from('x')) },
      ],
    });

    expect(commit.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(files.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets any member read an instance-bucket team', async () => {
    const project = await mallory.ok<ProjectData>(projectQuery, { entity: TEAM, project: PROJECT });
    const artifact = await mallory.ok<{ artifact: { id: string } }>(artifactByIdQuery, {
      id: teamArtifactId,
    });

    expect(project.project!.name).toBe(PROJECT);
    expect(artifact.artifact.id).toBe(teamArtifactId);
  });

  it('forbids an artifact id of a personal entity', async () => {
    const result = await mallory.request(artifactByIdQuery, { id: personalArtifactId });
    expect(result.data).toEqual({ artifact: null });
    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('fails a missing artifact id alike', async () => {
    const existing = await mallory.request(artifactByIdQuery, { id: personalArtifactId });
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
