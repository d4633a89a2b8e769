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

/** Opens the database, runs `action`, and closes it again. */
export async function withDatabase<T>(
  options: { db?: string },
  action: (db: PlatformDb) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(dbPathOf(options));
  try {
    return await action(db);
  } finally {
    await db.destroy();
  }
}
