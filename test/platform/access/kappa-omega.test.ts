import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  artifactByIdQuery,
  artifactMembershipFilesQuery,
  artifactMembershipQuery,
  createRunFilesMutation,
  projectsQuery,
  upsertRunMutation,
} from '../../../shared/graphql/operations/index';
import type { GraphqlClient } from '../../support/graphql-client';
import { uploadArtifact } from '../../support/wandb-upload';
import { waitForAuditEvent } from '../audit/audit-lines';
import {
  createTeamMutation,
  startTeamsPlatform,
  type CreateTeamData,
  type TeamsPlatform,
} from '../teams/team-fixture';

// W&B's example of team-level access control: Kappa keeps its files in the instance-level
// bucket, Omega in a bucket of its own. A member of Omega may read Kappa's files; no member
// of Kappa may get any URL for Omega's objects.

const OMEGA_CONTAINER = 'omega-bucket';

interface FilesData {
  project: {
    artifactCollection: {
      artifactMembership: { files: { edges: { node: { directUrl: string } }[] } } | null;
    } | null;
  } | null;
}

describe('Kappa and Omega access matrix', () => {
  let env: TeamsPlatform;
  let kappaMember: GraphqlClient;
  let omegaMember: GraphqlClient;
  let omegaArtifactId: string;
  const kappaBytes = randomBytes(4096);
  const omegaBytes = randomBytes(4096);

  beforeAll(async () => {
    env = await startTeamsPlatform({ fileStores: [OMEGA_CONTAINER] });
    const admin = await env.clientFor('root', { admin: true });
    kappaMember = await env.clientFor('kim');
    omegaMember = await env.clientFor('olga');

    const kappa = await admin.ok<CreateTeamData>(createTeamMutation, {
      input: { teamName: 'kappa', storage: { level: 'INSTANCE' }, members: ['kim'] },
    });
    expect(kappa.createTeam?.errors).toEqual([]);
    const omega = await admin.ok<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'omega',
        storage: { level: 'TEAM', provider: 'azure', bucket: OMEGA_CONTAINER },
        members: ['olga'],
      },
    });
    expect(omega.createTeam?.errors).toEqual([]);

    expect(
      (
        await uploadArtifact(kappaMember, {
          entity: 'kappa',
          project: 'p',
          name: 'data',
          type: 'dataset',
          files: { 'a.bin': kappaBytes },
        })
      ).commitErrors,
    ).toEqual([]);
    const omegaUpload = await uploadArtifact(omegaMember, {
      entity: 'omega',
      project: 'p',
      name: 'data',
      type: 'dataset',
      files: { 'b.bin': omegaBytes },
    });
    expect(omegaUpload.commitErrors).toEqual([]);
    omegaArtifactId = omegaUpload.artifactId;
  });
  afterAll(() => env?.stop());

  it("lets an Omega member download Kappa's files", async () => {
    const data = await omegaMember.ok<FilesData>(artifactMembershipFilesQuery, {
      entity: 'kappa',
      project: 'p',
      collection: 'data',
      alias: 'latest',
    });
    const url =
      data.project!.artifactCollection!.artifactMembership!.files.edges[0]!.node.directUrl;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(kappaBytes)).toBe(true);
  });

  it('keeps Kappa writable only by its members', async () => {
    await expect(
      uploadArtifact(omegaMember, {
        entity: 'kappa',
        project: 'p',
        name: 'data',
        type: 'dataset',
        files: { 'x.bin': randomBytes(8) },
      }),
    ).rejects.toThrow(/FORBIDDEN/);
  });

  it('gives a Kappa member no URL for Omega objects', async () => {
    const denials = [
      await kappaMember.request(projectsQuery, { entity: 'omega' }),
      await kappaMember.request(artifactMembershipFilesQuery, {
        entity: 'omega',
        project: 'p',
        collection: 'data',
        alias: 'latest',
      }),
      await kappaMember.request(artifactMembershipQuery, {
        entity: 'omega',
        project: 'p',
        name: 'data:latest',
      }),
      await kappaMember.request(artifactByIdQuery, { id: omegaArtifactId }),
      await kappaMember.request(upsertRunMutation, { entity: 'omega', project: 'p', name: 'r1' }),
      await kappaMember.request(createRunFilesMutation, {
        entity: 'omega',
        project: 'p',
        run: 'r1',
        files: ['x'],
      }),
    ];
    for (const result of denials) {
      expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(result.data ?? {})).not.toMatch(/https?:\/\//);
    }
    await expect(
      uploadArtifact(kappaMember, {
        entity: 'omega',
        project: 'p',
        name: 'data',
        type: 'dataset',
        files: { 'y.bin': randomBytes(8) },
      }),
    ).rejects.toThrow(/FORBIDDEN/);
  });

  it('answers Omega like a team that does not exist', async () => {
    const omega = await kappaMember.request(projectsQuery, { entity: 'omega' });
    const missing = await kappaMember.request(projectsQuery, { entity: 'no-such-team' });
    expect(omega.errors[0]!.message.replace('omega', 'X')).toBe(
      missing.errors[0]!.message.replace('no-such-team', 'X'),
    );
    expect(omega.status).toBe(missing.status);
  });

  it('audits every denial', async () => {
    // Audit lines reach the file through a stream, so wait for this request's own line
    // (by time) rather than counting lines that earlier tests may still be flushing.
    const since = new Date().toISOString();
    await kappaMember.request(artifactByIdQuery, { id: omegaArtifactId });

    const denial = await waitForAuditEvent(
      env.platform.auditLogPath!,
      (e) =>
        e.actor === 'kim' &&
        e.result === 'denied' &&
        e.action === 'graphql.artifact' &&
        e.time >= since,
      "kim's denied artifact query",
    );
    expect(denial.source).toBe('127.0.0.1');
    expect(JSON.stringify(denial)).not.toMatch(/sig=|\?/);
  });
});
