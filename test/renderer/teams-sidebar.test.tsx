// Teams sidebar: where each team's files live, and the loading, empty, error and Japanese states.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { IpcRequestError, ipcError, type Team } from '../../shared/ipc/index';
import type { Loaded } from '../../renderer/src/hooks/requests';
import { TeamsSidebar } from '../../renderer/src/screens/teams/TeamsSidebar';
import { createFakeBridge, TEAMS } from './support/fake-bridge';
import { renderWith } from './support/render';

function loaded(state: Partial<Loaded<Team[]>>): Loaded<Team[]> {
  return { data: undefined, loading: false, error: null, reload: () => undefined, ...state };
}

function renderSidebar(teams: Loaded<Team[]>, language: 'en' | 'ja' = 'en') {
  const selected: string[] = [];
  renderWith(
    <TeamsSidebar teams={teams} selected="vision" onSelect={(name) => selected.push(name)} />,
    createFakeBridge(),
    language,
  );
  return selected;
}

describe('TeamsSidebar', () => {
  it('shows where each team keeps its files', () => {
    renderSidebar(loaded({ data: TEAMS }));
    const vision = screen.getByRole('button', { name: /vision/ });
    expect(vision.textContent).toContain('Team bucket');
    expect(vision.textContent).toContain('Amazon S3');
    expect(vision.textContent).toContain('vision-data/byob');
    const demo = screen.getByRole('button', { name: /demo/ });
    expect(demo.textContent).toContain('Instance bucket');
    expect(demo.textContent).toContain('Azure Blob Storage');
  });

  it('marks the selected team and selects another', async () => {
    const selected = renderSidebar(loaded({ data: TEAMS }));
    expect(screen.getByRole('button', { name: /vision/ }).getAttribute('aria-current')).toBe(
      'true',
    );
    await userEvent.click(screen.getByRole('button', { name: /demo/ }));
    expect(selected).toEqual(['demo']);
  });

  it('shows loading', () => {
    renderSidebar(loaded({ loading: true }));
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('shows the empty state', () => {
    renderSidebar(loaded({ data: [] }));
    expect(screen.getByText('You are not a member of any team yet.')).toBeTruthy();
  });

  it('shows an error', () => {
    const error = new IpcRequestError(ipcError('NETWORK', 'connect ECONNREFUSED 127.0.0.1:8080'));
    renderSidebar(loaded({ error }));
    expect(screen.getByRole('alert').textContent).toContain('The host could not be reached.');
  });

  it('says when storage is not reported', () => {
    renderSidebar(loaded({ data: [{ name: 'legacy', storage: null }] }));
    expect(screen.getByText('Storage not reported')).toBeTruthy();
  });

  it('speaks Japanese', () => {
    renderSidebar(loaded({ data: TEAMS }), 'ja');
    expect(screen.getByRole('heading', { name: 'チーム' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /vision/ }).textContent).toContain(
      'チームのバケット',
    );
  });
});
