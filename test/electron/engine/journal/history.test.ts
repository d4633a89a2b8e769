import { describe, expect, it } from 'vitest';

import {
  UPLOAD_TARGET,
  DOWNLOAD_TARGET,
  TestClock,
  newFiles,
  openJournal,
  tempFolder,
} from './fixture';

const folder = tempFolder('history');

describe('journal history', () => {
  it('pages history by limit and state', () => {
    const clock = new TestClock();
    const { journal } = openJournal(folder, clock);
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      clock.advance(1000);
      const kind = i % 2 === 0 ? 'upload-artifact' : 'download-artifact';
      const target = i % 2 === 0 ? UPLOAD_TARGET : DOWNLOAD_TARGET;
      ids.push(journal.createTransfer({ kind, target, files: newFiles(i + 1) }).id);
    }
    journal.setTransferState(ids[1]!, 'cancelled');
    journal.setTransferState(ids[4]!, 'cancelled');

    expect(journal.listTransfers().map((t) => t.id)).toEqual([...ids].reverse());
    expect(journal.listTransfers({ limit: 2 }).map((t) => t.id)).toEqual([ids[5], ids[4]]);
    expect(journal.listTransfers({ limit: 2, beforeId: ids[4] }).map((t) => t.id)).toEqual([
      ids[3],
      ids[2],
    ]);
    expect(journal.listTransfers({ states: ['cancelled'] }).map((t) => t.id)).toEqual([
      ids[4],
      ids[1],
    ]);
    expect(journal.listTransfers({ states: [] })).toEqual([]);
    expect(() => journal.listTransfers({ limit: 0 })).toThrow(
      /limit must be a whole number of at least 1, got 0/,
    );
    expect(() => journal.listTransfers({ states: ['stuck' as 'queued'] })).toThrow(
      /transfer state stuck is unknown/,
    );
    journal.close();
  });

  it('sorts transfer ids by creation time', () => {
    const clock = new TestClock();
    const { journal } = openJournal(folder, clock);
    const ids: string[] = [];

    // Several in the same millisecond, then a clock that steps back.
    for (let i = 0; i < 5; i += 1)
      ids.push(journal.createTransfer({ kind: 'upload-artifact', target: UPLOAD_TARGET }).id);
    clock.advance(-10_000);
    ids.push(journal.createTransfer({ kind: 'upload-artifact', target: UPLOAD_TARGET }).id);
    clock.advance(20_000);
    ids.push(journal.createTransfer({ kind: 'upload-artifact', target: UPLOAD_TARGET }).id);

    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    journal.close();
  });

  it('exports per-file results as JSON', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(2, 64),
    });
    const [a, b] = journal.getTransfer(transfer.id)!.files;
    journal.setFileState(a!.id, 'skipped');
    journal.setFileState(b!.id, 'failed', {
      code: 'too-large',
      message: 'size 64 exceeds the limit',
    });

    const result = journal.getTransfer(transfer.id)!;
    const exported = JSON.parse(JSON.stringify(result)) as typeof result;

    expect(exported).toEqual(result);
    expect(exported.files.map((f) => [f.logicalPath, f.state, f.error?.code ?? null])).toEqual([
      ['images/000000.png', 'skipped', null],
      ['images/000001.png', 'failed', 'too-large'],
    ]);
    expect(journal.getTransfer('01NOSUCHTRANSFER0000000000')).toBeUndefined();
    expect(() => journal.getFile(999_999)).toThrow('file transfer 999999 is not in the journal');
    journal.close();
  });

  it('validates the target for each kind', () => {
    const { journal } = openJournal(folder);
    const { artifactType: _type, ...withoutType } = UPLOAD_TARGET;

    expect(() => journal.createTransfer({ kind: 'upload-artifact', target: withoutType })).toThrow(
      'artifactType (required for upload-artifact) must be a non-empty string',
    );
    expect(() =>
      journal.createTransfer({ kind: 'upload-run-files', target: UPLOAD_TARGET }),
    ).toThrow(/runId \(required/);
    expect(() =>
      journal.createTransfer({ kind: 'download-artifact', target: UPLOAD_TARGET }),
    ).toThrow(/downloadRoot \(required/);
    expect(() =>
      journal.createTransfer({ kind: 'sync' as 'upload-artifact', target: UPLOAD_TARGET }),
    ).toThrow(/transfer kind sync is unknown/);
    expect(() =>
      journal.createTransfer({
        kind: 'upload-artifact',
        target: UPLOAD_TARGET,
        files: [{ logicalPath: '../etc/passwd', localPath: '/x', size: 1 }],
      }),
    ).toThrow(/logical path "..\/etc\/passwd" must be relative/);
    expect(() =>
      journal.createTransfer({
        kind: 'upload-artifact',
        target: UPLOAD_TARGET,
        files: [{ logicalPath: 'a', localPath: '/x', size: -1 }],
      }),
    ).toThrow(/size of file "a" must be a whole number of at least 0, got -1/);
    // A rejected creation leaves no transfer behind.
    expect(journal.listTransfers()).toEqual([]);
    journal.close();
  });
});
