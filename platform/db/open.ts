import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import type { Migration, MigrationProvider } from 'kysely';
import { Kysely, Migrator, SqliteDialect } from 'kysely';

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
 * Opens (creating if needed) the SQLite database at `path` and brings its schema up to date.
 * WAL lets listings read while an upload commits.
 */
export async function openDatabase(path: string): Promise<PlatformDb> {
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
