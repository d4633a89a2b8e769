// The app in Debian's Chromium: the built renderer on the test bridge, which calls the real
// createHandlers, services, engines (in a worker thread) and a platform on Azurite. The
// scenarios run in order on one page, as one researcher's session would, and each saves a
// screenshot in English and Japanese under test-results/e2e/.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';

import type { TransferEvent } from '../../shared/ipc/index';
import { finished } from '../electron/main/fixture';
import { SCREENSHOT_DIR, startE2eEnv, type E2eEnv } from './support/environment';
import { FILE_STORE_TEAM_FORM, PROJECT, RUN, seedTeam, TEAM } from './support/seed';

function md5(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

/** Waits until the locator shows, failing with its description after 60 s. */
async function shows(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 60_000 });
}

describe('desktop app in Chromium', () => {
  let env: E2eEnv;
  let seed: Awaited<ReturnType<typeof seedTeam>>;

  beforeAll(async () => {
    env = await startE2eEnv();
    seed = await seedTeam(env.main);
    await env.main.ok('settings:update', { language: 'en' });
  });

  afterAll(() => env?.stop());

  // Each scenario starts where the one before it left the page, so after a failure the rest
  // fail at once with its name, and the failing page is saved for a look.
  let failed: string | null = null;
  beforeEach(({ task }) => {
    if (failed !== null) throw new Error(`Not run: the earlier scenario "${failed}" failed.`);
    onTestFailed(async () => {
      failed = task.name;
      await env.page.screenshot({ path: join(SCREENSHOT_DIR, 'failure.png') }).catch(() => null);
    });
  });

  it('signs in with an API key', async () => {
    const { page } = env;
    await page.goto(`${env.server.origin}/index.html`);

    await page.getByLabel('Dedicated or self-managed server').check();
    await page.getByLabel('Server address').fill(env.main.platform.url);
    await page.getByRole('textbox', { name: 'API key' }).fill(seed.adminKey);
    await env.screenshot('sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await shows(page.getByRole('heading', { name: 'Teams' }));
    await expect.poll(() => page.getByText(TEAM, { exact: true }).count()).toBeGreaterThan(0);
  });

  it('browses artifacts and run files', async () => {
    const { page } = env;

    await page.getByRole('option', { name: new RegExp(PROJECT) }).click();
    await page.getByRole('option', { name: /dataset/ }).click();
    await page.getByRole('option', { name: /mnist/ }).click();
    await page.getByRole('option', { name: /v0/ }).click();
    await shows(page.getByRole('treeitem', { name: 'labels.csv' }));
    await page.getByRole('treeitem', { name: 'images/' }).click();
    await shows(page.getByRole('treeitem', { name: '3.png' }));
    await page.getByRole('checkbox', { name: 'Select labels.csv' }).check();
    await shows(page.getByRole('button', { name: 'Download 1 selected…' }));
    await env.screenshot('browse-artifact');

    await page.getByRole('button', { name: PROJECT }).click();
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('option', { name: new RegExp(RUN) }).click();
    await shows(page.getByRole('treeitem', { name: 'metrics.json' }));
    await env.screenshot('browse-run-files');
  });

  it('uploads a dropped folder', async () => {
    const { page } = env;
    const folder = join(env.main.workDir, 'cifar10');
    mkdirSync(join(folder, 'train'), { recursive: true });
    for (let index = 0; index < 24; index += 1) {
      writeFileSync(join(folder, 'train', `batch-${index}.bin`), Buffer.alloc(150_000, index));
    }
    writeFileSync(join(folder, 'meta.json'), '{"classes": 10}\n');

    await page.getByRole('button', { name: PROJECT }).click();
    await page.getByRole('tab', { name: 'Artifacts' }).click();
    await dropFolder(env, 'cifar10', folder);
    const dialog = page.getByRole('dialog');
    await shows(dialog);
    await dialog.getByLabel('Artifact name').fill('cifar10');
    await dialog.getByLabel('Type', { exact: true }).fill('dataset');
    await dialog.getByLabel('Aliases').fill('baseline');
    await env.screenshot('upload-dialog');
    await dialog.getByRole('button', { name: 'Start upload' }).click();

    await page.getByRole('button', { name: 'Transfers', exact: true }).first().click();
    const item = page.getByRole('listitem', { name: /cifar10$/ });
    await shows(item.getByText('Completed'));
    await item.getByRole('button', { name: 'Show files' }).click();
    await shows(item.getByText('cifar10/meta.json'));
    await env.screenshot('transfers');
    await item.getByRole('button', { name: 'Hide files' }).click();
    const versions = await env.main.ok<{ items: { version: string; fileCount: number }[] }>(
      'browse:versions',
      { entity: TEAM, project: PROJECT, type: 'dataset', collection: 'cifar10' },
    );
    expect(versions.items[0]?.fileCount).toBe(25);
  });

  it('pauses and resumes an upload', async () => {
    const { page } = env;
    const folder = join(env.main.workDir, 'resnet50');
    mkdirSync(folder, { recursive: true });
    for (let index = 0; index < 12; index += 1) {
      writeFileSync(join(folder, `shard-${index}.pt`), Buffer.alloc(256 * 1024, index));
    }
    // One request at a time at the lowest limit, 64 KiB/s, so files finish one by one and the
    // upload is still running when it is paused.
    await env.main.ok('settings:update', { bandwidthLimit: 64 * 1024, concurrency: 1 });

    await openProject(env);
    env.main.dialogs.sources = [folder];
    await page.getByRole('button', { name: 'Upload a folder…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Artifact name').fill('resnet50');
    await dialog.getByLabel('Type', { exact: true }).fill('model');
    await dialog.getByRole('button', { name: 'Start upload' }).click();

    await page.getByRole('button', { name: 'Transfers', exact: true }).first().click();
    const item = page.getByRole('listitem', { name: /resnet50$/ });
    await expect
      .poll(() => uploadedBytes(env, 'resnet50'), { timeout: 60_000 })
      .toBeGreaterThan(600 * 1024);
    await item.getByRole('button', { name: /^Pause / }).click();
    await shows(item.getByText('Paused'));
    await env.screenshot('paused');

    await env.main.ok('settings:update', { bandwidthLimit: null, concurrency: 8 });
    await item.getByRole('button', { name: /^Resume / }).click();
    await shows(item.getByText('Completed'));
    const states = env.main.events
      .filter((entry) => entry.channel === 'transfers:event')
      .map((entry) => entry.payload as TransferEvent)
      .filter((event) => event.type === 'state' && event.path === null)
      .map((event) => (event.type === 'state' ? event.state : ''));
    expect(states).toContain('paused');
    const versions = await env.main.ok<{ items: { fileCount: number }[] }>('browse:versions', {
      entity: TEAM,
      project: PROJECT,
      type: 'model',
      collection: 'resnet50',
    });
    expect(versions.items[0]?.fileCount).toBe(12);
  });

  it('downloads a version to disk', async () => {
    const { page } = env;
    const destination = join(env.main.workDir, 'downloads');
    env.main.dialogs.folder = destination;

    await openProject(env);
    await page.getByRole('option', { name: /dataset/ }).click();
    await page.getByRole('option', { name: /mnist/ }).click();
    await page.getByRole('option', { name: /v0/ }).click();
    await page.getByRole('button', { name: 'Download all…' }).click();
    await shows(page.getByText('Download started.'));

    const created = env.main.events
      .filter((entry) => entry.channel === 'transfers:event')
      .map((entry) => entry.payload as TransferEvent)
      .find((event) => event.type === 'created' && event.transfer.kind === 'download-artifact');
    expect(created?.type).toBe('created');
    const transferId = created?.type === 'created' ? created.transfer.id : '';
    await finished(env.main, transferId, ['done', 'failed']);
    for (const [name, source] of seed.mnistFiles) {
      expect(md5(join(destination, name)), name).toBe(md5(source));
    }
    await page.getByRole('button', { name: 'Transfers', exact: true }).first().click();
    const item = page.getByRole('listitem', { name: /mnist:v0$/ });
    await shows(item.getByText('Completed'));
    await shows(item.getByText('5 files'));
    await env.screenshot('download');
  });

  it('switches to Japanese', async () => {
    const { page } = env;

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('ja');

    await shows(page.getByRole('heading', { name: '設定' }));
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await env.screenshot('settings');
    await page.getByLabel('言語').selectOption('en');
    await shows(page.getByRole('heading', { name: 'Settings' }));
  });

  it('shows a validation warning', async () => {
    const { page } = env;

    await page.getByRole('button', { name: 'Admin' }).click();
    await page.getByLabel('Team name').fill(FILE_STORE_TEAM_FORM.teamName);
    await page.getByLabel("The team's own bucket").check();
    await page.getByLabel('Provider').selectOption('azure');
    await page.getByLabel('Container').fill(FILE_STORE_TEAM_FORM.container);
    await page.getByLabel('Members').fill('root');
    await page.getByRole('button', { name: 'Create team' }).click();

    await shows(page.getByRole('heading', { name: 'Warnings' }));
    await shows(page.getByText(/CORS/));
    await shows(page.getByText(`Team ${FILE_STORE_TEAM_FORM.teamName} created.`));
    await page.getByRole('heading', { name: 'Warnings' }).scrollIntoViewIfNeeded();
    await env.screenshot('admin');
  });

  it('logs no page errors', () => {
    expect(env.pageErrors).toEqual([]);
  });
});

/** Bytes done of the newest upload of the named artifact, from its progress events. */
function uploadedBytes(env: E2eEnv, artifact: string): number {
  const events = env.main.events
    .filter((entry) => entry.channel === 'transfers:event')
    .map((entry) => entry.payload as TransferEvent);
  const created = events.findLast(
    (event) => event.type === 'created' && event.transfer.target.artifactName === artifact,
  );
  if (created?.type !== 'created') return 0;
  const progress = events.findLast(
    (event) => event.type === 'progress' && event.transferId === created.transfer.id,
  );
  return progress?.type === 'progress' ? progress.transfer.bytesDone : 0;
}

/** Opens the Browse screen at the seeded project, wherever it was left. */
async function openProject(env: E2eEnv): Promise<void> {
  const { page } = env;
  await page.getByRole('button', { name: 'Browse' }).click();
  const teamCrumb = page
    .getByRole('navigation', { name: 'Location' })
    .getByRole('button', { name: TEAM });
  if ((await teamCrumb.count()) > 0) await teamCrumb.click();
  await page.getByRole('option', { name: new RegExp(PROJECT) }).click();
}

/**
 * Drops a folder on the drop zone the way a file manager does: a `drop` event whose
 * DataTransfer carries one File. The test bridge maps the File's name to the folder's path,
 * standing in for Electron's webUtils.getPathForFile.
 */
async function dropFolder(env: E2eEnv, name: string, path: string): Promise<void> {
  const { page } = env;
  await page.evaluate(
    ([fileName, filePath]) => {
      (globalThis as unknown as { __byobDropPaths: Record<string, string> }).__byobDropPaths = {
        [fileName!]: filePath!,
      };
    },
    [name, path],
  );
  const dataTransfer = await page.evaluateHandle((fileName) => {
    const scope = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: string[], name: string) => unknown;
    };
    const transfer = new scope.DataTransfer();
    transfer.items.add(new scope.File([''], fileName));
    return transfer;
  }, name);
  const zone = page.getByRole('region', { name: /^Drop files to upload/ });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}
