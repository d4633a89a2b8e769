import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRunFilesMutation,
  upsertRunMutation,
  type CreateRunFilesData,
} from '../../../shared/graphql/operations/index';
import { createApiKey, createUser } from '../../../platform/accounts/users';
import { startAzurite, type AzuriteInstance } from '../../../platform/sandbox/azurite';
import { createAzureProvider } from '../../../platform/storage/azure';
import { parseFileStores } from '../../../platform/storage/file-stores';
import { DEFAULT_URL_LIFETIMES } from '../../../platform/storage/provider';
import { startPlatform, type RunningPlatform } from '../../../platform/server/start';
import { GraphqlClient } from '../../support/graphql-client';
import { createTeamMutation, type CreateTeamData } from './team-fixture';

// A platform restarted with another secrets key cannot open team buckets: the client gets a
// STORAGE_ERROR without details, and the log names the key source.

const CONTAINER = 'restart-store';
const FIRST_KEY = randomBytes(32).toString('base64');
const SECOND_KEY = randomBytes(32).toString('base64');

describe('restart with another secrets key', () => {
  const root = mkdtempSync(join(tmpdir(), 'byob-restart-test-'));
  const dbPath = join(root, 'platform.sqlite');
  let azurite: AzuriteInstance;
  let store: string;
  let running: RunningPlatform | null = null;
  let adminKey: string;
  let memberKey: string;
  const logLines: string[] = [];

  async function start(secretsKey: string): Promise<RunningPlatform> {
    await running?.close();
    const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
    running = await startPlatform({
      dbPath,
      host: '127.0.0.1',
      port: 0,
      instanceBucket: null,
      lifetimes: DEFAULT_URL_LIFETIMES,
      log,
      fileStores: parseFileStores(store),
      secretsKey,
    });
    return running;
  }

  async function requestUploadUrl(platform: RunningPlatform) {
    const member = new GraphqlClient(platform.url, memberKey);
    await member.ok(upsertRunMutation, { entity: 'keyed', project: 'p', name: 'r' });
    return member.request<CreateRunFilesData>(createRunFilesMutation, {
      entity: 'keyed',
      project: 'p',
      run: 'r',
      files: ['f.txt'],
    });
  }

  beforeAll(async () => {
    azurite = await startAzurite({ dir: join(root, 'azurite') });
    await createAzureProvider({
      account: azurite.account,
      accountKey: azurite.accountKey,
      container: CONTAINER,
      endpoint: azurite.endpoint,
      lifetimes: DEFAULT_URL_LIFETIMES,
    }).ensureContainer();
    store = `az://:${encodeURIComponent(azurite.accountKey)}@${azurite.account}/${CONTAINER}?endpoint=${encodeURIComponent(azurite.endpoint)}`;

    const platform = await start(FIRST_KEY);
    await createUser(platform.db, { username: 'root', admin: true });
    await createUser(platform.db, { username: 'rita' });
    adminKey = (await createApiKey(platform.db, 'root')).key;
    memberKey = (await createApiKey(platform.db, 'rita')).key;
    await new GraphqlClient(platform.url, adminKey).ok<CreateTeamData>(createTeamMutation, {
      input: {
        teamName: 'keyed',
        storage: { level: 'TEAM', provider: 'azure', bucket: CONTAINER },
        members: ['rita'],
      },
    });
  });

  afterAll(async () => {
    await running?.close();
    await azurite?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('issues URLs with the original key', async () => {
    const result = await requestUploadUrl(running!);

    expect(result.errors).toEqual([]);
    expect(result.data?.createRunFiles?.files?.[0]?.uploadUrl).toContain(`/${CONTAINER}/keyed/`);
  });

  it('fails with STORAGE_ERROR under another key', async () => {
    const platform = await start(SECOND_KEY);
    const result = await requestUploadUrl(platform);

    expect(result.errors[0]?.extensions?.code).toBe('STORAGE_ERROR');
    expect(result.errors[0]?.message).toBe(
      `The team-level bucket az://devstoreaccount1/${CONTAINER} (endpoint ${azurite.endpoint}) failed to open: an operator can find the reason in the platform log.`,
    );
  });

  it('logs the key source of the failure', () => {
    const failure = logLines
      .map((line) => JSON.parse(line) as { msg: string; reason?: string })
      .find((entry) => entry.msg === 'team bucket failed to open');

    expect(failure?.reason).toContain('the key from BYOB_SECRETS_KEY is');
    expect(failure?.reason).toContain('was encrypted with the key');
  });

  it('keeps secrets out of the log', () => {
    const text = logLines.join('\n');

    expect(text).not.toContain(azurite.accountKey);
    expect(text).not.toContain(encodeURIComponent(azurite.accountKey));
    expect(text).not.toContain(FIRST_KEY);
    expect(text).not.toContain(SECOND_KEY);
  });

  it('works again after a restart with the original key', async () => {
    const result = await requestUploadUrl(await start(FIRST_KEY));

    expect(result.errors).toEqual([]);
  });
});
