// Transfers screen: history, live progress with rate and time left, controls, file details,
// error report and export, with empty, loading, error and Japanese states.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { TransferSummary } from '../../shared/ipc/index';
import { useTransfers } from '../../renderer/src/hooks/useTransfers';
import { TransfersScreen } from '../../renderer/src/screens/transfers/TransfersScreen';
import { createFakeBridge, fail, pending, requestsOf, type Answers } from './support/fake-bridge';
import { renderWith } from './support/render';

const T0 = '2026-11-30T10:00:00.000Z';

function transfer(
  id: string,
  state: TransferSummary['state'],
  extra: Partial<TransferSummary> = {},
): TransferSummary {
  return {
    id,
    kind: 'upload-artifact',
    state,
    target: {
      host: 'http://127.0.0.1:8080',
      entity: 'vision',
      project: 'mnist',
      artifactName: 'resnet',
      artifactType: 'model',
      aliases: ['latest'],
      artifactVersion: null,
      runId: null,
      downloadRoot: null,
    },
    totalFiles: 2,
    totalBytes: 2_000_000_000,
    bytesDone: 0,
    listingComplete: true,
    artifactId: null,
    error: null,
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  };
}

// The shell owns the queue in the app; here a wrapper does.
function Screen() {
  return <TransfersScreen transfers={useTransfers()} />;
}

function renderTransfers(answers: Answers = {}, language: 'en' | 'ja' = 'en') {
  const bridge = createFakeBridge(answers);
  renderWith(<Screen />, bridge, language);
  return bridge;
}

const ITEM = 'Transfer vision/mnist/resnet';

describe('TransfersScreen', () => {
  it('shows the empty state', async () => {
    renderTransfers();
    expect(await screen.findByText(/No transfers yet/)).toBeTruthy();
  });

  it('shows loading', () => {
    renderTransfers({ 'transfers.list': () => pending() });
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('shows an error', async () => {
    renderTransfers({ 'transfers.list': fail('INTERNAL', 'journal is locked') });
    expect((await screen.findByRole('alert')).textContent).toContain('journal is locked');
  });

  it('shows live progress, rate and time left', async () => {
    const bridge = renderTransfers({
      'transfers.list': { transfers: [transfer('t1', 'running')], nextBeforeId: null },
    });
    const item = await screen.findByRole('listitem', { name: ITEM });
    expect(within(item).getByText('Running')).toBeTruthy();

    act(() => {
      bridge.emit('transfers.onEvent', {
        type: 'state',
        transferId: 't1',
        path: null,
        state: 're-minting',
        error: null,
      });
      bridge.emit('transfers.onEvent', {
        type: 'progress',
        transferId: 't1',
        transfer: {
          bytesDone: 500_000_000,
          bytesTotal: 2_000_000_000,
          rateBytesPerSecond: 25_000_000,
          etaSeconds: 60,
        },
        files: [],
      });
    });
    expect(within(item).getByText('Renewing expired URLs')).toBeTruthy();
    const bar = within(item).getByRole('progressbar', { name: 'Progress of vision/mnist/resnet' });
    expect(bar.getAttribute('aria-valuetext')).toBe('25%');
    expect(item.textContent).toContain('500 MB of 2 GB');
    expect(item.textContent).toContain('25 MB/s');
    expect(item.textContent).toContain('1 min left');

    act(() =>
      bridge.emit('transfers.onEvent', {
        type: 'listing',
        transferId: 't1',
        files: 3,
        bytes: 2_000_000_000,
        skipped: 2,
        done: false,
      }),
    );
    expect(item.textContent).toContain('3 files (still reading folders)');
    expect(item.textContent).toContain('2 paths left out');
  });

  it('adds transfers that start while open', async () => {
    const bridge = renderTransfers();
    await screen.findByText(/No transfers yet/);
    act(() =>
      bridge.emit('transfers.onEvent', { type: 'created', transfer: transfer('t9', 'queued') }),
    );
    expect(await screen.findByRole('listitem', { name: ITEM })).toBeTruthy();
    expect(screen.queryByText(/No transfers yet/)).toBeNull();
  });

  it('pauses, resumes, retries and cancels', async () => {
    const bridge = renderTransfers({
      'transfers.list': { transfers: [transfer('t1', 'running')], nextBeforeId: null },
      'transfers.pause': transfer('t1', 'paused'),
      'transfers.resume': transfer('t1', 'failed', {
        error: { code: 'EXPIRED', message: 'URL expired' },
      }),
      'transfers.retry': transfer('t1', 'running'),
      'transfers.cancel': transfer('t1', 'cancelled'),
    });
    const item = await screen.findByRole('listitem', { name: ITEM });
    await userEvent.click(within(item).getByRole('button', { name: 'Pause vision/mnist/resnet' }));
    expect(await within(item).findByText('Paused')).toBeTruthy();
    await userEvent.click(within(item).getByRole('button', { name: 'Resume vision/mnist/resnet' }));
    expect(await within(item).findByText('Failed: URL expired')).toBeTruthy();
    await userEvent.click(within(item).getByRole('button', { name: 'Retry vision/mnist/resnet' }));
    await userEvent.click(
      await within(item).findByRole('button', { name: 'Cancel vision/mnist/resnet' }),
    );
    expect(await within(item).findByText('Cancelled')).toBeTruthy();
    expect(within(item).queryByRole('button', { name: /^Cancel / })).toBeNull();
    expect(
      bridge.calls.map((call) => call.method).filter((name) => name !== 'transfers.list'),
    ).toEqual(['transfers.pause', 'transfers.resume', 'transfers.retry', 'transfers.cancel']);
    expect(requestsOf(bridge, 'transfers.cancel')).toEqual([{ transferId: 't1' }]);
  });

  it('shows files with per-file progress', async () => {
    const bridge = renderTransfers({
      'transfers.list': { transfers: [transfer('t1', 'running')], nextBeforeId: null },
      'transfers.show': {
        transfer: transfer('t1', 'running'),
        files: {
          items: [
            {
              path: 'model.pt',
              localPath: '/d/model.pt',
              size: 1000,
              state: 'uploading',
              bytesDone: 100,
              md5: null,
              error: null,
              updatedAt: T0,
            },
            {
              path: 'config.yaml',
              localPath: '/d/config.yaml',
              size: 0,
              state: 'deduplicated',
              bytesDone: 0,
              md5: 'x',
              error: null,
              updatedAt: T0,
            },
          ],
          nextCursor: null,
          totalCount: 2,
        },
      },
    });
    const item = await screen.findByRole('listitem', { name: ITEM });
    await userEvent.click(within(item).getByRole('button', { name: 'Show files' }));
    const files = await within(item).findByRole('list', { name: 'Files of transfer t1' });
    const model = within(files).getByRole('progressbar', { name: 'Progress of model.pt' });
    expect(model.getAttribute('aria-valuetext')).toBe('10%');
    expect(
      within(files)
        .getByRole('progressbar', { name: 'Progress of config.yaml' })
        .getAttribute('aria-valuetext'),
    ).toBe('100%');
    expect(within(files).getByText('Already stored')).toBeTruthy();

    act(() =>
      bridge.emit('transfers.onEvent', {
        type: 'progress',
        transferId: 't1',
        transfer: { bytesDone: 600, bytesTotal: 1000, rateBytesPerSecond: 10, etaSeconds: 40 },
        files: [
          {
            path: 'model.pt',
            bytesDone: 600,
            bytesTotal: 1000,
            rateBytesPerSecond: 10,
            etaSeconds: 40,
          },
        ],
      }),
    );
    expect(model.getAttribute('aria-valuetext')).toBe('60%');
    expect(requestsOf(bridge, 'transfers.show')[0]).toMatchObject({
      transferId: 't1',
      cursor: null,
    });
  });

  it('copies the error report and exports results', async () => {
    const failed = transfer('t1', 'failed', {
      error: { code: 'COMMIT_FAILED', message: 'digest mismatch' },
    });
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void copied.push(text) },
    });
    const bridge = renderTransfers({
      'transfers.list': { transfers: [failed], nextBeforeId: null },
      'transfers.show': { transfer: failed, files: { items: [], nextCursor: null, totalCount: 0 } },
      'transfers.exportResults': { path: '/home/alice/t1.csv', files: 2 },
    });
    const item = await screen.findByRole('listitem', { name: ITEM });
    await userEvent.click(within(item).getByRole('button', { name: 'Show files' }));
    await userEvent.click(await within(item).findByRole('button', { name: 'Copy report' }));
    await within(item).findByText('Copied.');
    expect(JSON.parse(copied[0]!).transfer.error).toEqual({
      code: 'COMMIT_FAILED',
      message: 'digest mismatch',
    });

    await userEvent.click(within(item).getByRole('button', { name: 'Export CSV…' }));
    expect(
      await within(item).findByText("Saved 2 files' results to /home/alice/t1.csv"),
    ).toBeTruthy();
    expect(requestsOf(bridge, 'transfers.exportResults')).toEqual([
      { transferId: 't1', format: 'csv' },
    ]);
  });

  it('loads older history on request', async () => {
    const bridge = renderTransfers({
      'transfers.list': (request: { beforeId: string | null }) =>
        request.beforeId === null
          ? { transfers: [transfer('t2', 'completed')], nextBeforeId: 't2' }
          : {
              transfers: [transfer('t1', 'completed', { kind: 'download-artifact' })],
              nextBeforeId: null,
            },
    });
    await screen.findByRole('listitem', { name: ITEM });
    await userEvent.click(screen.getByRole('button', { name: 'Show older transfers' }));
    await waitFor(() => expect(screen.getAllByRole('listitem', { name: ITEM })).toHaveLength(2));
    expect(requestsOf(bridge, 'transfers.list')).toEqual([
      { limit: 100, beforeId: null },
      { limit: 100, beforeId: 't2' },
    ]);
    expect(screen.getByText('Artifact download')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show older transfers' })).toBeNull();
  });

  it('explains a failure in Japanese', async () => {
    const message = 'Cannot write "a.bin": ENOSPC: no space left on device.';
    renderTransfers(
      {
        'transfers.list': {
          transfers: [transfer('t1', 'failed', { error: { code: 'DISK_FULL', message } })],
          nextBeforeId: null,
        },
      },
      'ja',
    );
    const item = await screen.findByRole('listitem', { name: '転送 vision/mnist/resnet' });

    expect(
      within(item).getByText(
        '失敗: ディスクの空き容量が不足しています。空き容量を確保してから再試行してください。',
      ),
    ).toBeTruthy();
    expect(within(item).getByText(message)).toBeTruthy();
  });

  it('speaks Japanese', async () => {
    const bridge = renderTransfers(
      { 'transfers.list': { transfers: [transfer('t1', 'running')], nextBeforeId: null } },
      'ja',
    );
    const item = await screen.findByRole('listitem', { name: '転送 vision/mnist/resnet' });
    act(() =>
      bridge.emit('transfers.onEvent', {
        type: 'state',
        transferId: 't1',
        path: null,
        state: 'hashing',
        error: null,
      }),
    );
    expect(within(item).getByText('チェックサムを計算中')).toBeTruthy();
    expect(
      within(item).getByRole('button', { name: 'vision/mnist/resnet を一時停止' }),
    ).toBeTruthy();
    expect(within(item).getByText('アーティファクトのアップロード')).toBeTruthy();
  });
});
