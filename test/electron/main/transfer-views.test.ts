// The journal's records as the IPC contract returns them. The contract's schemas are strict, so
// a journal field that the views pass through without a matching schema field fails here.
import { describe, expect, it } from 'vitest';

import { toFileSummary, toTransferSummary } from '../../../electron/main/services/transfer-views';
import { fileSummarySchema, transferSummarySchema } from '../../../shared/ipc/index';
import {
  DOWNLOAD_TARGET,
  md5Base64,
  newFiles,
  openJournal,
  tempFolder,
  TestClock,
  UPLOAD_TARGET,
} from '../engine/journal/fixture';

const folder = tempFolder('transfer-views');

const STORAGE_REJECTED = {
  code: 'STORAGE_REJECTED',
  message: 'PUT images/000000.png failed with HTTP 403.',
};

describe('transfer views', () => {
  it('maps a failed upload', () => {
    const clock = new TestClock();
    const { journal } = openJournal(folder, clock);
    const created = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(2, 300),
    });
    journal.setTransferState(created.id, 'running');
    clock.advance(1500);
    journal.setTransferState(created.id, 'failed', STORAGE_REJECTED);
    const [record] = journal.listTransfers();

    const summary = toTransferSummary(record!, journal.bytesDone(created.id));

    expect(transferSummarySchema.parse(summary)).toEqual(summary);
    expect(summary.state).toBe('failed');
    expect(summary.error).toEqual(STORAGE_REJECTED);
    expect(summary.target.host).toBe('https://api.wandb.ai');
    expect(summary.target.aliases).toEqual(['latest', 'v2-candidate']);
    expect(summary.target.downloadRoot).toBeNull();
    expect(summary.totalFiles).toBe(2);
    expect(summary.totalBytes).toBe(600);
    expect(summary.createdAt).toBe(new Date(1_700_000_000_000).toISOString());
    expect(summary.updatedAt).toBe(new Date(1_700_000_001_500).toISOString());
    journal.close();
  });

  it('maps a download target', () => {
    const { journal } = openJournal(folder);
    const created = journal.createTransfer({
      kind: 'download-artifact',
      target: DOWNLOAD_TARGET,
      files: newFiles(1),
    });

    const summary = toTransferSummary(created, 0);

    expect(transferSummarySchema.parse(summary)).toEqual(summary);
    expect(summary.target.downloadRoot).toBe('/data/cityscapes');
    expect(summary.target.aliases).toEqual([]);
    expect(summary.error).toBeNull();
    journal.close();
  });

  it('maps a hashed file', () => {
    const { journal } = openJournal(folder);
    const created = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(1, 2048),
    });
    const [file] = [...journal.iterateFiles(created.id)];
    journal.setFileState(file!.id, 'hashing');
    journal.recordHash(file!.id, md5Base64('bytes'));
    journal.setFileState(file!.id, 'hashed');

    const summary = toFileSummary(journal.getFile(file!.id));

    expect(fileSummarySchema.parse(summary)).toEqual(summary);
    expect(summary.path).toBe('images/000000.png');
    expect(summary.localPath).toBe('/data/images/0.png');
    expect(summary.size).toBe(2048);
    expect(summary.state).toBe('hashed');
    expect(summary.md5).toBe(md5Base64('bytes'));
    expect(summary.error).toBeNull();
    journal.close();
  });
});
