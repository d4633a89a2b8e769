// The app's settings as main stores them, kept current by main's change events.
import { useCallback, useEffect, useState } from 'react';

import type { Language, Settings, SettingsView } from '../../../shared/ipc/index';
import { request, useBridge } from '../bridge';
import { useLoad, type Loaded } from './useLoad';

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

/** The language the UI shows for these settings: the chosen one, or the OS's for `system`. */
export function effectiveLanguage(view: SettingsView): Language {
  return view.settings.language === 'system' ? view.systemLanguage : view.settings.language;
}
