import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRunFilesMutation,
  upsertRunMutation,
  type CreateRunFilesData,
} from '../../../shared/graphql/operations/index';
import type { GraphqlClient } from '../../support/graphql-client';
import { headersOf, putOrThrow, uploadArtifact } from '../../support/wandb-upload';
import {
  INSTANCE_CONTAINER,
  createTeamMutation,
  startTeamsPlatform,
  type CreateTeamData,
  type TeamsPlatform,
} from './team-fixture';

const TEAM_CONTAINER = 'team-bucket-b';
const TEAM_PATH = 'groups/vision';

describe('team on a second Azurite container', () => {
  let env: TeamsPlatform;
  let admin: GraphqlClient;
  let alice: GraphqlClient;
  let created: CreateTeamData['createTeam'];

  beforeAll(async () => {
    env = await startTeamsPlatform({ fileStores: [TEAM_CONTAINER] });
    admin = await env.clientFor('root', { admin: true });
    alice = await env.clientFor('alice');

    const data = await admin.ok<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'vision',
        storage: { level: 'TEAM', provider: 'azure', bucket: TEAM_CONTAINER, path: TEAM_PATH },
        members: ['alice'],
      },
    });
    created = data.createTeam;
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('creates the team without errors', () => {
    expect(created?.errors).toEqual([]);
    expect(created?.team?.name).toBe('vision');
  });

  it('warns that Azurite has no CORS rule', () => {
    expect(created?.warnings).toHaveLength(1);
    expect(created?.warnings[0]).toMatch(/storage account "devstoreaccount1" has no CORS rule/);
  });

  it('reports the team-level bucket in storageBucketInfo', () => {
    expect(created?.team?.storageBucketInfo).toEqual({
      provider: 'azure',
      name: TEAM_CONTAINER,
      path: TEAM_PATH,
      level: 'TEAM',
      kmsKeyID: null,
      azureTenantID: null,
      azureClientID: null,
    });
  });

  it('signs run file URLs for the team container', async () => {
    await alice.ok(upsertRunMutation, { entity: 'vision', project: 'maps', name: 'run-1' });
    const data = await alice.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity: 'vision',
      project: 'maps',
      run: 'run-1',
      files: ['notes.txt'],
    });
    const url = new URL(data.createRunFiles!.files![0]!.uploadUrl!);

    expect(url.host).toBe(new URL(env.azurite.endpoint).host);
    expect(url.pathname).toBe(
      `/devstoreaccount1/${TEAM_CONTAINER}/${TEAM_PATH}/runs/maps/run-1/notes.txt`,
    );

    await putOrThrow(
      url.toString(),
      Buffer.from('hello'),
      headersOf(data.createRunFiles!.uploadHeaders),
    );
    expect(await env.listBlobs(TEAM_CONTAINER)).toContain(`${TEAM_PATH}/runs/maps/run-1/notes.txt`);
  });

  it('uploads a whole artifact into the team container', async () => {
    const files = {
      'data/train.bin': randomBytes(200_000),
      'README.md': Buffer.from('# maps\n'),
    };
    const result = await uploadArtifact(alice, {
      entity: 'vision',
      project: 'maps',
      name: 'tiles',
      type: 'dataset',
      files,
    });

    expect(result.commitErrors).toEqual([]);
    expect(result.state).toBe('COMMITTED');
    expect(result.modes).toEqual({ 'README.md': 'single', 'data/train.bin': 'single' });

    const blobs = await env.listBlobs(TEAM_CONTAINER);
    const content = blobs.filter((name) => name.startsWith(`${TEAM_PATH}/artifacts/content/`));
    const manifests = blobs.filter((name) => name.startsWith(`${TEAM_PATH}/artifacts/manifests/`));
    expect(content).toHaveLength(2);
    expect(manifests).toHaveLength(1);
  });

  it('writes nothing of the team into the instance container', async () => {
    const blobs = await env.listBlobs(INSTANCE_CONTAINER);

    expect(
      blobs.filter((name) => name.startsWith('groups/') || name.startsWith('vision/')),
    ).toEqual([]);
  });

  it('leaves no validation object behind', async () => {
    const blobs = await env.listBlobs(TEAM_CONTAINER);

    expect(blobs.filter((name) => name.includes('.byob-validation-'))).toEqual([]);
  });

  it('keeps the account key out of the database files', async () => {
    const key = env.azurite.accountKey;
    const forms = [key, encodeURIComponent(key), Buffer.from(key, 'base64').toString('latin1')];
    const folder = dirname(env.dbPath);
    // The database, its WAL and shared-memory files; the `.key` file contains the secrets key.
    const files = readdirSync(folder).filter(
      (name) => name.startsWith(basename(env.dbPath)) && !name.endsWith('.key'),
    );
    expect(files).toContain(basename(env.dbPath));

    for (const name of files) {
      const bytes = readFileSync(join(folder, name)).toString('latin1');
      for (const form of forms)
        expect(bytes.includes(form), `${name} contains the key`).toBe(false);
    }
  });

  it('stores the address encrypted and masked', async () => {
    const row = await env.platform.db
      .selectFrom('storage_buckets')
      .selectAll()
      .executeTakeFirstOrThrow();

    expect(row.address_encrypted).toMatch(/^v1:[0-9a-f]{16}:/);
    expect(row.display_address).toBe(
      `az://devstoreaccount1/${TEAM_CONTAINER} (endpoint ${env.azurite.endpoint})`,
    );
    expect(row.location).toBe(`azure:${env.azurite.endpoint}/${TEAM_CONTAINER}`);
  });
});
