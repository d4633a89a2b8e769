import { describe, expect, it } from 'vitest';

import { Journal } from '../../../../electron/engine/journal';
import { DOWNLOAD_TARGET, md5Base64, openJournal, tempFolder, UPLOAD_TARGET } from './fixture';

const folder = tempFolder('download-fields');

function downloadWithOneFile() {
  const { journal } = openJournal(folder);
  const transfer = journal.createTransfer({
    kind: 'download-artifact',
    target: { ...DOWNLOAD_TARGET, artifactVersion: 'latest' },
    files: [
      {
        logicalPath: 'images/a.png',
        localPath: '/data/cityscapes/images/a.png',
        size: 10,
        md5Base64: md5Base64('a'),
      },
    ],
  });
  const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;
  return { journal, transferId: transfer.id, fileId };
}

describe('journal download fields', () => {
  it('stores and clears the remote ETag', () => {
    const { journal, fileId } = downloadWithOneFile();
    expect(journal.getFile(fileId).remoteEtag).toBeNull();

    journal.recordRemoteEtag(fileId, '"0x8DC1"');
    expect(journal.getFile(fileId).remoteEtag).toBe('"0x8DC1"');

    journal.recordRemoteEtag(fileId, null);
    expect(journal.getFile(fileId).remoteEtag).toBeNull();
  });

  it('keeps the ETag through other updates', () => {
    const { journal, fileId } = downloadWithOneFile();
    journal.recordRemoteEtag(fileId, '"abc"');
    journal.recordProgress(fileId, 4);

    expect(journal.getFile(fileId).remoteEtag).toBe('"abc"');
    expect(journal.getFile(fileId).bytesDone).toBe(4);
  });

  it('clears the ETag on restart and keeps the MD5', () => {
    const { journal, fileId } = downloadWithOneFile();
    journal.recordRemoteEtag(fileId, '"abc"');
    journal.recordProgress(fileId, 4);
    journal.restartFile(fileId);

    const file = journal.getFile(fileId);
    expect(file.remoteEtag).toBeNull();
    expect(file.bytesDone).toBe(0);
    expect(file.fingerprint.md5Base64).toBe(md5Base64('a'));
  });

  it('rejects an empty ETag', () => {
    const { journal, fileId } = downloadWithOneFile();
    expect(() => journal.recordRemoteEtag(fileId, '')).toThrow(/ETag of file/);
  });

  it('marks the listing complete', () => {
    const { journal, transferId } = downloadWithOneFile();
    expect(journal.getTransfer(transferId)!.transfer.listingComplete).toBe(false);

    journal.markListingComplete(transferId);
    expect(journal.getTransfer(transferId)!.transfer.listingComplete).toBe(true);
    expect(journal.getTransfer(transferId)!.transfer.target.artifactVersion).toBe('latest');
  });

  it('keeps the requested files across a reopen', () => {
    const { journal, path } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'download-run-files',
      target: { ...DOWNLOAD_TARGET, runId: 'r1', requestedFiles: ['logs/', 'output.log'] },
    });
    journal.close();

    const reopened = Journal.open(path);
    expect(reopened.getTransfer(transfer.id)!.transfer.target.requestedFiles).toEqual([
      'logs/',
      'output.log',
    ]);
    reopened.close();
  });

  it('leaves requested files out when none were given', () => {
    const { journal, transferId } = downloadWithOneFile();
    expect(journal.getTransfer(transferId)!.transfer.target).not.toHaveProperty('requestedFiles');
  });

  it('rejects requested files on uploads and empty lists', () => {
    const { journal } = openJournal(folder);
    expect(() =>
      journal.createTransfer({
        kind: 'upload-artifact',
        target: { ...UPLOAD_TARGET, requestedFiles: ['a.bin'] },
      }),
    ).toThrow(/requestedFiles applies to downloads only; leave it out for upload-artifact/);
    expect(() =>
      journal.createTransfer({
        kind: 'download-artifact',
        target: { ...DOWNLOAD_TARGET, artifactVersion: 'v1', requestedFiles: [] },
      }),
    ).toThrow(/requestedFiles must be a non-empty array/);
    expect(journal.listTransfers()).toEqual([]);
  });
});
