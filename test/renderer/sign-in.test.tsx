// Sign-in screen: the empty form, saved profiles, loading, errors in plain words, Japanese.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { WANDB_CLOUD_HOST, type Session } from '../../shared/ipc/index';
import { SignInScreen } from '../../renderer/src/screens/signin/SignInScreen';
import { createFakeBridge, fail, pending, requestsOf, SESSION } from './support/fake-bridge';
import { renderWith } from './support/render';

function renderSignIn(bridge = createFakeBridge(), language: 'en' | 'ja' = 'en') {
  const signedIn: Session[] = [];
  renderWith(<SignInScreen onSignedIn={(session) => signedIn.push(session)} />, bridge, language);
  return { bridge, signedIn };
}

async function submitKey(key: string) {
  await userEvent.type(screen.getByLabelText('API key'), key);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInScreen', () => {
  it('signs in to W&B cloud with a key', async () => {
    const { bridge, signedIn } = renderSignIn();
    await submitKey('  0123abcd  ');
    await waitFor(() => expect(signedIn).toHaveLength(1));
    expect(requestsOf(bridge, 'auth.signIn')).toEqual([
      { kind: 'wandb-cloud', host: WANDB_CLOUD_HOST, apiKey: '0123abcd', remember: true },
    ]);
  });

  it('signs in to a self-managed host', async () => {
    const { bridge } = renderSignIn();
    await userEvent.click(screen.getByLabelText('Dedicated or self-managed server'));
    await userEvent.type(screen.getByLabelText('Server address'), 'https://wandb.example.com');
    await userEvent.click(screen.getByLabelText('Remember the key on this computer'));
    await submitKey('k1');
    await waitFor(() => expect(requestsOf(bridge, 'auth.signIn')).toHaveLength(1));
    expect(requestsOf(bridge, 'auth.signIn')[0]).toEqual({
      kind: 'self-managed',
      host: 'https://wandb.example.com',
      apiKey: 'k1',
      remember: false,
    });
  });

  it('explains a wrong key', async () => {
    const bridge = createFakeBridge({
      'auth.signIn': fail('UNAUTHENTICATED', 'HTTP 401 from host', { reason: 'wrong-key' }),
    });
    const { signedIn } = renderSignIn(bridge);
    await submitKey('bad');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Wrong API key.');
    expect(signedIn).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', false);
  });

  it('explains an unreachable host', async () => {
    const bridge = createFakeBridge({
      'auth.signIn': fail('NETWORK', 'connect ECONNREFUSED', { reason: 'host-unreachable' }),
    });
    renderSignIn(bridge);
    await submitKey('k');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The host could not be reached.',
    );
  });

  it('explains an IP the platform refuses', async () => {
    const bridge = createFakeBridge({
      'auth.signIn': fail('FORBIDDEN', 'HTTP 403', { reason: 'ip-not-allowed' }),
    });
    renderSignIn(bridge);
    await submitKey('k');
    expect((await screen.findByRole('alert')).textContent).toContain(
      "This computer's IP address is not allowed",
    );
  });

  it('shows the busy label while signing in', async () => {
    renderSignIn(createFakeBridge({ 'auth.signIn': () => pending() }));
    await submitKey('k');
    expect(screen.getByRole('button', { name: 'Signing in…' })).toHaveProperty('disabled', true);
  });

  it('starts the local sandbox', async () => {
    const { bridge, signedIn } = renderSignIn();
    await userEvent.click(screen.getByRole('button', { name: 'Start the local sandbox' }));
    await waitFor(() => expect(signedIn).toEqual([SESSION]));
    expect(requestsOf(bridge, 'auth.startSandbox')).toHaveLength(1);
  });

  it('continues with a saved profile', async () => {
    const bridge = createFakeBridge({
      'auth.listProfiles': {
        profiles: [SESSION.profile],
        activeProfileId: null,
        keyEncryptionAvailable: true,
      },
    });
    renderSignIn(bridge);
    const button = await screen.findByRole('button', {
      name: 'Continue as alice on http://127.0.0.1:8080',
    });
    await userEvent.click(button);
    await waitFor(() => expect(requestsOf(bridge, 'auth.signIn')).toEqual([{ profileId: 'p1' }]));
  });

  it('removes a saved profile', async () => {
    const profiles = {
      profiles: [SESSION.profile],
      activeProfileId: null,
      keyEncryptionAvailable: true,
    };
    let listed = 0;
    const bridge = createFakeBridge({
      'auth.listProfiles': () => (listed++ === 0 ? profiles : { ...profiles, profiles: [] }),
      'auth.removeProfile': { ...profiles, profiles: [] },
    });
    renderSignIn(bridge);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Remove the sign-in Local sandbox' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Saved sign-ins' })).toBeNull(),
    );
    expect(requestsOf(bridge, 'auth.removeProfile')).toEqual([{ profileId: 'p1' }]);
  });

  it('warns when keys cannot be encrypted', async () => {
    renderSignIn(
      createFakeBridge({
        'auth.listProfiles': { profiles: [], activeProfileId: null, keyEncryptionAvailable: false },
      }),
    );
    expect(await screen.findByText(/kept only until the app quits/)).toBeTruthy();
  });

  it('shows loading while profiles load', () => {
    renderSignIn(createFakeBridge({ 'auth.listProfiles': () => pending() }));
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('speaks Japanese', async () => {
    const bridge = createFakeBridge({
      'auth.signIn': fail('FORBIDDEN', 'HTTP 403', { reason: 'ip-not-allowed' }),
    });
    renderSignIn(bridge, 'ja');
    expect(screen.getByRole('heading', { name: 'API キーでサインイン' })).toBeTruthy();
    await userEvent.type(screen.getByLabelText('API キー'), 'k');
    await userEvent.click(screen.getByRole('button', { name: 'サインイン' }));
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText(/IP アドレスはプラットフォームで許可されていません/),
    ).toBeTruthy();
  });
});
