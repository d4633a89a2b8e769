// The signed-in session: read once from main, then kept current by main's pushes and by the
// sign-in screen, which passes the session it just received.
import { useCallback, useEffect, useState } from 'react';

import type { Session } from '../../../shared/ipc/index';
import { request, useBridge } from '../bridge';
import { useLoad } from './useLoad';

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
