// Settings: transfer tuning, proxy, download folder and language. Language applies at once;
// the other fields apply on Save to transfers started or resumed afterwards.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { LANGUAGE_SETTINGS } from '../../../../shared/ipc/index';
import { ErrorNotice, Field, Loading, Notice } from '../../components/ui';
import { useAction } from '../../hooks/requests';
import type { SettingsState } from '../../hooks/app-data';
import { SettingsForm } from './SettingsForm';

const LANGUAGE_NAMES = { ja: '日本語', en: 'English' } as const;

export function SettingsScreen({ settings }: { settings: SettingsState }) {
  const { t } = useTranslation();
  const languageChange = useAction();
  const [saved, setSaved] = useState(false);
  const view = settings.data;

  if (view === undefined) {
    if (settings.error) return <ErrorNotice error={settings.error} onRetry={settings.reload} />;
    return <Loading />;
  }

  const changeLanguage = (language: (typeof LANGUAGE_SETTINGS)[number]) =>
    languageChange.run(() => settings.update({ language }));

  return (
    <main className="settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings.heading')}</h1>

      <section className="card">
        <Field label={t('settings.language')}>
          <select
            value={view.settings.language}
            onChange={(event) =>
              void changeLanguage(event.target.value as (typeof LANGUAGE_SETTINGS)[number])
            }
          >
            {LANGUAGE_SETTINGS.map((language) => (
              <option
                key={language}
                value={language}
                lang={language === 'system' ? undefined : language}
              >
                {language === 'system'
                  ? t('settings.languageSystem', { language: LANGUAGE_NAMES[view.systemLanguage] })
                  : LANGUAGE_NAMES[language]}
              </option>
            ))}
          </select>
        </Field>
        {languageChange.error && <ErrorNotice error={languageChange.error} />}
      </section>

      <SettingsForm
        key={JSON.stringify(view.settings)}
        view={view}
        update={settings.update}
        onSaved={() => setSaved(true)}
        onEdited={() => setSaved(false)}
      />
      {saved && <Notice>{t('settings.saved')}</Notice>}
    </main>
  );
}
