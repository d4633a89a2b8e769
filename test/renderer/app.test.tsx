// The root: session loading, signed-out and signed-in states, language from the settings.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import {
  createFakeBridge,
  fail,
  pending,
  requestsOf,
  SESSION,
  settingsView,
  untilSubscribed,
} from './support/fake-bridge';
import { renderApp } from './support/render';

describe('App', () => {
  it('shows loading while the session is unknown', () => {
    renderApp(createFakeBridge({ 'auth.session': () => pending() }));
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('shows sign-in when signed out', async () => {
    renderApp(createFakeBridge({ 'auth.session': null }));
    expect(await screen.findByRole('heading', { name: 'Sign in with an API key' })).toBeTruthy();
  });

  it('shows the session error with a retry', async () => {
    const bridge = createFakeBridge({ 'auth.session': fail('INTERNAL', 'journal locked') });
    renderApp(bridge);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Something went wrong inside the app.');
    expect(alert.textContent).toContain('journal locked');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(requestsOf(bridge, 'auth.session')).toHaveLength(2));
  });

  it('shows the shell with teams when signed in', async () => {
    renderApp(createFakeBridge());
    expect(await screen.findByRole('button', { name: /vision/ })).toBeTruthy();
    expect(screen.getByText('alice on Local sandbox')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Admin' })).toBeTruthy();
  });

  it('hides Admin from non-admins', async () => {
    const viewer = { ...SESSION.viewer, admin: false };
    renderApp(createFakeBridge({ 'auth.session': { ...SESSION, viewer } }));
    await screen.findByRole('button', { name: /vision/ });
    expect(screen.queryByRole('button', { name: 'Admin' })).toBeNull();
  });

  it('switches to Japanese from the settings', async () => {
    renderApp(createFakeBridge({ 'settings.get': settingsView('ja') }));
    expect(await screen.findByRole('button', { name: '転送' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'サインアウト' })).toBeTruthy();
    expect(screen.getByText('alice（ローカルサンドボックス）')).toBeTruthy();
    expect(document.documentElement.lang).toBe('ja');
  });

  it('counts running transfers on the Transfers tab', async () => {
    const bridge = createFakeBridge();
    renderApp(bridge);
    await screen.findByRole('button', { name: 'Transfers' });
    await untilSubscribed(bridge, 'transfers.onEvent');
    const transfer = {
      id: 't1',
      kind: 'download-run-files',
      state: 'running',
      target: {
        host: 'h',
        entity: 'vision',
        project: 'mnist',
        artifactName: null,
        artifactType: null,
        aliases: [],
        artifactVersion: null,
        runId: 'r1',
        downloadRoot: '/d',
      },
      totalFiles: 1,
      totalBytes: 1,
      bytesDone: 0,
      listingComplete: true,
      artifactId: null,
      error: null,
      createdAt: 't',
      updatedAt: 't',
    };
    act(() => bridge.emit('transfers.onEvent', { type: 'created', transfer }));
    expect(
      await screen.findByRole('button', { name: /^Transfers\s*1 transfer running$/ }),
    ).toBeTruthy();
  });

  it('keeps the Browse location across screens', async () => {
    const projects = {
      items: [{ name: 'mnist', entity: 'vision', createdAt: 't' }],
      nextCursor: null,
      totalCount: 1,
    };
    renderApp(createFakeBridge({ 'browse.projects': projects }));
    const list = await screen.findByRole('listbox', { name: 'Projects' });
    await userEvent.click(within(list).getByRole('option', { name: /mnist/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await userEvent.click(screen.getByRole('button', { name: 'Browse' }));
    expect(await screen.findByRole('tab', { name: 'Artifacts' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Location' }).textContent).toContain('mnist');
  });

  it('returns to sign-in after signing out', async () => {
    const bridge = createFakeBridge();
    renderApp(bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in with an API key' })).toBeTruthy();
    expect(requestsOf(bridge, 'auth.signOut')).toHaveLength(1);
  });

  it('follows sessions that main pushes', async () => {
    const bridge = createFakeBridge({ 'auth.session': null });
    renderApp(bridge);
    await screen.findByRole('heading', { name: 'Sign in with an API key' });
    await untilSubscribed(bridge, 'auth.onSessionChanged');
    bridge.emit('auth.onSessionChanged', SESSION);
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeTruthy();
  });
});
