// The data the shell loads once per window: the signed-in session, the settings and the
// user's teams. Main's pushes keep the session and the settings current.
import { useCallback, useEffect, useState } from 'react';

import type { Language, Session, Settings, SettingsView, Team } from '../../../shared/ipc/index';
import { request, useBridge } from '../bridge';
import { type Loaded, useLoad } from './requests';

export interface SessionState {
  /** Undefined while loading, null when signed out. */
  session: Session | null | undefined;
  error: ReturnType<typeof useLoad>['error'];
  reload: () => void;
  setSession: (session: Session | null) => void;
}

export function useSession(): SessionState {
  const bridge = useBridge();
  const loaded = useLoad(() => request(bridge.auth.session()), 'session');
  // The latest pushed or set session, which is newer than the loaded one.
  const [latest, setLatest] = useState<{ session: Session | null } | null>(null);

  useEffect(() => bridge.auth.onSessionChanged((session) => setLatest({ session })), [bridge]);

  const setSession = useCallback((session: Session | null) => setLatest({ session }), []);

  return {
    session: latest !== null ? latest.session : loaded.data,
    error: latest !== null ? null : loaded.error,
    reload: loaded.reload,
    setSession,
  };
}

export interface SettingsState extends Loaded<SettingsView> {
  /** Saves the given fields; rejects with IpcRequestError when main refuses them. */
  update: (changes: Partial<Settings>) => Promise<SettingsView>;
}

export function useSettings(): SettingsState {
  const bridge = useBridge();
  const loaded = useLoad(() => request(bridge.settings.get()), 'settings');
  const [latest, setLatest] = useState<SettingsView | null>(null);

  useEffect(() => bridge.settings.onChanged(setLatest), [bridge]);

  const update = useCallback(
    async (changes: Partial<Settings>) => {
      const view = await request(bridge.settings.update(changes));
      setLatest(view);
      return view;
    },
    [bridge],
  );

  return { ...loaded, data: latest ?? loaded.data, update };
}

/** Returns the language the UI shows for these settings: the chosen one, or the OS's for `system`. */
export function effectiveLanguage(view: SettingsView): Language {
  return view.settings.language === 'system' ? view.systemLanguage : view.settings.language;
}

/** Loads the teams once per profile; `reload` after an admin creates a team. */
export function useTeams(profileId: string): Loaded<Team[]> {
  const bridge = useBridge();
  return useLoad(async () => (await request(bridge.teams.list())).teams, `teams:${profileId}`);
}
