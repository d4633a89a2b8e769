// Schema of the journal and the steps that bring an older file up to date. SQLite's
// `user_version` header field stores how many steps a file has had. A later version appends a
// step to MIGRATIONS and never edits a released one.
//
// The CHECK lists repeat the states of types.ts on purpose: a state added there without a
// migration makes inserts fail loudly instead of writing values older builds cannot read.

import type { Database } from 'better-sqlite3';

import { JournalError } from './errors';

interface Migration {
  description: string;
  sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    description: 'transfers, file transfers and parts',
    sql: `
      CREATE TABLE transfers (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN (
          'upload-artifact', 'upload-run-files', 'download-artifact', 'download-run-files')),
        state TEXT NOT NULL CHECK (state IN (
          'queued', 'running', 'paused', 'completed', 'failed', 'cancelled')),
        platform_host TEXT NOT NULL,
        entity TEXT NOT NULL,
        project TEXT NOT NULL,
        artifact_name TEXT,
        artifact_type TEXT,
        artifact_aliases TEXT NOT NULL DEFAULT '[]',
        artifact_description TEXT,
        run_id TEXT,
        download_root TEXT,
        artifact_id TEXT,
        manifest_id TEXT,
        digest TEXT,
        total_files INTEGER NOT NULL DEFAULT 0 CHECK (total_files >= 0),
        total_bytes INTEGER NOT NULL DEFAULT 0 CHECK (total_bytes >= 0),
        error_code TEXT,
        error_message TEXT,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX transfers_by_state ON transfers (state, id);

      CREATE TABLE file_transfers (
        id INTEGER PRIMARY KEY,
        transfer_id TEXT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
        logical_path TEXT NOT NULL,
        local_path TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        mtime_ms INTEGER,
        md5_base64 TEXT,
        state TEXT NOT NULL CHECK (state IN (
          'pending', 'hashing', 'hashed', 'waiting-for-urls', 'uploading', 'downloading',
          'completing', 'done', 'deduplicated', 'failed', 'cancelled', 'skipped')),
        storage_path TEXT,
        upload_id TEXT,
        upload_mode TEXT CHECK (upload_mode IN ('single', 'multipart', 'azure-blocks')),
        part_size INTEGER CHECK (part_size > 0),
        url TEXT,
        url_expires_at_ms INTEGER,
        bytes_done INTEGER NOT NULL DEFAULT 0 CHECK (bytes_done >= 0),
        error_code TEXT,
        error_message TEXT,
        updated_at_ms INTEGER NOT NULL,
        UNIQUE (transfer_id, logical_path),
        CHECK ((url IS NULL) = (url_expires_at_ms IS NULL))
      ) STRICT;

      CREATE INDEX file_transfers_by_state ON file_transfers (transfer_id, state);

      CREATE TABLE parts (
        file_id INTEGER NOT NULL REFERENCES file_transfers (id) ON DELETE CASCADE,
        part_index INTEGER NOT NULL CHECK (part_index >= 0),
        part_number INTEGER NOT NULL CHECK (part_number = part_index + 1),
        byte_offset INTEGER NOT NULL CHECK (byte_offset >= 0),
        length INTEGER NOT NULL CHECK (length >= 0),
        md5_hex TEXT,
        url TEXT,
        url_expires_at_ms INTEGER,
        receipt TEXT,
        confirmed_at_ms INTEGER,
        PRIMARY KEY (file_id, part_index),
        CHECK ((url IS NULL) = (url_expires_at_ms IS NULL)),
        CHECK ((receipt IS NULL) = (confirmed_at_ms IS NULL))
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    description: 'download columns, owner lease, requested state and listing flag',
    // Transfers written before this step were listed in full or failed with LISTING_FAILED,
    // so they count as listed.
    sql: `
      ALTER TABLE transfers ADD COLUMN artifact_version TEXT;
      ALTER TABLE transfers ADD COLUMN metadata TEXT;
      ALTER TABLE transfers ADD COLUMN listing_complete INTEGER NOT NULL DEFAULT 0
        CHECK (listing_complete IN (0, 1));
      ALTER TABLE transfers ADD COLUMN owner_pid INTEGER;
      ALTER TABLE transfers ADD COLUMN owner_heartbeat_ms INTEGER;
      ALTER TABLE transfers ADD COLUMN requested_state TEXT
        CHECK (requested_state IN ('paused', 'cancelled'));
      UPDATE transfers SET listing_complete = 1;

      ALTER TABLE file_transfers ADD COLUMN remote_etag TEXT;
    `,
  },
  {
    description: 'file filter of downloads',
    // A JSON array of logical paths, or NULL for every listed file.
    sql: `
      ALTER TABLE transfers ADD COLUMN requested_files TEXT;
    `,
  },
];

/** Number of the newest schema this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Applies every step the file at `path` has not had yet. Each step runs in its own IMMEDIATE
 * transaction together with the new `user_version`, so a crash leaves the file at one step or
 * the next, and a second process opening the same file waits instead of applying it twice.
 */
export function migrate(db: Database, path: string, upTo = SCHEMA_VERSION): void {
  for (;;) {
    const applied = db.transaction(() => applyNextStep(db, path, upTo)).immediate();
    if (!applied) return;
  }
}

function applyNextStep(db: Database, path: string, upTo: number): boolean {
  const current = db.pragma('user_version', { simple: true }) as number;

  if (current > SCHEMA_VERSION) {
    throw new JournalError(
      'schema-too-new',
      `journal ${path} has schema version ${current} but this build reads up to ${SCHEMA_VERSION}; ` +
        'update BYOB Transfer or use another journal file',
    );
  }
  if (current >= upTo) return false;

  const version = current + 1;
  const step = MIGRATIONS[current]!;
  try {
    db.exec(step.sql);
  } catch (error) {
    throw new JournalError(
      'open-failed',
      `migration ${version} (${step.description}) of journal ${path} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }

  // PRAGMA takes no bound parameters; `version` is a computed integer, not input.
  db.pragma(`user_version = ${version}`);
  return true;
}
