// Schemas of values that many channels share: names, hosts, local paths, pages and times.
// They catch malformed input at the IPC boundary. The platform still applies its own naming
// rules, so these checks are deliberately looser than the platform's.
import { z } from 'zod';

// C0 control characters and DEL never belong in a name or a path that a user typed or dropped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Maximum length of an entity, project, run, collection or type name, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 256;

/** An entity (user or team), project, run or artifact type name. */
export const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_NAME_LENGTH)
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
  .refine((value) => !value.includes('/'), 'must not contain "/"')
  .refine((value) => value.trim() === value, 'must not start or end with a space');

/** An artifact collection name or alias: a name that also contains no ":". */
export const collectionNameSchema = nameSchema.refine(
  (value) => !value.includes(':'),
  'must not contain ":"',
);

/** A version (`v3`) or an alias (`latest`) inside a collection. */
export const versionSchema = collectionNameSchema;

/**
 * A path inside an artifact or a run: `/`-separated and relative. The 1,024 limit here counts
 * UTF-16 code units; the engine checks the limit in UTF-8 bytes.
 */
export const logicalPathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
  .refine((value) => !value.startsWith('/'), 'must be relative, without a leading "/"');

// Absolute on POSIX ("/home/…"), or on Windows with a drive ("C:\…") or a UNC share ("\\server\…").
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\[^\\])/;

/** An absolute local path, such as a dropped file or a download folder. */
export const localPathSchema = z
  .string()
  .min(1)
  .max(32_767)
  .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character')
  .refine((value) => ABSOLUTE_PATH.test(value), 'must be an absolute path');

/**
 * A platform address: http or https, without user name, password, query or fragment, so
 * neither a key nor a token can hide in it.
 */
export const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine(isPlatformAddress, 'must be an http or https address such as https://api.wandb.ai');

function isPlatformAddress(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const schemeOk = url.protocol === 'http:' || url.protocol === 'https:';
  return schemeOk && url.username === '' && url.password === '' && !url.search && !url.hash;
}

/** A W&B API key as pasted: 1 to 256 visible ASCII characters after trimming. */
export const apiKeySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(256)
  .regex(/^[\x21-\x7e]+$/, 'must contain only visible ASCII characters');

/** ISO 8601 time as the platform and the journal report it. */
export const timeSchema = z.string();

/** Byte counts: whole numbers from 0 (JSON carries them exactly up to 2^53 − 1). */
export const byteCountSchema = z.int().min(0);

/** Paging of a list request: the previous page's `nextCursor` and the page size. */
export const pageRequestFields = {
  /** `nextCursor` of the previous page; omitted or null for the first page. */
  cursor: z.string().max(1024).nullable().default(null),
  /** Items per page, 1 to 500; 100 when omitted. */
  pageSize: z.int().min(1).max(500).default(100),
};

/** Builds the schema of one page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    /** Cursor of the next page, or null on the last page. */
    nextCursor: z.string().nullable(),
    /** Items in the whole list when the platform reports it, else null. */
    totalCount: z.int().min(0).nullable(),
  });
}

/** The request of a channel that takes no input. */
export const noRequest = z.undefined();

/** Request that names one transfer. */
export const transferIdRequest = z.strictObject({ transferId: z.string().min(1).max(64) });
