import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import type { Migration, MigrationProvider } from 'kysely';
import { Kysely, Migrator, SqliteDialect } from 'kysely';

import { badInput } from '../core/errors';
import { initialMigration } from './migrations/001-initial';
import { teamBucketsMigration } from './migrations/002-team-buckets';
import type { Database } from './tables';

export type PlatformDb = Kysely<Database>;

class InlineMigrations implements MigrationProvider {
  constructor(private readonly dialect: 'sqlite' | 'postgres') {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '001-initial': initialMigration(this.dialect),
      '002-team-buckets': teamBucketsMigration(),
    };
  }
}

/**
 * Throws one line naming `path` unless SQLite can open or create a database file there:
 * the path must not be a folder, and the file or its nearest existing folder must be
 * writable. Callers run it before they create the key file or the audit log beside it.
 */
export function assertDatabasePathUsable(path: string): void {
  if (path === ':memory:') return;

  const existing = statOrNull(path);
  if (existing?.isDirectory()) {
    throw badInput(
      `The database path ${path} is a folder: give a file path with --db, e.g. --db ${path.replace(/[/\\]+$/, '')}/byob-platform.sqlite.`,
    );
  }
  if (existing) {
    assertWritable(path, `The database file ${path} is not writable`);
    return;
  }

  // The file and perhaps some folders are missing: mkdir and SQLite create them inside the
  // nearest folder that exists, so that folder must be a writable folder.
  let folder = dirname(path);
  let folderStats = statOrNull(folder);
  while (!folderStats && dirname(folder) !== folder) {
    folder = dirname(folder);
    folderStats = statOrNull(folder);
  }
  if (folderStats && !folderStats.isDirectory()) {
    throw badInput(
      `Cannot create the database ${path}, because ${folder} is a file, not a folder: choose another --db path.`,
    );
  }
  assertWritable(
    folder,
    `Cannot create the database ${path}, because the folder ${folder} is not writable`,
  );
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function assertWritable(path: string, problem: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw badInput(`${problem}: fix its permissions or choose another --db path.`);
  }
}

/**
 * Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
 * WAL lets listings read while an upload commits.
 */
export async function openDatabase(path: string): Promise<PlatformDb> {
  assertDatabasePathUsable(path);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });

  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db, 'sqlite');
  return db;
}

async function migrate(db: PlatformDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const migrator = new Migrator({ db, provider: new InlineMigrations(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');

  if (error || failed) {
    const name = failed ? ` at ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${name}: ${String(error)}`, { cause: error });
  }
}
