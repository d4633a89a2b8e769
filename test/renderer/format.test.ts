// Locale formatting of sizes, rates, durations and times.
import { describe, expect, it } from 'vitest';

import {
  formatBytes,
  formatDateTime,
  formatDuration,
  formatRate,
} from '../../renderer/src/i18n/format';

describe('formatBytes', () => {
  it.each([
    [0, 'en', '0 B'],
    [999, 'en', '999 B'],
    [999, 'ja', '999 B'],
    [1500, 'en', '1.5 kB'],
    [2_500_000_000, 'en', '2.5 GB'],
    [2_500_000_000, 'ja', '2.5 GB'],
  ])('formats %d in %s', (bytes, language, text) => {
    expect(formatBytes(bytes, language)).toBe(text);
  });
});

describe('formatRate', () => {
  it('formats English and Japanese rates', () => {
    expect(formatRate(12_300_000, 'en')).toBe('12.3 MB/s');
    expect(formatRate(12_300_000, 'ja')).toBe('12.3 MB/秒');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, 'en', '0 sec'],
    [45, 'en', '45 sec'],
    [3725, 'en', '1 hr, 2 min'],
    [3725, 'ja', '1 時間 2 分'],
    [7200, 'en', '2 hr'],
  ])('formats %d seconds in %s', (seconds, language, text) => {
    expect(formatDuration(seconds, language)).toBe(text);
  });
});

describe('formatDateTime', () => {
  it('formats a time per locale', () => {
    const iso = '2026-11-30T10:05:00.000Z';
    expect(formatDateTime(iso, 'ja')).toMatch(/^2026\/11\/30 \d{1,2}:05$/);
    expect(formatDateTime(iso, 'en')).toMatch(/^Nov 30, 2026, \d{1,2}:05\s[AP]M$/);
  });

  it('returns text that is not a time unchanged', () => {
    expect(formatDateTime('soon', 'en')).toBe('soon');
  });
});
