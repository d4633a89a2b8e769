// Formatters bound to the language the UI shows now.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatRate,
} from '../i18n/format';

export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;

  return useMemo(
    () => ({
      bytes: (value: number) => formatBytes(value, language),
      rate: (value: number) => formatRate(value, language),
      count: (value: number) => formatCount(value, language),
      percent: (value: number) => formatPercent(value, language),
      duration: (seconds: number) => formatDuration(seconds, language),
      dateTime: (iso: string) => formatDateTime(iso, language),
    }),
    [language],
  );
}
