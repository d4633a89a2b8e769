// Renders a component or the whole app with a fake bridge and an i18n instance of its own.
import { render } from '@testing-library/react';
import { useState, type ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';

import { App } from '../../../renderer/src/app/App';
import { BridgeProvider } from '../../../renderer/src/bridge';
import { createI18n } from '../../../renderer/src/i18n/setup';
import { BrowseScreen } from '../../../renderer/src/screens/browse/BrowseScreen';
import type { BrowseLocation } from '../../../renderer/src/screens/browse/navigation';
import type { FakeBridge } from './fake-bridge';

export function renderWith(ui: ReactElement, bridge: FakeBridge, language: 'en' | 'ja' = 'en') {
  const i18n = createI18n(language);
  const result = render(
    <BridgeProvider bridge={bridge}>
      <I18nextProvider i18n={i18n}>{ui}</I18nextProvider>
    </BridgeProvider>,
  );
  return { ...result, i18n };
}

export function renderApp(bridge: FakeBridge, language: 'en' | 'ja' = 'en') {
  const i18n = createI18n(language);
  return { ...render(<App bridge={bridge} i18n={i18n} />), i18n };
}

/** Browse of the team `vision`, holding its location as the shell does. */
export function BrowseHarness({ onShowTransfers }: { onShowTransfers: () => void }) {
  const [location, setLocation] = useState<BrowseLocation>({ view: 'projects' });
  return (
    <BrowseScreen
      entity="vision"
      teamsLoading={false}
      location={location}
      onNavigate={setLocation}
      onShowTransfers={onShowTransfers}
    />
  );
}
