import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Command } from 'commander';

import { openDatabase, type PlatformDb } from '../db/open';

export const DEFAULT_DB_PATH = 'byob-platform.sqlite';

/** Adds `--db`, defaulting to BYOB_PLATFORM_DB or byob-platform.sqlite in the working folder. */
export function withDbOption(command: Command): Command {
  return command.option(
    '--db <path>',
    'SQLite database file (default: $BYOB_PLATFORM_DB or ./byob-platform.sqlite)',
  );
}

export function dbPathOf(options: { db?: string }): string {
  return resolve(options.db ?? process.env.BYOB_PLATFORM_DB ?? DEFAULT_DB_PATH);
}

/**
 * Runs `open`, which may create the database file at `path`, and prints one line on stderr
 * when it did, so that a forgotten `--db` does not go unnoticed.
 */
export async function noticeNewDatabase<T>(path: string, open: () => Promise<T>): Promise<T> {
  const existed = existsSync(path);
  try {
    return await open();
  } finally {
    if (!existed && existsSync(path)) {
      process.stderr.write(`byob-platform: created a new database at ${path}\n`);
    }
  }
}

/** Opens the database, runs `action`, and closes it again. */
export async function withDatabase<T>(
  options: { db?: string },
  action: (db: PlatformDb) => Promise<T>,
): Promise<T> {
  const path = dbPathOf(options);
  const db = await noticeNewDatabase(path, () => openDatabase(path));
  try {
    return await action(db);
  } finally {
    await db.destroy();
  }
}
