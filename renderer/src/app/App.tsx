// The root: language from settings, then either the sign-in screen or the signed-in shell.
import type { i18n } from 'i18next';
import { useEffect } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';

import { BridgeProvider, type RendererBridge } from '../bridge';
import { ErrorNotice, Loading } from '../components/ui';
import { effectiveLanguage, type SettingsState, useSession, useSettings } from '../hooks/app-data';
import { SignInScreen } from '../screens/signin/SignInScreen';
import { Shell } from './Shell';

interface AppProps {
  bridge: RendererBridge;
  i18n: i18n;
}

export function App({ bridge, i18n }: AppProps) {
  return (
    <BridgeProvider bridge={bridge}>
      <I18nextProvider i18n={i18n}>
        <SessionGate />
      </I18nextProvider>
    </BridgeProvider>
  );
}

function SessionGate() {
  const settings = useSettings();
  const { session, error, reload, setSession } = useSession();
  useLanguage(settings);

  if (error) {
    return (
      <main className="centered">
        <ErrorNotice error={error} onRetry={reload} />
      </main>
    );
  }
  if (session === undefined) {
    return (
      <main className="centered">
        <Loading />
      </main>
    );
  }
  if (session === null) return <SignInScreen onSignedIn={setSession} />;
  return <Shell session={session} settings={settings} onSignedOut={() => setSession(null)} />;
}

// Shows the language the settings choose, and marks the document with it for screen readers
// and for fonts that differ between Japanese and English.
function useLanguage(settings: SettingsState) {
  const { i18n } = useTranslation();
  const language = settings.data ? effectiveLanguage(settings.data) : null;

  useEffect(() => {
    if (language !== null && i18n.language !== language) void i18n.changeLanguage(language);
  }, [i18n, language]);

  useEffect(() => {
    const apply = (lng: string) => {
      document.documentElement.lang = lng;
    };
    apply(i18n.language);
    i18n.on('languageChanged', apply);
    return () => i18n.off('languageChanged', apply);
  }, [i18n]);
}
