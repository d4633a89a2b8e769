// The `settings` namespace: transfer tuning, proxy, download folder and language. Main stores
// them in the app's data folder. Concurrency, part size, bandwidth limit and proxy apply to
// transfers started or resumed after the change.
import { z } from 'zod';

import { DEFAULT_PART_SIZE, MAX_PART_SIZE, MIN_PART_SIZE } from '../transfer/part-plan';
import { event, invoke } from './define';
import { localPathSchema, noRequest } from './values';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A language setting: one of LANGUAGES, or `system` to follow the OS locale. */
export const LANGUAGE_SETTINGS = [...LANGUAGES, 'system'] as const;

/**
 * `none`: connect directly. `environment`: HTTP_PROXY, HTTPS_PROXY and NO_PROXY. `manual`: the
 * `url` given here, with `noProxy` as a comma-separated list of hosts to reach directly.
 */
export const PROXY_MODES = ['none', 'environment', 'manual'] as const;

const proxyUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value), 'must be an http:// or https:// address');

export const proxySettingsSchema = z
  .strictObject({
    mode: z.enum(PROXY_MODES),
    url: proxyUrl.nullable().default(null),
    noProxy: z.string().trim().max(4096).nullable().default(null),
  })
  .refine((value) => value.mode !== 'manual' || value.url !== null, {
    message: 'give the proxy address for the manual mode',
    path: ['url'],
  });

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 64;

export const settingsSchema = z.strictObject({
  /** Storage requests in flight across all transfers. */
  concurrency: z.int().min(1).max(MAX_CONCURRENCY),
  /** Bytes per part of a multipart upload or Azure block, 5 MiB to 5 GiB (S3's limits). */
  partSize: z.int().min(MIN_PART_SIZE).max(MAX_PART_SIZE),
  /** Limit of all transfers together in bytes per second, at least 64 KiB/s; null for none. */
  bandwidthLimit: z
    .int()
    .min(64 * 1024)
    .nullable(),
  proxy: proxySettingsSchema,
  /** Folder that downloads go to by default; null for the OS's Downloads folder. */
  downloadFolder: localPathSchema.nullable(),
  language: z.enum(LANGUAGE_SETTINGS),
});

export type Settings = z.output<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  concurrency: DEFAULT_CONCURRENCY,
  partSize: DEFAULT_PART_SIZE,
  bandwidthLimit: null,
  proxy: { mode: 'none', url: null, noProxy: null },
  downloadFolder: null,
  language: 'system',
};

const settingsView = z.strictObject({
  settings: settingsSchema,
  /** The language that `system` means on this computer. */
  systemLanguage: z.enum(LANGUAGES),
  /** The download folder that null means on this computer. */
  defaultDownloadFolder: z.string(),
});

export type SettingsView = z.output<typeof settingsView>;

export const settings = {
  get: invoke('settings:get', noRequest, settingsView),
  /** Changes the given fields and returns every setting. */
  update: invoke('settings:update', settingsSchema.partial().strict(), settingsView),
  onChanged: event('settings:changed', settingsView),
} as const;

/** Returns `ja` for a Japanese locale tag such as `ja-JP`, else `en`. */
export function languageForLocale(locale: string): Language {
  return /^ja(?:[-_]|$)/i.test(locale) ? 'ja' : 'en';
}
