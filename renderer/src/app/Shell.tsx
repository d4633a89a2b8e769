// The signed-in window: a header with the screens and the account, the teams sidebar, and the
// screen in view. Screens stay small; the shell only decides which one shows.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Session } from '../../../shared/ipc/index';
import { request, useBridge } from '../bridge';
import { type SettingsState, useTeams } from '../hooks/app-data';
import { useTransfers } from '../hooks/useTransfers';
import { AdminScreen } from '../screens/admin/AdminScreen';
import { BrowseScreen } from '../screens/browse/BrowseScreen';
import type { BrowseLocation } from '../screens/browse/navigation';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { profileLabel } from '../screens/signin/SavedProfiles';
import { TeamsSidebar } from '../screens/teams/TeamsSidebar';
import { TransfersScreen } from '../screens/transfers/TransfersScreen';

export type View = 'browse' | 'transfers' | 'settings' | 'admin';

interface ShellProps {
  session: Session;
  settings: SettingsState;
  onSignedOut: () => void;
}

export function Shell({ session, settings, onSignedOut }: ShellProps) {
  const { t } = useTranslation();
  const bridge = useBridge();
  const teams = useTeams(session.profile.id);
  const transfers = useTransfers();
  const active = transfers.queue.order.filter((id) => {
    const state = transfers.queue.transfers[id]?.state;
    return state === 'running' || state === 'queued';
  }).length;
  const [view, setView] = useState<View>('browse');
  const [chosenTeam, setChosenTeam] = useState<string | null>(null);
  // Browse's place per team, kept while other screens show.
  const [locations, setLocations] = useState<Record<string, BrowseLocation>>({});

  // The first team until the user picks one.
  const team = chosenTeam ?? teams.data?.[0]?.name ?? null;

  const views: View[] = session.viewer.admin
    ? ['browse', 'transfers', 'settings', 'admin']
    : ['browse', 'transfers', 'settings'];

  const signOut = async () => {
    await request(bridge.auth.signOut()).catch(() => null);
    onSignedOut();
  };

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul className="tabs">
            {views.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  aria-current={view === name ? 'page' : undefined}
                  onClick={() => setView(name)}
                >
                  {t(`nav.${name}`)}
                  {name === 'transfers' && active > 0 && (
                    <>
                      <span className="badge" aria-hidden="true">
                        {active}
                      </span>
                      <span className="visually-hidden">
                        {t('nav.activeTransfers', { count: active })}
                      </span>
                    </>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <span className="account small">
          {t('nav.signedInAs', {
            user: session.viewer.username,
            host: profileLabel(session.profile, t),
          })}
        </span>
        <button type="button" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </header>

      <div className="body">
        {view === 'browse' && (
          <TeamsSidebar teams={teams} selected={team} onSelect={setChosenTeam} />
        )}
        <div className="content">
          {view === 'browse' && (
            <BrowseScreen
              key={team ?? ''}
              entity={team}
              teamsLoading={teams.loading}
              location={(team !== null && locations[team]) || { view: 'projects' }}
              onNavigate={(location) => {
                if (team !== null) setLocations({ ...locations, [team]: location });
              }}
              onShowTransfers={() => setView('transfers')}
            />
          )}
          {view === 'transfers' && <TransfersScreen transfers={transfers} />}
          {view === 'settings' && <SettingsScreen settings={settings} />}
          {view === 'admin' && <AdminScreen onTeamCreated={teams.reload} />}
        </div>
      </div>
    </div>
  );
}
