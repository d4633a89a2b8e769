// One i18next instance per app (and per component test). Both catalogues are bundled, so
// switching language loads nothing at run time.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

import { LANGUAGES, languageForLocale, type Language } from '../../../shared/ipc/index';
import en from '../locales/en.json';
import ja from '../locales/ja.json';

export const CATALOGUES = { en, ja } as const;

/** Creates an initialised i18next instance showing `language`. */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: { en: { translation: en }, ja: { translation: ja } },
    // React escapes text itself, so i18next must not escape it a second time.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

/** The language of the OS or browser locale, used until settings arrive from main. */
export function localeLanguage(): Language {
  return languageForLocale(navigator.language || 'en');
}
