import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAzurite, type AzuriteInstance } from '../../../platform/sandbox/azurite';
import { createAzureProvider } from '../../../platform/storage/azure';
import { DEFAULT_URL_LIFETIMES } from '../../../platform/storage/provider';
import { runPlatformCli } from '../../support/platform-cli';

const CONTAINER = 'cli-team-bucket';

describe('byob-platform team commands with storage', () => {
  const root = mkdtempSync(join(tmpdir(), 'byob-team-cli-test-'));
  const db = join(root, 'platform.sqlite');
  let azurite: AzuriteInstance;
  let store: string;
  let missing: string;

  const team = (...args: string[]) => runPlatformCli(['team', ...args, '--db', db]);

  beforeAll(async () => {
    azurite = await startAzurite({ dir: join(root, 'azurite') });
    await createAzureProvider({
      account: azurite.account,
      accountKey: azurite.accountKey,
      container: CONTAINER,
      endpoint: azurite.endpoint,
      lifetimes: DEFAULT_URL_LIFETIMES,
    }).ensureContainer();

    const address = (container: string) =>
      `az://:${encodeURIComponent(azurite.accountKey)}@${azurite.account}/${container}?endpoint=${encodeURIComponent(azurite.endpoint)}`;
    store = address(CONTAINER);
    missing = address('never-created');
  });

  afterAll(async () => {
    await azurite?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a team on a configured store by its name', async () => {
    const result = await team(
      'create',
      'grid',
      '--file-stores',
      store,
      '--storage',
      `${azurite.account}/${CONTAINER}`,
      '--path',
      'labs/grid',
    );

    expect(result.stderr).toContain(
      'byob-platform: warning: The storage account "devstoreaccount1" has no CORS rule',
    );
    expect(result.stderr).toContain(
      `byob-platform: created the secrets key file ${db}.key: back it up with the database, because team-level bucket credentials stored there cannot be decrypted without it`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `grid\tstorage: team-level az://devstoreaccount1/${CONTAINER} (endpoint ${azurite.endpoint}), path labs/grid`,
    );
  });

  it('creates the key file beside the database', () => {
    expect(existsSync(`${db}.key`)).toBe(true);
    expect(statSync(`${db}.key`).mode & 0o777).toBe(0o600);
  });

  it('shows the team with its storage masked', async () => {
    const result = await team('show', 'grid', '--json');
    const summary = JSON.parse(result.stdout) as {
      storage: string;
      bucket: { provider: string; name: string; address: string; path: string };
    };

    expect(summary.storage).toBe('team');
    expect(summary.bucket.provider).toBe('azure');
    expect(summary.bucket.name).toBe(CONTAINER);
    expect(summary.bucket.path).toBe('labs/grid');
    expect(result.stdout).not.toContain(encodeURIComponent(azurite.accountKey));
    expect(result.stdout).not.toContain(azurite.accountKey);
  });

  it('lists the team with its storage masked', async () => {
    const result = await team('list');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`team-level az://devstoreaccount1/${CONTAINER}`);
    expect(result.stdout).not.toContain(azurite.accountKey);
  });

  it('keeps the account key out of the audit log', () => {
    const audit = readFileSync(`${db}.audit.jsonl`, 'utf8');

    expect(audit).toContain('"team.create"');
    expect(audit).not.toContain(azurite.accountKey);
    expect(audit).not.toContain(encodeURIComponent(azurite.accountKey));
  });

  it('rejects a second create of the team', async () => {
    const result = await team('create', 'grid');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("a team's storage is fixed at creation");
  });

  it('stops on a failed bucket check with its error', async () => {
    const result = await team('create', 'broken', '--storage', missing);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('byob-platform: error: Failed to write a test object');
    expect(result.stderr).toContain('ContainerNotFound');
    expect(result.stderr).toContain('byob-platform: Team "broken" was not created');
    expect(result.stderr).not.toContain('errors above');
    expect(result.stderr).not.toContain(azurite.accountKey);
  });

  it('audits the failed bucket check with its errors', () => {
    const lines = readFileSync(`${db}.audit.jsonl`, 'utf8').trimEnd().split('\n');
    const failed = lines
      .map(
        (line) =>
          JSON.parse(line) as {
            action: string;
            team?: string;
            result: string;
            detail: { errors?: string[] };
          },
      )
      .find((event) => event.action === 'team.create' && event.team === 'broken');

    expect(failed?.result).toBe('failed');
    expect(failed?.detail.errors).toHaveLength(1);
    expect(failed?.detail.errors?.[0]).toContain('Failed to write a test object');
    expect(failed?.detail.errors?.[0]).toContain('ContainerNotFound');
    expect(JSON.stringify(failed)).not.toContain(azurite.accountKey);
    expect(JSON.stringify(failed)).not.toContain(encodeURIComponent(azurite.accountKey));
  });

  it('rejects an unknown store name', async () => {
    const result = await team('create', 'lost', '--file-stores', store, '--storage', 'nowhere');

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown store "nowhere"');
  });

  it('rejects instance storage on SaaS in one line', async () => {
    const result = await team('create', 'cloud', '--deployment', 'saas');

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^byob-platform: Deployment saas has no instance-level bucket/);
  });

  it('rejects an Azure team bucket on SaaS', async () => {
    const result = await runPlatformCli(
      ['team', 'create', 'cloud', '--db', db, '--storage', store],
      {
        BYOB_DEPLOYMENT: 'saas',
      },
    );

    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'byob-platform: Deployment saas does not allow team-level buckets on azure: use a file store on s3 or gcs.',
    );
  });

  it('rejects serve with an instance bucket on SaaS', async () => {
    const result = await runPlatformCli([
      'serve',
      '--db',
      db,
      '--port',
      '0',
      '--deployment',
      'saas',
      '--instance-bucket',
      store,
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^byob-platform: Deployment saas has no instance-level bucket, so an instance bucket \(--instance-bucket or BUCKET\) is not allowed: /,
    );
  });
});
