// Sizes, rates, durations and times formatted with Intl for the current language, and a hook
// that binds them to the language the UI shows. Sizes use decimal units (1 kB = 1,000 bytes)
// because those are the units Intl can name.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

function scaled(bytes: number): { value: number; unit: (typeof SIZE_UNITS)[number] } {
  let value = bytes;
  let index = 0;
  while (Math.abs(value) >= 1000 && index < SIZE_UNITS.length - 1) {
    value /= 1000;
    index += 1;
  }
  return { value, unit: SIZE_UNITS[index] ?? 'byte' };
}

/** Formats a byte count, such as "1.5 GB". */
export function formatBytes(bytes: number, language: string): string {
  const { value, unit } = scaled(bytes);
  // Intl's short form of a byte is "byte" and its narrow form drops the space ("32B"), so
  // byte counts get the symbol B after a space, like the other units.
  if (unit === 'byte') {
    return `${new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(value)} B`;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/** Formats a transfer rate in bytes per second, such as "12.3 MB/s". */
export function formatRate(bytesPerSecond: number, language: string): string {
  const { value, unit } = scaled(bytesPerSecond);
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: `${unit}-per-second`,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/** Formats a count with the language's digit grouping. */
export function formatCount(count: number, language: string): string {
  return new Intl.NumberFormat(language).format(count);
}

/** Formats a percentage from a 0-1 fraction, such as "42%". */
export function formatPercent(fraction: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(
    fraction,
  );
}

/**
 * Formats seconds as hours, minutes and seconds, such as "1 hr, 5 min" or "1 時間 5 分". Intl has no
 * DurationFormat in Node 20 or Chromium before 129, so the parts are joined with ListFormat.
 */
export function formatDuration(totalSeconds: number, language: string): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const parts: [number, string][] = [
    [Math.floor(seconds / 3600), 'hour'],
    [Math.floor((seconds % 3600) / 60), 'minute'],
    [seconds % 60, 'second'],
  ];

  // Show the two largest units from the first non-zero one: "2 hr, 5 min", not "2 hr, 5 min, 12 sec".
  const firstNonZero = parts.findIndex(([value]) => value > 0);
  const displayed = firstNonZero === -1 ? [parts[2]!] : parts.slice(firstNonZero, firstNonZero + 2);
  const words = displayed
    .filter(([value], index) => value > 0 || index === 0)
    .map(([value, unit]) =>
      new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(value),
    );
  return new Intl.ListFormat(language, { type: 'unit', style: 'short' }).format(words);
}

/** Formats an ISO 8601 time as a date and a time, or returns the input when it does not parse. */
export function formatDateTime(iso: string, language: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    time,
  );
}

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
