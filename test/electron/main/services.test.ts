import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type {
  CreateTeamResult,
  IpcErrorInfo,
  Session,
  Team,
  TransferEvent,
} from '../../../shared/ipc/index';
import { FILE_STORE, finished, startMainEnv, type MainEnv } from './fixture';

const TEAM = 'kappa';
const PROJECT = 'vision';

function errorOf(result: { ok: boolean; error?: IpcErrorInfo }): IpcErrorInfo {
  expect(result.ok).toBe(false);
  return result.error!;
}

describe('main services on Azurite', () => {
  let env: MainEnv;
  let adminKey: string;

  beforeAll(async () => {
    env = await startMainEnv();
    adminKey = (await env.platform.clientFor('root', { admin: true })).apiKey!;
    await env.platform.clientFor('max');
  });

  afterAll(() => env?.stop());

  it('rejects a wrong key as wrong-key', async () => {
    const result = await env.call('auth:sign-in', {
      kind: 'self-managed',
      host: env.platform.url,
      apiKey: 'wrong-key-0123456789',
    });

    const error = errorOf(result);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.reason).toBe('wrong-key');
  });

  it('reports an unreachable host', async () => {
    const result = await env.call('auth:sign-in', {
      kind: 'self-managed',
      host: 'http://127.0.0.1:1',
      apiKey: adminKey,
    });

    const error = errorOf(result);
    expect(error.code).toBe('NETWORK');
    expect(error.reason).toBe('host-unreachable');
    expect(error.message).not.toContain(adminKey);
  });

  it('signs in with a key and stores it encrypted', async () => {
    const session = await env.ok<Session>('auth:sign-in', {
      kind: 'self-managed',
      host: `${env.platform.url}/`,
      apiKey: adminKey,
    });

    expect(session.viewer.username).toBe('root');
    expect(session.viewer.admin).toBe(true);
    expect(session.profile.host).toBe(env.platform.url);
    expect(session.profile.keyStorage).toBe('encrypted');
    for (const file of readdirSync(env.dataDir)) {
      if (file.endsWith('.json'))
        expect(readFileSync(join(env.dataDir, file), 'utf8')).not.toContain(adminKey);
    }
  });

  it('pushes the session change', () => {
    const changes = env.events.filter((entry) => entry.channel === 'auth:session-changed');

    expect((changes.at(-1)?.payload as Session).viewer.username).toBe('root');
  });

  it('creates an instance-level team', async () => {
    const result = await env.ok<CreateTeamResult>('admin:create-team', {
      teamName: TEAM,
      storage: { level: 'INSTANCE' },
      members: ['root', 'max'],
    });

    expect(result.errors).toEqual([]);
    expect(result.team?.name).toBe(TEAM);
    expect(result.team?.storage?.level).toBe('INSTANCE');
  });

  it('creates a team bucket with a CORS warning', async () => {
    const result = await env.ok<CreateTeamResult>('admin:create-team', {
      teamName: 'omega',
      storage: { level: 'TEAM', provider: 'azure', container: FILE_STORE, path: 'omega' },
      members: ['root'],
    });

    expect(result.errors).toEqual([]);
    expect(result.team?.storage).toMatchObject({
      level: 'TEAM',
      provider: 'azure',
      bucket: FILE_STORE,
      path: 'omega',
    });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]?.code).toBe('ACCOUNT_CORS_MISSING');
    expect(result.warnings[0]?.params).toEqual({ account: 'devstoreaccount1' });
    expect(result.warnings[0]?.message).toContain('has no CORS rule');
  });

  it('returns an unknown store as a form error', async () => {
    const result = await env.ok<CreateTeamResult>('admin:create-team', {
      teamName: 'lost',
      storage: { level: 'TEAM', provider: 'azure', container: 'no-such-container' },
    });

    expect(result.team).toBeNull();
    expect(result.errors[0]?.code).toBe('FILE_STORE_NOT_FOUND');
    expect(result.errors[0]?.params).toEqual({
      store: 'no-such-container',
      provider: 'azure',
      stores: `devstoreaccount1/${FILE_STORE}`,
    });
    expect(result.errors[0]?.message).toContain('Unknown azure store "no-such-container"');
  });

  it('returns an existing team as a form error', async () => {
    const result = await env.ok<CreateTeamResult>('admin:create-team', {
      teamName: TEAM,
      storage: { level: 'INSTANCE' },
    });

    expect(result.team).toBeNull();
    expect(result.errors[0]?.code).toBe('TEAM_NAME_TAKEN');
    expect(result.errors[0]?.params).toEqual({ team: TEAM });
  });

  it('rejects half an Azure identity before the platform', async () => {
    const result = await env.call('admin:create-team', {
      teamName: 'half',
      storage: {
        level: 'TEAM',
        provider: 'azure',
        container: FILE_STORE,
        azureTenantId: '8f3c2a1e-0b4d-4c6e-9a7f-1d2e3f4a5b6c',
      },
    });

    expect(errorOf(result).code).toBe('INVALID_REQUEST');
  });

  it('lists teams with their storage', async () => {
    const { teams } = await env.ok<{ teams: Team[] }>('teams:list');

    expect(teams.map((team) => team.name)).toEqual(['kappa', 'omega']);
    expect(teams[0]!.storage).toMatchObject({ level: 'INSTANCE', path: 'kappa' });
    expect(teams[1]!.storage).toMatchObject({ level: 'TEAM', bucket: FILE_STORE });
  });

  it('uploads a dropped folder to completion', async () => {
    const folder = join(env.workDir, 'mnist');
    mkdirSync(join(folder, 'images'), { recursive: true });
    writeFileSync(join(folder, 'labels.csv'), 'id,label\n1,7\n');
    for (let index = 0; index < 5; index += 1) {
      writeFileSync(join(folder, 'images', `${index}.png`), Buffer.alloc(1000 + index, index));
    }

    const { transferId } = await env.ok<{ transferId: string }>('transfers:upload-artifact', {
      entity: TEAM,
      project: PROJECT,
      name: 'mnist',
      type: 'dataset',
      aliases: ['best'],
      paths: [folder],
    });
    const last = await finished(env, transferId);

    expect(last).toMatchObject({ type: 'state', state: 'committed' });
    const mine = env.events
      .map((entry) => entry.payload as TransferEvent)
      .filter((event) => 'transferId' in event && event.transferId === transferId);
    expect(mine.some((event) => event.type === 'listing' && event.done && event.files === 6)).toBe(
      true,
    );
    const progress = mine.filter((event) => event.type === 'progress').at(-1);
    expect(progress?.type).toBe('progress');
    if (progress?.type === 'progress') expect(progress.transfer.bytesDone).toBe(13 + 5 * 1000 + 10);
    const created = env.events.find((entry) => (entry.payload as TransferEvent).type === 'created');
    expect(created?.channel).toBe('transfers:event');
  });

  it('browses the uploaded version', async () => {
    const projects = await env.ok<{ items: { name: string }[] }>('browse:projects', {
      entity: TEAM,
    });
    const types = await env.ok<{ items: { name: string }[] }>('browse:artifact-types', {
      entity: TEAM,
      project: PROJECT,
    });
    const collections = await env.ok<{ items: { name: string; kind: string }[] }>(
      'browse:collections',
      {
        entity: TEAM,
        project: PROJECT,
        type: 'dataset',
      },
    );
    const versions = await env.ok<{
      items: { version: string; aliases: string[]; fileCount: number }[];
    }>('browse:versions', {
      entity: TEAM,
      project: PROJECT,
      type: 'dataset',
      collection: 'mnist',
    });

    expect(projects.items.map((item) => item.name)).toContain(PROJECT);
    expect(types.items.map((item) => item.name)).toEqual(['dataset']);
    expect(collections.items).toMatchObject([{ name: 'mnist', kind: 'sequence' }]);
    expect(versions.items[0]?.version).toBe('v0');
    expect(versions.items[0]?.aliases.sort()).toEqual(['best', 'latest']);
    expect(versions.items[0]?.fileCount).toBe(6);
  });

  it('pages the files of a version', async () => {
    const request = {
      entity: TEAM,
      project: PROJECT,
      collection: 'mnist',
      version: 'latest',
      pageSize: 4,
    };
    const first = await env.ok<{
      items: { path: string; md5: string | null }[];
      nextCursor: string | null;
      totalCount: number | null;
    }>('browse:version-files', request);
    const second = await env.ok<{ items: { path: string }[]; nextCursor: string | null }>(
      'browse:version-files',
      {
        ...request,
        cursor: first.nextCursor,
      },
    );

    const paths = [...first.items, ...second.items].map((item) => item.path).sort();
    expect(first.items).toHaveLength(4);
    expect(first.totalCount).toBe(6);
    expect(second.nextCursor).toBeNull();
    expect(paths).toEqual([
      'mnist/images/0.png',
      'mnist/images/1.png',
      'mnist/images/2.png',
      'mnist/images/3.png',
      'mnist/images/4.png',
      'mnist/labels.csv',
    ]);
    expect(first.items[0]!.md5).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(JSON.stringify(first)).not.toContain('http');
  });

  it('uploads and lists run files', async () => {
    const file = join(env.workDir, 'metrics.json');
    writeFileSync(file, '{"loss":0.1}');
    const { transferId } = await env.ok<{ transferId: string }>('transfers:upload-run-files', {
      entity: TEAM,
      project: PROJECT,
      run: 'run-1',
      paths: [file],
    });
    await finished(env, transferId);

    const runs = await env.ok<{ items: { name: string }[] }>('browse:runs', {
      entity: TEAM,
      project: PROJECT,
    });
    const files = await env.ok<{ items: { path: string; size: number }[] }>('browse:run-files', {
      entity: TEAM,
      project: PROJECT,
      run: 'run-1',
    });
    expect(runs.items.map((run) => run.name)).toContain('run-1');
    expect(files.items).toMatchObject([{ path: 'metrics.json', size: 12 }]);
  });

  it('reports an unknown project as NOT_FOUND', async () => {
    const result = await env.call('browse:artifact-types', { entity: TEAM, project: 'nope' });

    expect(errorOf(result).code).toBe('NOT_FOUND');
  });

  it('lists the history and exports results', async () => {
    const list = await env.ok<{ transfers: { id: string; kind: string; state: string }[] }>(
      'transfers:list',
      {},
    );
    const upload = list.transfers.find((transfer) => transfer.kind === 'upload-artifact')!;
    env.dialogs.savePath = join(env.workDir, 'results.csv');
    const exported = await env.ok<{ path: string; files: number }>('transfers:export-results', {
      transferId: upload.id,
      format: 'csv',
    });
    const detail = await env.ok<{ files: { items: unknown[]; nextCursor: string | null } }>(
      'transfers:show',
      {
        transferId: upload.id,
        pageSize: 4,
      },
    );

    expect(list.transfers.map((transfer) => transfer.kind)).toEqual([
      'upload-run-files',
      'upload-artifact',
    ]);
    expect(upload.state).toBe('completed');
    expect(exported.files).toBe(6);
    const lines = readFileSync(exported.path, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('path,local_path,size,state,bytes_done,md5,error_code,error_message');
    expect(lines).toHaveLength(7);
    expect(detail.files.items).toHaveLength(4);
    expect(detail.files.nextCursor).toBe('4');
  });

  it('rejects a retry of a completed transfer', async () => {
    const list = await env.ok<{ transfers: { id: string }[] }>('transfers:list', { limit: 1 });
    const result = await env.call('transfers:retry', { transferId: list.transfers[0]!.id });

    expect(errorOf(result).code).toBe('TRANSFER');
  });

  it('answers settings with the system language', async () => {
    const view = await env.ok<{
      settings: { language: string; concurrency: number };
      systemLanguage: string;
    }>('settings:update', { concurrency: 4, language: 'en' });

    expect(view.systemLanguage).toBe('ja');
    expect(view.settings).toMatchObject({ language: 'en', concurrency: 4 });
    expect(env.events.at(-1)?.channel).toBe('settings:changed');
  });

  it('signs out and rejects browsing', async () => {
    await env.ok('auth:sign-out');
    const result = await env.call('teams:list');

    expect(errorOf(result).code).toBe('NOT_SIGNED_IN');
  });

  it('signs in again with the stored key', async () => {
    const { profiles } = await env.ok<{ profiles: { id: string }[] }>('auth:list-profiles');
    const session = await env.ok<Session>('auth:sign-in', { profileId: profiles[0]!.id });

    expect(session.viewer.username).toBe('root');
  });
});
