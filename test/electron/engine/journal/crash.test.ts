import { fork } from 'node:child_process';
import { join } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { Journal } from '../../../../electron/engine/journal';
import { UPLOAD_TARGET, openJournal, planFor, tempFolder } from './fixture';

const folder = tempFolder('crash');
const PART_COUNT = 2000;
const PART_SIZE = 5 * 1024 * 1024;
const BATCH_SIZE = 200;
const KILL_AFTER = 300; // confirmations the parent waits for before SIGKILL

type ChildMessage =
  { kind: 'confirmed'; index: number } | { kind: 'batch'; batch: number } | { kind: 'finished' };

interface ChildRun {
  confirmed: number[];
  batches: number[];
  finished: boolean;
  signal: NodeJS.Signals | null;
}

/** Runs crash-writer.ts and kills it with SIGKILL after KILL_AFTER confirmations. */
function runAndKill(path: string, transferId: string, fileId: number): Promise<ChildRun> {
  const child = fork(
    join(import.meta.dirname, 'crash-writer.ts'),
    [path, transferId, String(fileId), String(BATCH_SIZE)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const run: ChildRun = { confirmed: [], batches: [], finished: false, signal: null };

  child.on('message', (message: ChildMessage) => {
    if (message.kind === 'confirmed') run.confirmed.push(message.index);
    if (message.kind === 'batch') run.batches.push(message.batch);
    if (message.kind === 'finished') run.finished = true;

    if (run.confirmed.length === KILL_AFTER) process.kill(child.pid!, 'SIGKILL');
  });

  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ ...run, signal }));
  });
}

describe('journal crash safety', () => {
  it('keeps receipts committed before SIGKILL', { timeout: 120_000 }, async () => {
    const { journal, path } = openJournal(folder);
    const size = PART_COUNT * PART_SIZE;
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: [{ logicalPath: 'big.bin', localPath: '/data/big.bin', size, mtimeMs: 1 }],
    });
    const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;
    journal.recordPlan(fileId, planFor(size, PART_SIZE));
    journal.setTransferState(transfer.id, 'running');
    journal.close();

    const run = await runAndKill(path, transfer.id, fileId);

    expect(run.signal).toBe('SIGKILL');
    expect(run.finished).toBe(false);
    expect(run.confirmed.length).toBeGreaterThanOrEqual(KILL_AFTER);

    const reopened = Journal.open(path);
    const confirmed = reopened.confirmedParts(fileId);
    const confirmedIndexes = confirmed.map((part) => part.index);

    // Every receipt the child reported is there, and the child wrote them in index order, so
    // the confirmed parts are exactly a prefix, possibly one longer than the last report.
    for (const index of run.confirmed) {
      expect(confirmed[index]?.receipt, `part ${index}`).toBe(`"etag-${index}"`);
    }
    expect(confirmedIndexes).toEqual(Array.from({ length: confirmed.length }, (_, i) => i));
    expect(confirmed.length).toBeLessThan(PART_COUNT);
    expect(confirmed.every((part) => part.receipt === `"etag-${part.index}"`)).toBe(true);
    expect(confirmed.every((part) => typeof part.confirmedAtMs === 'number')).toBe(true);
    expect(reopened.pendingParts(fileId)).toHaveLength(PART_COUNT - confirmed.length);

    // bytes_done moves in the same transaction as the receipt.
    expect(reopened.getFile(fileId).bytesDone).toBe(confirmed.length * PART_SIZE);

    // File batches are whole or absent, and the totals agree with the rows.
    const { transfer: after, files } = reopened.getTransfer(transfer.id)!;
    const perBatch = new Map<string, number>();
    for (const file of files.slice(1)) {
      const batch = file.logicalPath.split('/')[0]!;
      perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
    }
    expect([...perBatch.values()].every((count) => count === BATCH_SIZE)).toBe(true);
    for (const batch of run.batches)
      expect(perBatch.get(`batch-${batch}`), `batch ${batch}`).toBe(BATCH_SIZE);
    expect(after.totalFiles).toBe(files.length);
    expect(after.totalBytes).toBe(files.reduce((sum, file) => sum + file.fingerprint.size, 0));

    // The transfer resumes from the first part without a receipt.
    const [resumable] = reopened.resumable();
    expect(resumable!.transfer.id).toBe(transfer.id);
    expect(
      reopened.confirmPart(fileId, confirmed.length - 1, `"etag-${confirmed.length - 1}"`),
    ).toBe(false);
    expect(reopened.confirmPart(fileId, confirmed.length, '"after-crash"')).toBe(true);
    reopened.close();

    const raw = new SqliteDatabase(path, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();
  });
});
