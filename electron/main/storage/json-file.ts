// Small JSON files in the app's data folder (profiles, settings, encrypted keys): read with a
// zod schema, written atomically (a temporary file renamed over the old one) and readable
// only by the user, so a crash mid-write never leaves half a file.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { z } from 'zod';

export type JsonFileRead<T> =
  { status: 'missing' } | { status: 'ok'; value: T } | { status: 'invalid'; message: string };

/** Reads and validates `path`; a missing file and an invalid one are results, not errors. */
export function readJsonFile<T extends z.ZodType>(
  path: string,
  schema: T,
): JsonFileRead<z.output<T>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw error;
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { status: 'invalid', message: `${path} is not JSON: ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      status: 'invalid',
      message: `${path} does not match its schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    };
  }
  return { status: 'ok', value: parsed.data };
}

/** Writes `value` as JSON to `path` with mode 0600, replacing the file in one rename. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Moves an unreadable file aside as `<path>.invalid`, so the next write starts clean. */
export function setAside(path: string): string {
  const aside = `${path}.invalid`;
  renameSync(path, aside);
  return aside;
}
