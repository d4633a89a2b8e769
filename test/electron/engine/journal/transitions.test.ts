import { describe, expect, it } from 'vitest';

import {
  FILE_STATES,
  IllegalTransitionError,
  TRANSFER_STATES,
  nextFileStates,
  nextTransferStates,
} from '../../../../electron/engine/journal';
import { UPLOAD_TARGET, newFiles, openJournal, tempFolder } from './fixture';

const folder = tempFolder('transitions');

function caught(action: () => void): IllegalTransitionError {
  try {
    action();
  } catch (error) {
    if (error instanceof IllegalTransitionError) return error;
    throw error;
  }
  throw new Error('expected an IllegalTransitionError, but nothing was thrown');
}

describe('journal transitions', () => {
  it('rejects illegal transfer transition', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({ kind: 'upload-artifact', target: UPLOAD_TARGET });
    journal.setTransferState(transfer.id, 'cancelled');

    const error = caught(() => journal.setTransferState(transfer.id, 'running'));

    expect(error.code).toBe('illegal-transition');
    expect(error.subject).toBe('transfer');
    expect(error.from).toBe('cancelled');
    expect(error.to).toBe('running');
    expect(error.message).toBe(
      `transfer ${transfer.id} cannot move from 'cancelled' to 'running': 'cancelled' is a final state`,
    );
    expect(journal.getTransfer(transfer.id)!.transfer.state).toBe('cancelled');
    journal.close();
  });

  it('rejects illegal file transition with alternatives', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(1),
    });
    const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;

    const error = caught(() => journal.setFileState(fileId, 'uploading'));

    expect(error.subject).toBe('file');
    expect(error.id).toBe(fileId);
    expect(error.from).toBe('pending');
    expect(error.to).toBe('uploading');
    expect(error.message).toContain(
      "from 'pending' it may move to hashing, waiting-for-urls, skipped, failed, cancelled",
    );
    expect(journal.getFile(fileId).state).toBe('pending');
    journal.close();
  });

  it('treats a repeated state as a no-op', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(1),
    });
    const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;
    journal.setTransferState(transfer.id, 'running');
    journal.setFileState(fileId, 'hashing');

    journal.setTransferState(transfer.id, 'running');
    journal.setFileState(fileId, 'hashing');

    expect(journal.getTransfer(transfer.id)!.transfer.state).toBe('running');
    expect(journal.getFile(fileId).state).toBe('hashing');
    journal.close();
  });

  it('stores and clears failure errors', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(1),
    });
    const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;
    journal.setTransferState(transfer.id, 'running');

    journal.setFileState(fileId, 'failed', {
      code: 'read-failed',
      message: 'EACCES: permission denied',
    });
    journal.setTransferState(transfer.id, 'failed', {
      code: 'files-failed',
      message: '1 file failed',
    });
    expect(journal.getFile(fileId).error).toEqual({
      code: 'read-failed',
      message: 'EACCES: permission denied',
    });
    expect(journal.getTransfer(transfer.id)!.transfer.error).toEqual({
      code: 'files-failed',
      message: '1 file failed',
    });

    // A second failure in the same state replaces the stored error.
    journal.setFileState(fileId, 'failed', { code: 'read-failed', message: 'EIO: i/o error' });
    expect(journal.getFile(fileId).error!.message).toBe('EIO: i/o error');

    journal.setTransferState(transfer.id, 'running');
    journal.setFileState(fileId, 'hashing');
    expect(journal.getFile(fileId).error).toBeNull();
    expect(journal.getTransfer(transfer.id)!.transfer.error).toBeNull();
    journal.close();
  });

  it('rejects completing with unfinished files', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(3),
    });
    const [a, b, c] = journal.getTransfer(transfer.id)!.files;
    journal.setTransferState(transfer.id, 'running');
    journal.setFileState(a!.id, 'skipped');
    journal.setFileState(b!.id, 'failed', { code: 'x', message: 'y' });

    expect(() => journal.setTransferState(transfer.id, 'completed')).toThrow(
      `transfer ${transfer.id} cannot complete: 2 files are unfinished, such as "images/000001.png"; finish, skip or cancel them first`,
    );

    journal.setFileState(b!.id, 'skipped');
    journal.setFileState(c!.id, 'cancelled');
    journal.setTransferState(transfer.id, 'completed');
    expect(journal.getTransfer(transfer.id)!.transfer.state).toBe('completed');
    journal.close();
  });

  it('lists resumable transfers oldest first', () => {
    const { journal } = openJournal(folder);
    const ids = ['running', 'paused', 'failed', 'queued', 'cancelled'].map(
      () =>
        journal.createTransfer({
          kind: 'upload-artifact',
          target: UPLOAD_TARGET,
          files: newFiles(2),
        }).id,
    );
    journal.setTransferState(ids[0]!, 'running');
    journal.setTransferState(ids[1]!, 'paused');
    journal.setTransferState(ids[2]!, 'failed');
    journal.setTransferState(ids[4]!, 'cancelled');
    const doneFile = journal.getTransfer(ids[0]!)!.files[0]!;
    journal.setFileState(doneFile.id, 'skipped');

    const resumable = journal.resumable();

    expect(resumable.map((r) => r.transfer.id)).toEqual(ids.slice(0, 3));
    expect(resumable[0]!.files.map((f) => f.logicalPath)).toEqual(['images/000001.png']);
    expect(resumable[1]!.files).toHaveLength(2);
    journal.close();
  });

  it('keeps final states final in both tables', () => {
    expect(nextTransferStates('completed')).toEqual([]);
    expect(nextTransferStates('cancelled')).toEqual([]);
    for (const state of ['done', 'deduplicated', 'skipped', 'cancelled'] as const) {
      expect(nextFileStates(state), state).toEqual([]);
    }
  });

  it('lets unfinished file states restart or fail', () => {
    for (const state of FILE_STATES) {
      const next = nextFileStates(state);
      if (next.length === 0) continue;
      expect(next, state).toContain('cancelled');
      if (state !== 'pending') expect(next, state).toContain('pending');
      if (state !== 'failed') expect(next, state).toContain('failed');
    }
    for (const state of TRANSFER_STATES) {
      for (const to of nextTransferStates(state)) expect(TRANSFER_STATES).toContain(to);
    }
  });
});
