import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { Journal, JournalError, SCHEMA_VERSION } from '../../../../electron/engine/journal';
import { UPLOAD_TARGET, newFiles, openJournal, tempFolder } from './fixture';

const folder = tempFolder('schema');

/** Returns the journal's own connection, so these tests can read its per-connection settings. */
function connectionOf(journal: Journal): Database {
  return (journal as unknown as { db: Database }).db;
}

describe('journal schema', () => {
  it('opens with WAL, NORMAL sync, foreign keys', () => {
    const { journal, path } = openJournal(folder);
    const db = connectionOf(journal);

    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(existsSync(`${path}-wal`)).toBe(true);
    journal.close();
  });

  it('creates the folder of a new journal', () => {
    const path = join(folder, 'nested', 'app-data', 'journal.sqlite');
    const journal = Journal.open(path);

    expect(existsSync(path)).toBe(true);
    expect(journal.path).toBe(path);
    journal.close();
    journal.close();
  });

  it('reopens without migrating twice', () => {
    const { journal, path } = openJournal(folder);
    journal.createTransfer({ kind: 'upload-artifact', target: UPLOAD_TARGET, files: newFiles(3) });
    journal.close();

    const reopened = Journal.open(path);
    expect(connectionOf(reopened).pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(reopened.listTransfers()[0]!.totalFiles).toBe(3);
    reopened.close();
  });

  it('shares one file between two connections', () => {
    const { journal: app, path } = openJournal(folder);
    const cli = Journal.open(path);
    const transfer = app.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(1, 10),
    });
    const fileId = app.getTransfer(transfer.id)!.files[0]!.id;
    app.recordPlan(fileId, {
      uploadMode: 'multipart',
      partSize: 5,
      parts: [
        { offset: 0, length: 5 },
        { offset: 5, length: 5 },
      ],
    });

    expect(cli.confirmPart(fileId, 0, '"from-cli"')).toBe(true);

    expect(app.confirmedParts(fileId).map((part) => part.receipt)).toEqual(['"from-cli"']);
    expect(() => app.confirmPart(fileId, 0, '"from-app"')).toThrow(
      /already confirmed with receipt "from-cli"/,
    );
    cli.close();
    app.close();
  });

  it('rejects a journal from a newer build', () => {
    const { journal, path } = openJournal(folder);
    journal.close();
    const raw = new SqliteDatabase(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();

    let thrown: unknown;
    try {
      Journal.open(path);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(JournalError);
    expect((thrown as JournalError).code).toBe('schema-too-new');
    expect((thrown as Error).message).toBe(
      `journal ${path} has schema version ${SCHEMA_VERSION + 1} but this build reads up to ${SCHEMA_VERSION}; ` +
        'update BYOB Transfer or use another journal file',
    );
  });

  it('rejects a file that is not a database', () => {
    const path = join(folder, 'not-a-journal.sqlite');
    writeFileSync(path, 'plain text, not SQLite '.repeat(100));

    expect(() => Journal.open(path)).toThrow(
      /failed to open journal .*not-a-journal.sqlite: file is not a database/,
    );
  });

  it('enforces table constraints', () => {
    const { journal } = openJournal(folder);
    const db = connectionOf(journal);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(1),
    });
    const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;

    const insertPart = db.prepare(
      'INSERT INTO parts (file_id, part_index, part_number, byte_offset, length, receipt, confirmed_at_ms) VALUES (?, ?, ?, 0, 1, ?, ?)',
    );
    expect(() => insertPart.run(fileId + 1000, 0, 1, null, null)).toThrow(
      /FOREIGN KEY constraint failed/,
    );
    expect(() => insertPart.run(fileId, 0, 5, null, null)).toThrow(/CHECK constraint failed/);
    expect(() => insertPart.run(fileId, 0, 1, '"etag"', null)).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE transfers SET state = 'stuck'").run()).toThrow(
      /CHECK constraint failed/,
    );
    journal.close();
  });
});
