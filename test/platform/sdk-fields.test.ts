import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { upsertRunMutation } from '../../shared/graphql/operations/index';
import type { GraphqlClient } from '../support/graphql-client';
import { startTestPlatform, type TestPlatform } from '../support/platform';

// Fields that W&B's SDK selects on users, teams, projects and runs but that mean nothing on
// this platform must still exist and answer, so the SDK's documents run unchanged.

describe('SDK-only fields', () => {
  let env: TestPlatform;
  let alice: GraphqlClient;

  beforeAll(async () => {
    env = await startTestPlatform();
    alice = await env.clientFor('alice');
    await env.createTeam('kappa', ['alice']);
    await alice.ok(upsertRunMutation, { entity: 'kappa', project: 'p', name: 'r1' });
  });
  afterAll(() => env?.stop());

  it('answers the team query fields', async () => {
    const data = await alice.ok<{
      entity: {
        isTeam: boolean;
        readOnlyAdmin: boolean;
        isPaid: boolean;
        limits: string;
        members: { username: string; pending: boolean; apiKey: null }[];
        project: { name: string } | null;
      };
    }>(`{
      entity(name: "kappa") {
        id name available photoUrl readOnly readOnlyAdmin isTeam entityType privateOnly storageBytes
        codeSavingEnabled defaultAccess isPaid limits xxhashDigestsEnabled
        members { id admin pending email username name photoUrl accountType apiKey }
        project(name: "p") { name repo dockerImage totalSweeps allowAllArtifactTypesInRegistry }
      }
    }`);
    expect(data.entity.isTeam).toBe(true);
    expect(data.entity.readOnlyAdmin).toBe(false);
    expect(data.entity.limits).toBe('{}');
    expect(data.entity.members).toEqual([
      expect.objectContaining({ username: 'alice', pending: false, apiKey: null }),
    ]);
    expect(data.entity.project?.name).toBe('p');
  });

  it('lists only the viewer its own keys', async () => {
    const data = await alice.ok<{
      viewer: { deletedAt: null; apiKeys: { edges: { node: { name: string } }[] } };
    }>('{ viewer { deletedAt apiKeys { edges { node { id name description } } } } }');
    expect(data.viewer.deletedAt).toBeNull();
    expect(data.viewer.apiKeys.edges).toHaveLength(1);
    expect(alice.apiKey!.startsWith(data.viewer.apiKeys.edges[0]!.node.name)).toBe(true);
    expect(data.viewer.apiKeys.edges[0]!.node.name.length).toBeLessThan(alice.apiKey!.length);
  });

  it('answers the run detail fields', async () => {
    const data = await alice.ok<{
      project: {
        run: { stopped: boolean; logLineCount: number; wandbConfig: string; history: string[] };
      };
    }>(`{
      project(name: "p", entityName: "kappa") {
        run(name: "r1") {
          stopped logLineCount historyTail eventsTail wandbConfig(keys: ["t"]) history(samples: 10) events(samples: 10)
          sampledHistory(specs: ["{}"])
        }
      }
    }`);
    expect(data.project.run.stopped).toBe(false);
    expect(data.project.run.logLineCount).toBe(0);
    expect(data.project.run.wandbConfig).toBe('{}');
    expect(data.project.run.history).toEqual([]);
  });
});
