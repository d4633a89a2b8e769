// Drop to upload. A drop on a collection, a project or a run opens the dialog, which starts
// a new artifact version, a new artifact or run files. The picker buttons open the same dialog.
import { createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { createFakeBridge, fail, paged, requestsOf, type Answers } from './support/fake-bridge';
import { BrowseHarness, renderWith } from './support/render';

const T0 = '2026-11-30T10:00:00.000Z';

const ANSWERS: Answers = {
  'browse.projects': paged([{ name: 'mnist', entity: 'vision', createdAt: T0 }]),
  'browse.artifactTypes': paged([{ name: 'model', description: null, createdAt: T0 }]),
  'browse.collections': paged([
    { name: 'resnet', type: 'model', description: null, createdAt: T0, kind: 'sequence' },
  ]),
  'browse.runs': paged([{ name: 'r7x2', displayName: null, state: null, createdAt: null }]),
  'transfers.uploadArtifact': { transferId: 't1' },
  'transfers.uploadRunFiles': { transferId: 't2' },
};

function renderBrowse(
  answers: Answers = ANSWERS,
  options: { pathForFile?: boolean } = {},
  language: 'en' | 'ja' = 'en',
) {
  const bridge = createFakeBridge(answers, options);
  renderWith(<BrowseHarness onShowTransfers={() => undefined} />, bridge, language);
  return bridge;
}

async function open(list: string, name: RegExp) {
  const listbox = await screen.findByRole('listbox', { name: list });
  await userEvent.click(within(listbox).getByRole('option', { name }));
}

// jsdom has no DataTransfer, so the drop carries a minimal one with the dropped files.
function drop(target: HTMLElement, names: string[]) {
  const files = names.map((name) => new File(['x'], name));
  const dataTransfer = { types: ['Files'], files, dropEffect: 'none' };
  const over = createEvent.dragOver(target);
  Object.defineProperty(over, 'dataTransfer', { value: dataTransfer });
  fireEvent(target, over);
  const dropped = createEvent.drop(target);
  Object.defineProperty(dropped, 'dataTransfer', { value: dataTransfer });
  fireEvent(target, dropped);
}

describe('upload', () => {
  it('uploads a drop on a collection as its new version', async () => {
    const bridge = renderBrowse();
    await open('Projects', /mnist/);
    await open('Artifact types', /model/);
    await open('Artifacts', /resnet/);
    drop(screen.getByRole('region', { name: 'Drop files to upload to resnet' }), [
      'checkpoints',
      'config.yaml',
    ]);

    const dialog = await screen.findByRole('dialog', { name: 'Upload to mnist' });
    expect(within(dialog).getByText('2 files or folders')).toBeTruthy();
    expect(within(dialog).getByLabelText('A new version of resnet')).toHaveProperty(
      'checked',
      true,
    );
    const aliases = within(dialog).getByLabelText('Aliases');
    await userEvent.clear(aliases);
    await userEvent.type(aliases, 'latest, best, latest');
    await userEvent.type(within(dialog).getByLabelText('Description'), 'epoch 40');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Start upload' }));

    await screen.findByText(/Upload started/);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(requestsOf(bridge, 'transfers.uploadArtifact')).toEqual([
      {
        entity: 'vision',
        project: 'mnist',
        name: 'resnet',
        type: 'model',
        aliases: ['latest', 'best'],
        description: 'epoch 40',
        paths: ['/home/alice/checkpoints', '/home/alice/config.yaml'],
      },
    ]);
  });

  it('uploads a pick on a project as a new artifact', async () => {
    const bridge = renderBrowse({
      ...ANSWERS,
      'transfers.pickSources': { paths: ['/data/mnist'] },
    });
    await open('Projects', /mnist/);
    await userEvent.click(screen.getByRole('button', { name: 'Upload a folder…' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('A new artifact')).toHaveProperty('checked', true);
    await userEvent.type(within(dialog).getByLabelText('Artifact name'), 'mnist-raw');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Start upload' }));

    await waitFor(() => expect(requestsOf(bridge, 'transfers.uploadArtifact')).toHaveLength(1));
    expect(requestsOf(bridge, 'transfers.pickSources')).toEqual([{ select: 'folders' }]);
    expect(requestsOf(bridge, 'transfers.uploadArtifact')[0]).toEqual({
      entity: 'vision',
      project: 'mnist',
      name: 'mnist-raw',
      type: 'dataset',
      aliases: ['latest'],
      paths: ['/data/mnist'],
    });
  });

  it('uploads a drop on a run as run files', async () => {
    const bridge = renderBrowse();
    await open('Projects', /mnist/);
    await userEvent.click(screen.getByRole('tab', { name: 'Runs' }));
    await open('Runs', /r7x2/);
    drop(await screen.findByRole('region', { name: 'Drop files to upload to r7x2' }), [
      'metrics.csv',
    ]);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Run ID')).toHaveProperty('value', 'r7x2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Start upload' }));
    await waitFor(() =>
      expect(requestsOf(bridge, 'transfers.uploadRunFiles')).toEqual([
        { entity: 'vision', project: 'mnist', run: 'r7x2', paths: ['/home/alice/metrics.csv'] },
      ]),
    );
  });

  it('keeps the dialog open with the error', async () => {
    renderBrowse({
      ...ANSWERS,
      'transfers.uploadArtifact': fail('INVALID_REQUEST', 'name: must not contain ":"', {
        fields: ['name'],
      }),
    });
    await open('Projects', /mnist/);
    drop(screen.getByRole('region', { name: 'Drop files to upload to mnist' }), ['a.bin']);
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Artifact name'), 'bad:name');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Start upload' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Check these fields: name');
    expect(within(dialog).getByRole('button', { name: 'Start upload' })).toHaveProperty(
      'disabled',
      false,
    );
  });

  it('closes the dialog on Escape without uploading', async () => {
    const bridge = renderBrowse();
    await open('Projects', /mnist/);
    drop(screen.getByRole('region', { name: 'Drop files to upload to mnist' }), ['a.bin']);
    await screen.findByRole('dialog');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(requestsOf(bridge, 'transfers.uploadArtifact')).toHaveLength(0);
  });

  it('explains a drop the window cannot read', async () => {
    renderBrowse(ANSWERS, { pathForFile: false });
    await open('Projects', /mnist/);
    drop(screen.getByRole('region', { name: 'Drop files to upload to mnist' }), ['a.bin']);
    expect(await screen.findByText(/cannot read dropped files/)).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('speaks Japanese', async () => {
    renderBrowse(ANSWERS, {}, 'ja');
    await open('プロジェクト', /mnist/);
    drop(screen.getByRole('region', { name: 'mnist にアップロードするファイルのドロップ先' }), [
      'a.bin',
    ]);
    const dialog = await screen.findByRole('dialog', { name: 'mnist にアップロード' });
    expect(within(dialog).getByLabelText('新しいアーティファクト')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'アップロード開始' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'キャンセル' })).toBeTruthy();
  });
});
