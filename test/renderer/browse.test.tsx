// Browse screen: projects → artifacts → versions → files and projects → runs → run files,
// paging through 100,000 files, selecting and downloading, with every list's states.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { RemoteFileItem } from '../../shared/ipc/index';
import {
  createFakeBridge,
  fail,
  paged,
  pending,
  requestsOf,
  type Answers,
} from './support/fake-bridge';
import { BrowseHarness, renderWith } from './support/render';

const T0 = '2026-11-30T10:00:00.000Z';

function file(path: string, size = 1000): RemoteFileItem {
  return { path, size, md5: null, digest: `md5-${path.length}`, updatedAt: T0 };
}

const PROJECT_ANSWERS: Answers = {
  'browse.projects': paged([{ name: 'mnist', entity: 'vision', createdAt: T0 }]),
  'browse.artifactTypes': paged([{ name: 'dataset', description: null, createdAt: T0 }]),
  'browse.collections': paged([
    { name: 'mnist-raw', type: 'dataset', description: null, createdAt: T0, kind: 'sequence' },
  ]),
  'browse.versions': paged([
    {
      id: 'QXJ0aWZhY3Q6MQ==',
      version: 'v1',
      aliases: ['latest'],
      state: 'COMMITTED',
      size: 2_500_000,
      fileCount: 3,
      digest: 'abc',
      description: null,
      createdAt: T0,
    },
  ]),
  'browse.versionFiles': paged([
    file('images/0.png'),
    file('images/1.png'),
    file('labels.csv', 500_000),
  ]),
  'browse.runs': paged([
    { name: 'r7x2', displayName: 'baseline', state: 'finished', createdAt: T0 },
  ]),
  'browse.runFiles': paged([file('output.log'), file('media/plot.png')]),
};

function renderBrowse(answers: Answers = PROJECT_ANSWERS, language: 'en' | 'ja' = 'en') {
  const bridge = createFakeBridge(answers);
  const shown: string[] = [];
  renderWith(<BrowseHarness onShowTransfers={() => shown.push('transfers')} />, bridge, language);
  return { bridge, shown };
}

async function openOption(list: string, name: RegExp | string) {
  const listbox = await screen.findByRole('listbox', { name: list });
  await userEvent.click(within(listbox).getByRole('option', { name }));
}

async function openVersion() {
  await openOption('Projects', /mnist/);
  await openOption('Artifact types', /dataset/);
  await openOption('Artifacts', /mnist-raw/);
  await openOption('Versions', /v1/);
  return screen.findByRole('tree', { name: 'Files of mnist-raw:v1' });
}

describe('BrowseScreen', () => {
  it('shows loading while projects load', () => {
    renderBrowse({ 'browse.projects': () => pending() });
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('shows the empty state', async () => {
    renderBrowse({});
    expect(await screen.findByText('This team has no projects yet.')).toBeTruthy();
  });

  it('shows an error and retries', async () => {
    let calls = 0;
    const { bridge } = renderBrowse({
      'browse.projects': () => (calls++ === 0 ? fail('SERVER', 'HTTP 502') : paged([])({})),
    });
    expect((await screen.findByRole('alert')).textContent).toContain('The platform had a problem.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('This team has no projects yet.')).toBeTruthy();
    expect(requestsOf(bridge, 'browse.projects')).toHaveLength(2);
  });

  it('walks down to a version and shows its files', async () => {
    const { bridge } = renderBrowse();
    const tree = await openVersion();

    const version = requestsOf(bridge, 'browse.versions')[0];
    expect(version).toMatchObject({
      entity: 'vision',
      project: 'mnist',
      type: 'dataset',
      collection: 'mnist-raw',
    });
    const folder = within(tree).getByRole('treeitem', { name: 'images/' });
    expect(folder.getAttribute('aria-expanded')).toBe('false');
    expect(folder.textContent).toContain('2 files');
    expect(within(tree).getByRole('treeitem', { name: 'labels.csv' }).textContent).toContain(
      '500 kB',
    );
    expect(requestsOf(bridge, 'browse.versionFiles')[0]).toMatchObject({
      collection: 'mnist-raw',
      version: 'v1',
      cursor: null,
    });
  });

  it('shows version aliases, size and file count', async () => {
    renderBrowse();
    await openOption('Projects', /mnist/);
    await openOption('Artifact types', /dataset/);
    await openOption('Artifacts', /mnist-raw/);
    const row = within(await screen.findByRole('listbox', { name: 'Versions' })).getByRole(
      'option',
    );
    expect(row.textContent).toContain('latest');
    expect(row.textContent).toContain('2.5 MB · 3 files');
  });

  it('expands folders with the keyboard', async () => {
    renderBrowse();
    const tree = await openVersion();
    tree.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(
      within(tree).getByRole('treeitem', { name: 'images/' }).getAttribute('aria-expanded'),
    ).toBe('true');
    expect(within(tree).getByRole('treeitem', { name: '0.png' }).getAttribute('aria-level')).toBe(
      '2',
    );
    await userEvent.keyboard('{ArrowLeft}');
    expect(within(tree).queryByRole('treeitem', { name: '0.png' })).toBeNull();
  });

  it('goes back through the breadcrumbs', async () => {
    renderBrowse();
    await openVersion();
    const trail = screen.getByRole('navigation', { name: 'Location' });
    await userEvent.click(within(trail).getByRole('button', { name: 'mnist-raw' }));
    expect(await screen.findByRole('listbox', { name: 'Versions' })).toBeTruthy();
    await userEvent.click(within(trail).getByRole('button', { name: 'vision' }));
    expect(await screen.findByRole('listbox', { name: 'Projects' })).toBeTruthy();
  });

  it('downloads the selected files and folders', async () => {
    const { bridge, shown } = renderBrowse({
      ...PROJECT_ANSWERS,
      'transfers.downloadVersion': { transferId: 't1' },
    });
    await openVersion();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select images/' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select labels.csv' }));
    await userEvent.click(screen.getByRole('button', { name: 'Download 2 selected…' }));

    await screen.findByText('Download started.');
    expect(requestsOf(bridge, 'transfers.downloadVersion')).toEqual([
      {
        entity: 'vision',
        project: 'mnist',
        collection: 'mnist-raw',
        version: 'v1',
        destination: '/home/alice/data',
        files: ['images/', 'labels.csv'],
      },
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Transfers' }));
    expect(shown).toEqual(['transfers']);
  });

  it('downloads a whole version without a file list', async () => {
    const { bridge } = renderBrowse({
      ...PROJECT_ANSWERS,
      'transfers.downloadVersion': { transferId: 't1' },
    });
    await openVersion();
    await userEvent.click(screen.getByRole('button', { name: 'Download all…' }));
    await screen.findByText('Download started.');
    const [download] = requestsOf(bridge, 'transfers.downloadVersion');
    expect(download).not.toHaveProperty('files');
  });

  it('starts no download when the folder dialog is closed', async () => {
    const { bridge } = renderBrowse({ ...PROJECT_ANSWERS, 'transfers.pickFolder': { path: null } });
    await openVersion();
    await userEvent.click(screen.getByRole('button', { name: 'Download all…' }));
    await waitFor(() => expect(requestsOf(bridge, 'transfers.pickFolder')).toHaveLength(1));
    expect(requestsOf(bridge, 'transfers.downloadVersion')).toHaveLength(0);
  });

  it('shows a download failure', async () => {
    renderBrowse({
      ...PROJECT_ANSWERS,
      'transfers.downloadVersion': fail('FILE_SYSTEM', 'EACCES: /home/alice/data'),
    });
    await openVersion();
    await userEvent.click(screen.getByRole('button', { name: 'Download all…' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'could not be read or written',
    );
  });

  it('lists runs and downloads run files', async () => {
    const { bridge } = renderBrowse({
      ...PROJECT_ANSWERS,
      'transfers.downloadRunFiles': { transferId: 't2' },
    });
    await openOption('Projects', /mnist/);
    await userEvent.click(screen.getByRole('tab', { name: 'Runs' }));
    await openOption('Runs', /baseline/);
    const tree = await screen.findByRole('tree', { name: 'Files of run r7x2' });
    expect(within(tree).getByRole('treeitem', { name: 'output.log' })).toBeTruthy();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select output.log' }));
    await userEvent.click(screen.getByRole('button', { name: 'Download 1 selected…' }));
    await screen.findByText('Download started.');
    expect(requestsOf(bridge, 'transfers.downloadRunFiles')).toEqual([
      {
        entity: 'vision',
        project: 'mnist',
        run: 'r7x2',
        destination: '/home/alice/data',
        files: ['output.log'],
      },
    ]);
  });

  it('pages through 100,000 files while rendering only visible rows', async () => {
    const files = Array.from({ length: 100_000 }, (_, index) => file(`part-${index}.bin`, 4096));
    const { bridge } = renderBrowse({ ...PROJECT_ANSWERS, 'browse.versionFiles': paged(files) });
    const tree = await openVersion();
    expect(requestsOf(bridge, 'browse.versionFiles')[0]).toMatchObject({ pageSize: 500 });
    expect(await screen.findByText('500 of 100,000 files loaded, scroll for more')).toBeTruthy();
    expect(within(tree).getAllByRole('treeitem').length).toBeLessThan(60);
    expect(requestsOf(bridge, 'browse.versionFiles')).toHaveLength(1);

    // Jumping to the last row requests the next page, once.
    tree.focus();
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(requestsOf(bridge, 'browse.versionFiles')).toHaveLength(2));
    expect(requestsOf(bridge, 'browse.versionFiles')[1]).toMatchObject({ cursor: '500' });
    expect(await screen.findByText('1,000 of 100,000 files loaded, scroll for more')).toBeTruthy();
    expect(within(tree).getAllByRole('treeitem').length).toBeLessThan(60);
    expect(within(tree).getAllByRole('treeitem')[0]!.getAttribute('aria-setsize')).toBe('1000');
  });

  it('loads on while a collapsed folder fills the view', async () => {
    const files = Array.from({ length: 1200 }, (_, index) => file(`shards/${index}.bin`, 10));
    const { bridge } = renderBrowse({ ...PROJECT_ANSWERS, 'browse.versionFiles': paged(files) });
    const tree = await openVersion();
    await waitFor(() => expect(requestsOf(bridge, 'browse.versionFiles')).toHaveLength(3));
    const folder = within(tree).getByRole('treeitem', { name: 'shards/' });
    await waitFor(() => expect(folder.textContent).toContain('1,200 files'));
    expect(screen.getByText('1,200 items')).toBeTruthy();
  });

  it('speaks Japanese', async () => {
    renderBrowse(PROJECT_ANSWERS, 'ja');
    await openOption('プロジェクト', /mnist/);
    expect(
      screen.getByRole('tab', { name: 'アーティファクト' }).getAttribute('aria-selected'),
    ).toBe('true');
    await openOption('アーティファクトの種類', /dataset/);
    await openOption('アーティファクト', /mnist-raw/);
    const row = within(await screen.findByRole('listbox', { name: 'バージョン' })).getByRole(
      'option',
    );
    expect(row.textContent).toContain('3 ファイル');
  });
});
