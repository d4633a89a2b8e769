// Settings screen: saving transfer settings in main's units, language switching, and the
// loading, error and Japanese states.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { Settings, SettingsView } from '../../shared/ipc/index';
import { renderApp } from './support/render';
import {
  createFakeBridge,
  fail,
  pending,
  requestsOf,
  settingsView,
  type Answers,
} from './support/fake-bridge';

// Settings are opened through the app, so the language change reaches the whole window.
async function openSettings(answers: Answers = {}, language: 'en' | 'ja' = 'en') {
  let view = settingsView(language);
  const bridge = createFakeBridge({
    'settings.get': () => view,
    'settings.update': (changes: Partial<Settings>): SettingsView => {
      view = { ...view, settings: { ...view.settings, ...changes } };
      return view;
    },
    ...answers,
  });
  renderApp(bridge, language);
  await userEvent.click(
    await screen.findByRole('button', { name: language === 'ja' ? '設定' : 'Settings' }),
  );
  return bridge;
}

describe('SettingsScreen', () => {
  it('saves transfer settings in bytes', async () => {
    const bridge = await openSettings();
    const concurrency = await screen.findByLabelText('Parallel requests');
    await userEvent.clear(concurrency);
    await userEvent.type(concurrency, '4');
    const partSize = screen.getByLabelText('Part size (MiB)');
    await userEvent.clear(partSize);
    await userEvent.type(partSize, '64');
    await userEvent.type(screen.getByLabelText('Bandwidth limit (MiB/s)'), '2.5');
    await userEvent.click(screen.getByLabelText('Use this proxy'));
    await userEvent.type(screen.getByLabelText('Proxy address'), 'http://proxy.lab:3128');
    await userEvent.click(screen.getByRole('button', { name: 'Choose…' }));
    await screen.findByText('/home/alice/data');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText(/Settings saved/);
    expect(requestsOf(bridge, 'settings.update')).toEqual([
      {
        concurrency: 4,
        partSize: 64 * 1024 * 1024,
        bandwidthLimit: 2.5 * 1024 * 1024,
        proxy: { mode: 'manual', url: 'http://proxy.lab:3128', noProxy: null },
        downloadFolder: '/home/alice/data',
      },
    ]);
  });

  it('shows the default download folder', async () => {
    await openSettings();
    expect(await screen.findByText('Default: /home/alice/Downloads')).toBeTruthy();
  });

  it('shows what main rejected', async () => {
    await openSettings({
      'settings.update': fail(
        'INVALID_REQUEST',
        'partSize: Too small: expected number to be >=5242880',
        {
          fields: ['partSize'],
        },
      ),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Check these fields: partSize');
    expect(alert.textContent).toContain('>=5242880');
  });

  it('switches the language at once', async () => {
    const bridge = await openSettings();
    await userEvent.selectOptions(await screen.findByLabelText('Language'), 'ja');
    expect(await screen.findByRole('heading', { name: '設定' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '転送' })).toBeTruthy();
    expect(requestsOf(bridge, 'settings.update')).toEqual([{ language: 'ja' }]);
  });

  it('offers the system language by name', async () => {
    await openSettings();
    expect(
      await screen.findByRole('option', { name: 'Same as the system (English)' }),
    ).toBeTruthy();
    expect(screen.getByRole('option', { name: '日本語' })).toBeTruthy();
  });

  it('shows loading and error states', async () => {
    await openSettings({ 'settings.get': () => pending() });
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('shows an error when settings cannot load', async () => {
    await openSettings({ 'settings.get': fail('FILE_SYSTEM', 'EACCES settings.json') });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('EACCES settings.json');
  });

  it('speaks Japanese', async () => {
    await openSettings({}, 'ja');
    expect(await screen.findByLabelText('並列リクエスト数')).toBeTruthy();
    expect(screen.getByLabelText('帯域制限（MiB/s）')).toBeTruthy();
    expect(screen.getByRole('button', { name: '保存' })).toBeTruthy();
    await waitFor(() => expect(document.documentElement.lang).toBe('ja'));
  });
});
