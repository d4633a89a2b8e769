// A journal written by the first release opens in this build: the upgrade step adds the
// download, lease and listing columns and keeps every transfer that was already there.
import { join } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { Journal } from '../../../../electron/engine/journal';
import { migrate } from '../../../../electron/engine/journal/migrations';
import { tempFolder } from './fixture';

const folder = tempFolder('upgrade');

/** Writes a journal file at schema version 1 with one upload of one file. */
function writeFirstReleaseJournal(path: string): void {
  const db = new SqliteDatabase(path);
  migrate(db, path, 1);
  db.prepare(
    `INSERT INTO transfers (id, kind, state, platform_host, entity, project, artifact_name,
       artifact_type, created_at_ms, updated_at_ms)
     VALUES ('t1', 'upload-artifact', 'paused', 'http://127.0.0.1:1', 'kappa', 'vision',
       'weights', 'model', 1, 1)`,
  ).run();
  db.prepare(
    `INSERT INTO file_transfers (transfer_id, logical_path, local_path, size, state,
       updated_at_ms)
     VALUES ('t1', 'a.bin', '/data/a.bin', 10, 'pending', 1)`,
  ).run();
  db.close();
}

describe('journal upgrade', () => {
  it('upgrades a first-release journal', () => {
    const path = join(folder, 'v1.sqlite');
    writeFirstReleaseJournal(path);

    const journal = Journal.open(path);
    const found = journal.getTransfer('t1')!;

    expect(found.transfer.state).toBe('paused');
    expect(found.transfer.listingComplete).toBe(true);
    expect(found.transfer.owner).toBeNull();
    expect(found.transfer.requestedState).toBeNull();
    expect(found.files.map((file) => [file.logicalPath, file.remoteEtag])).toEqual([
      ['a.bin', null],
    ]);
    journal.close();
  });

  it('stores version and metadata', () => {
    const journal = Journal.open(join(folder, 'new.sqlite'));
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: {
        platformHost: 'http://127.0.0.1:1',
        entity: 'kappa',
        project: 'vision',
        artifactName: 'weights',
        artifactType: 'model',
        artifactMetadata: { epochs: 10, note: '学習済み' },
      },
    });

    const stored = journal.getTransfer(transfer.id)!.transfer;
    expect(stored.target.artifactMetadata).toEqual({ epochs: 10, note: '学習済み' });
    expect(stored.listingComplete).toBe(false);
    expect(() =>
      journal.createTransfer({
        kind: 'download-artifact',
        target: {
          platformHost: 'http://127.0.0.1:1',
          entity: 'kappa',
          project: 'vision',
          artifactName: 'weights',
          artifactVersion: '',
          downloadRoot: '/tmp/x',
        },
      }),
    ).toThrow(/artifactVersion/);
    journal.close();
  });
});
