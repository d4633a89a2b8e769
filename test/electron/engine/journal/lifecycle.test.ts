import { describe, expect, it } from 'vitest';

import { Journal, fingerprintMatches } from '../../../../electron/engine/journal';
import {
  DOWNLOAD_TARGET,
  TestClock,
  UPLOAD_TARGET,
  md5Base64,
  newFiles,
  openJournal,
  planFor,
  presignedUrl,
  tempFolder,
} from './fixture';

const folder = tempFolder('lifecycle');
const MIB = 1024 * 1024;

describe('journal lifecycle', () => {
  it('records a full multipart upload', () => {
    const clock = new TestClock();
    const { journal } = openJournal(folder, clock);
    const files = newFiles(2, 20 * MIB);

    const created = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files,
    });
    expect(created.state).toBe('queued');
    expect(created.target).toEqual(UPLOAD_TARGET);
    expect(created.totalFiles).toBe(2);
    expect(created.totalBytes).toBe(40 * MIB);
    expect(created.createdAtMs).toBe(clock.nowMs);

    clock.advance(1000);
    journal.setTransferState(created.id, 'running');
    const [first, second] = journal.getTransfer(created.id)!.files;
    expect(first!.state).toBe('pending');
    expect(first!.fingerprint).toEqual({
      size: 20 * MIB,
      mtimeMs: 1_690_000_000_000,
      md5Base64: null,
    });

    // Hash, plan and mint URLs for the first file.
    journal.setFileState(first!.id, 'hashing');
    const plan = { ...planFor(20 * MIB, 8 * MIB), md5Base64: md5Base64('file-1') };
    journal.recordPlan(first!.id, plan);
    journal.setFileState(first!.id, 'hashed');
    journal.setFileState(first!.id, 'waiting-for-urls');
    journal.recordStorage(first!.id, {
      storagePath: 'team/artifacts/content/abc',
      uploadId: 'UPLOAD-1',
    });
    journal.recordPartUrls(
      first!.id,
      plan.parts.map((_, index) => ({
        index,
        url: presignedUrl('content/abc', index + 1),
        expiresAtMs: clock.nowMs + 24 * 3600_000,
      })),
    );
    journal.setFileState(first!.id, 'uploading');

    const afterPlan = journal.getFile(first!.id);
    expect(afterPlan.fingerprint.md5Base64).toBe(md5Base64('file-1'));
    expect(afterPlan.uploadMode).toBe('multipart');
    expect(afterPlan.partSize).toBe(8 * MIB);
    expect(afterPlan.uploadId).toBe('UPLOAD-1');
    expect(afterPlan.storagePath).toBe('team/artifacts/content/abc');

    // Send the parts out of order, as parallel requests finish.
    expect(journal.confirmPart(first!.id, 2, '"etag-3"')).toBe(true);
    expect(journal.confirmPart(first!.id, 0, '"etag-1"')).toBe(true);
    expect(journal.pendingParts(first!.id).map((p) => p.index)).toEqual([1]);
    expect(journal.getFile(first!.id).bytesDone).toBe(8 * MIB + 4 * MIB);
    expect(journal.confirmPart(first!.id, 1, '"etag-2"')).toBe(true);

    const confirmed = journal.confirmedParts(first!.id);
    expect(confirmed.map((p) => [p.partNumber, p.receipt])).toEqual([
      [1, '"etag-1"'],
      [2, '"etag-2"'],
      [3, '"etag-3"'],
    ]);
    expect(confirmed.every((p) => p.confirmedAtMs === clock.nowMs)).toBe(true);

    journal.setFileState(first!.id, 'completing');
    journal.setFileState(first!.id, 'done');
    expect(journal.getFile(first!.id).bytesDone).toBe(20 * MIB);

    // The platform already stores the second file's content.
    journal.setFileState(second!.id, 'hashing');
    journal.recordHash(second!.id, md5Base64('file-2'));
    journal.setFileState(second!.id, 'hashed');
    journal.setFileState(second!.id, 'waiting-for-urls');
    journal.setFileState(second!.id, 'deduplicated');

    journal.recordPlatformIds(created.id, {
      artifactId: 'QXJ0aWZhY3Q6MQ==',
      digest: md5Base64('manifest'),
    });
    journal.recordPlatformIds(created.id, { manifestId: 'manifest-7' });
    clock.advance(500);
    journal.setTransferState(created.id, 'completed');

    const done = journal.getTransfer(created.id)!;
    expect(done.transfer.state).toBe('completed');
    expect(done.transfer.artifactId).toBe('QXJ0aWZhY3Q6MQ==');
    expect(done.transfer.manifestId).toBe('manifest-7');
    expect(done.transfer.digest).toBe(md5Base64('manifest'));
    expect(done.transfer.updatedAtMs).toBe(clock.nowMs);
    expect(done.files.map((f) => f.state)).toEqual(['done', 'deduplicated']);
    expect(journal.resumable()).toEqual([]);
    journal.close();
  });

  it('records a download through its whole-file URL', () => {
    const clock = new TestClock();
    const { journal } = openJournal(folder, clock);
    const transfer = journal.createTransfer({
      kind: 'download-artifact',
      target: DOWNLOAD_TARGET,
      files: [
        {
          logicalPath: 'labels.json',
          localPath: '/data/cityscapes/labels.json',
          size: 300,
          md5Base64: md5Base64('labels'),
        },
      ],
    });
    const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;

    journal.setTransferState(transfer.id, 'running');
    journal.setFileState(fileId, 'waiting-for-urls');
    expect(journal.fileNeedsUrl(fileId, clock.nowMs, 60_000)).toBe(true);

    journal.recordFileUrl(fileId, {
      url: presignedUrl('labels.json'),
      expiresAtMs: clock.nowMs + 3600_000,
    });
    expect(journal.fileNeedsUrl(fileId, clock.nowMs, 60_000)).toBe(false);
    expect(journal.fileUrl(fileId)).toEqual({
      url: presignedUrl('labels.json'),
      expiresAtMs: clock.nowMs + 3600_000,
    });
    expect(journal.getFile(fileId).urlExpiresAtMs).toBe(clock.nowMs + 3600_000);

    journal.setFileState(fileId, 'downloading');
    journal.recordProgress(fileId, 120);
    expect(journal.getFile(fileId).bytesDone).toBe(120);
    expect(() => journal.recordProgress(fileId, 301)).toThrow(/301, more than its size of 300/);

    journal.setFileState(fileId, 'done');
    journal.setTransferState(transfer.id, 'completed');
    expect(journal.getTransfer(transfer.id)!.files[0]).toMatchObject({
      state: 'done',
      bytesDone: 300,
    });
    journal.close();
  });

  it('keeps everything across close and reopen', () => {
    const clock = new TestClock();
    const { journal, path } = openJournal(folder, clock);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(1, 10 * MIB),
    });
    const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;
    journal.setTransferState(transfer.id, 'running');
    journal.recordPlan(fileId, planFor(10 * MIB, 5 * MIB));
    journal.recordStorage(fileId, { uploadId: 'UPLOAD-9' });
    journal.recordPartUrls(fileId, [
      { index: 1, url: presignedUrl('k', 2), expiresAtMs: clock.nowMs + 1000 },
    ]);
    journal.confirmPart(fileId, 0, '"first"');
    journal.setTransferState(transfer.id, 'paused');
    journal.close();

    const reopened = Journal.open(path, { now: clock.now });
    const [resumable] = reopened.resumable();
    expect(resumable!.transfer.id).toBe(transfer.id);
    expect(resumable!.transfer.state).toBe('paused');
    expect(resumable!.files.map((f) => f.id)).toEqual([fileId]);
    expect(reopened.getFile(fileId).uploadId).toBe('UPLOAD-9');
    expect(reopened.confirmedParts(fileId).map((p) => p.receipt)).toEqual(['"first"']);
    expect(reopened.partUrl(fileId, 1)).toEqual({
      url: presignedUrl('k', 2),
      expiresAtMs: clock.nowMs + 1000,
    });
    expect(reopened.partUrl(fileId, 0)).toBeUndefined();
    reopened.close();
  });

  it('adds streamed files in batches', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'upload-run-files',
      target: { ...UPLOAD_TARGET, runId: 'run-42' },
    });
    expect(transfer.totalFiles).toBe(0);

    const firstIds = journal.addFiles(transfer.id, newFiles(3, 10, 'a'));
    journal.setTransferState(transfer.id, 'running');
    const secondIds = journal.addFiles(transfer.id, newFiles(2, 7, 'b'));

    expect(firstIds).toHaveLength(3);
    expect(secondIds).toHaveLength(2);
    expect(secondIds[0]).toBeGreaterThan(firstIds[2]!);
    expect(journal.getTransfer(transfer.id)!.transfer).toMatchObject({
      totalFiles: 5,
      totalBytes: 44,
    });
    expect([...journal.iterateFiles(transfer.id)].map((f) => f.logicalPath)).toEqual([
      'a/000000.png',
      'a/000001.png',
      'a/000002.png',
      'b/000000.png',
      'b/000001.png',
    ]);
    journal.close();
  });

  it('rejects a batch with a taken path as a whole', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(2),
    });
    const batch = [...newFiles(1, 5, 'new'), newFiles(1)[0]!];

    expect(() => journal.addFiles(transfer.id, batch)).toThrow(
      /already has a file at logical path "images\/000000.png"/,
    );
    expect(journal.getTransfer(transfer.id)!.files).toHaveLength(2);
    expect(journal.getTransfer(transfer.id)!.transfer.totalFiles).toBe(2);
    journal.close();
  });

  it('rejects files for a finished transfer', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({ kind: 'upload-artifact', target: UPLOAD_TARGET });
    journal.setTransferState(transfer.id, 'cancelled');

    expect(() => journal.addFiles(transfer.id, newFiles(1))).toThrow(
      /is cancelled; files can be added only while it is queued, running, paused/,
    );
    journal.close();
  });

  it('restarts a changed upload file', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'upload-artifact',
      target: UPLOAD_TARGET,
      files: newFiles(1, 12),
    });
    const file = journal.getTransfer(transfer.id)!.files[0]!;
    journal.setFileState(file.id, 'hashing');
    journal.recordPlan(file.id, { ...planFor(12, 5), md5Base64: md5Base64('old') });
    journal.recordStorage(file.id, { storagePath: 'content/old', uploadId: 'U1' });
    journal.setFileState(file.id, 'hashed');
    journal.setFileState(file.id, 'waiting-for-urls');
    journal.recordFileUrl(file.id, { url: presignedUrl('old'), expiresAtMs: 5 });
    journal.setFileState(file.id, 'uploading');
    journal.confirmPart(file.id, 0, '"e0"');

    const changed = { size: 20, mtimeMs: 1_700_000_000_123.9 };
    expect(fingerprintMatches(journal.getFile(file.id), changed)).toBe(false);
    journal.restartFile(file.id, changed);

    const restarted = journal.getFile(file.id);
    expect(restarted).toMatchObject({
      state: 'pending',
      uploadId: null,
      uploadMode: null,
      partSize: null,
      storagePath: null,
      urlExpiresAtMs: null,
      bytesDone: 0,
      fingerprint: { size: 20, mtimeMs: 1_700_000_000_123, md5Base64: null },
    });
    expect(fingerprintMatches(restarted, changed)).toBe(true);
    expect(journal.allParts(file.id)).toEqual([]);
    expect(journal.fileUrl(file.id)).toBeUndefined();
    expect(journal.getTransfer(transfer.id)!.transfer.totalBytes).toBe(20);

    // After a restart the new content gets a new plan.
    journal.recordPlan(file.id, planFor(20, 5));
    expect(journal.pendingParts(file.id)).toHaveLength(4);
    journal.close();
  });

  it('keeps download MD5 on restart', () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({
      kind: 'download-run-files',
      target: { ...DOWNLOAD_TARGET, runId: 'run-1' },
      files: [
        {
          logicalPath: 'output.log',
          localPath: '/tmp/output.log',
          size: 8,
          md5Base64: md5Base64('log'),
        },
      ],
    });
    const fileId = journal.getTransfer(transfer.id)!.files[0]!.id;
    journal.recordStorage(fileId, { storagePath: 'runs/p/run-1/output.log' });
    journal.setFileState(fileId, 'failed', { code: 'network', message: 'socket hang up' });
    journal.restartFile(fileId);

    expect(journal.getFile(fileId)).toMatchObject({
      state: 'pending',
      storagePath: 'runs/p/run-1/output.log',
      fingerprint: { md5Base64: md5Base64('log') },
      error: null,
    });
    journal.close();
  });

  it('compares fingerprints by size and whole milliseconds', () => {
    const fingerprint = { size: 100, mtimeMs: 1_700_000_000_123, md5Base64: null };

    expect(fingerprintMatches(fingerprint, { size: 100, mtimeMs: 1_700_000_000_123.75 })).toBe(
      true,
    );
    expect(fingerprintMatches(fingerprint, { size: 101, mtimeMs: 1_700_000_000_123 })).toBe(false);
    expect(fingerprintMatches(fingerprint, { size: 100, mtimeMs: 1_700_000_000_124 })).toBe(false);
    expect(fingerprintMatches({ ...fingerprint, mtimeMs: null }, { size: 100, mtimeMs: 0 })).toBe(
      false,
    );
  });
});
