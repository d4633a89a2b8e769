import { describe, expect, it } from 'vitest';

import { JournalError, ReceiptConflictError } from '../../../../electron/engine/journal';
import type { Journal } from '../../../../electron/engine/journal';
import {
  TestClock,
  UPLOAD_TARGET,
  md5Base64,
  newFiles,
  openJournal,
  planFor,
  presignedUrl,
  tempFolder,
} from './fixture';

const folder = tempFolder('parts');
const MIB = 1024 * 1024;

/** Opens a journal with one upload file of `size` bytes and returns the file id. */
function journalWithFile(
  size: number,
  clock = new TestClock(),
): { journal: Journal; fileId: number } {
  const { journal } = openJournal(folder, clock);
  const transfer = journal.createTransfer({
    kind: 'upload-artifact',
    target: UPLOAD_TARGET,
    files: newFiles(1, size),
  });
  return { journal, fileId: journal.getTransfer(transfer.id)!.files[0]!.id };
}

describe('journal parts', () => {
  it('confirms a part idempotently', () => {
    const { journal, fileId } = journalWithFile(10 * MIB);
    journal.recordPlan(fileId, planFor(10 * MIB, 5 * MIB));

    expect(journal.confirmPart(fileId, 1, '"abc"')).toBe(true);
    const first = journal.confirmedParts(fileId)[0]!;
    expect(journal.confirmPart(fileId, 1, '"abc"')).toBe(false);

    expect(journal.confirmedParts(fileId)).toEqual([first]);
    expect(journal.getFile(fileId).bytesDone).toBe(5 * MIB);
    journal.close();
  });

  it('rejects a conflicting receipt', () => {
    const { journal, fileId } = journalWithFile(10 * MIB);
    journal.recordPlan(fileId, planFor(10 * MIB, 5 * MIB));
    journal.confirmPart(fileId, 0, '"abc"');

    let thrown: unknown;
    try {
      journal.confirmPart(fileId, 0, '"def"');
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ReceiptConflictError);
    expect((thrown as ReceiptConflictError).code).toBe('receipt-conflict');
    expect((thrown as Error).message).toContain('"abc"');
    expect((thrown as Error).message).toContain('"def"');
    expect(journal.confirmedParts(fileId)[0]!.receipt).toBe('"abc"');
    expect(journal.getFile(fileId).bytesDone).toBe(5 * MIB);
    journal.close();
  });

  it('keeps Azure block ids as receipts', () => {
    const { journal, fileId } = journalWithFile(9);
    journal.recordPlan(fileId, planFor(9, 4, 'azure-blocks'));
    const blockIds = ['MDAwMDA=', 'MDAwMDE=', 'MDAwMDI='];

    blockIds.forEach((blockId, index) => journal.confirmPart(fileId, index, blockId));

    expect(journal.confirmedParts(fileId).map((p) => p.receipt)).toEqual(blockIds);
    journal.setFileState(fileId, 'hashing');
    journal.setFileState(fileId, 'hashed');
    journal.setFileState(fileId, 'waiting-for-urls');
    journal.setFileState(fileId, 'uploading');
    journal.setFileState(fileId, 'completing');
    journal.setFileState(fileId, 'done');
    expect(journal.getFile(fileId).state).toBe('done');
    journal.close();
  });

  it('rejects a receipt for an unknown part', () => {
    const { journal, fileId } = journalWithFile(10);
    journal.recordPlan(fileId, planFor(10, 5));

    expect(() => journal.confirmPart(fileId, 2, '"x"')).toThrow(/file transfer \d+ has no part 2/);
    expect(() => journal.confirmPart(fileId, 0, '')).toThrow(
      /receipt of part 0 .* must be a non-empty string/,
    );
    expect(() => journal.confirmPart(fileId, -1, '"x"')).toThrow(
      /part index .* at least 0, got -1/,
    );
    journal.close();
  });

  it('lists parts needing URLs by margin', () => {
    const clock = new TestClock(1_000_000);
    const { journal, fileId } = journalWithFile(25, clock);
    journal.recordPlan(fileId, planFor(25, 5));
    const now = clock.nowMs;

    journal.recordPartUrls(fileId, [
      { index: 0, url: presignedUrl('k', 1), expiresAtMs: now + 10 * 60_000 }, // fresh
      { index: 1, url: presignedUrl('k', 2), expiresAtMs: now + 60_000 }, // exactly at the margin
      { index: 2, url: presignedUrl('k', 3), expiresAtMs: now + 30_000 }, // within the margin
      { index: 3, url: presignedUrl('k', 4), expiresAtMs: now - 1 }, // expired
    ]);
    // Part 4 has no URL at all.

    expect(journal.partsNeedingUrls(fileId, now, 60_000).map((p) => p.index)).toEqual([1, 2, 3, 4]);
    expect(journal.partsNeedingUrls(fileId, now, 0).map((p) => p.index)).toEqual([3, 4]);
    expect(journal.partsNeedingUrls(fileId, now + 10 * 60_000, 0).map((p) => p.index)).toEqual([
      0, 1, 2, 3, 4,
    ]);

    // A confirmed part needs no URL, even an expired one.
    journal.confirmPart(fileId, 3, '"e4"');
    expect(journal.partsNeedingUrls(fileId, now, 60_000).map((p) => p.index)).toEqual([1, 2, 4]);

    // Re-minting replaces the URL and its expiry.
    journal.recordPartUrls(fileId, [
      { index: 1, url: presignedUrl('k2', 2), expiresAtMs: now + 3600_000 },
      { index: 2, url: presignedUrl('k2', 3), expiresAtMs: now + 3600_000 },
      { index: 4, url: presignedUrl('k2', 5), expiresAtMs: now + 3600_000 },
    ]);
    expect(journal.partsNeedingUrls(fileId, now, 60_000)).toEqual([]);
    expect(journal.partUrl(fileId, 4)).toEqual({
      url: presignedUrl('k2', 5),
      expiresAtMs: now + 3600_000,
    });
    expect(journal.pendingParts(fileId).find((p) => p.index === 4)!.urlExpiresAtMs).toBe(
      now + 3600_000,
    );
    journal.close();
  });

  it('records part URLs all or none', () => {
    const { journal, fileId } = journalWithFile(10);
    journal.recordPlan(fileId, planFor(10, 5));

    expect(() =>
      journal.recordPartUrls(fileId, [
        { index: 0, url: presignedUrl('k', 1), expiresAtMs: 10 },
        { index: 7, url: presignedUrl('k', 8), expiresAtMs: 10 },
      ]),
    ).toThrow(/has no part 7/);
    expect(journal.partUrl(fileId, 0)).toBeUndefined();
    journal.close();
  });

  it('replays same plan, rejects another', () => {
    const { journal, fileId } = journalWithFile(12);
    const plan = { ...planFor(12, 5), md5Base64: md5Base64('content') };
    journal.recordPlan(fileId, plan);
    journal.confirmPart(fileId, 0, '"e0"');

    journal.recordPlan(fileId, plan);
    expect(journal.confirmedParts(fileId).map((p) => p.receipt)).toEqual(['"e0"']);

    expect(() => journal.recordPlan(fileId, planFor(12, 6))).toThrow(
      /already has a different plan .*restart the file/,
    );
    expect(() => journal.recordPlan(fileId, { ...plan, md5Base64: md5Base64('other') })).toThrow(
      /different plan/,
    );
    const changedPart = {
      ...plan,
      parts: plan.parts.map((p, i) => (i === 1 ? { ...p, md5Hex: 'f'.repeat(32) } : p)),
    };
    expect(() => journal.recordPlan(fileId, changedPart)).toThrow(/different plan/);
    journal.close();
  });

  it('rejects plans not covering the file', () => {
    const { journal, fileId } = journalWithFile(12);
    const cases: [string, Parameters<Journal['recordPlan']>[1], RegExp][] = [
      [
        'gap',
        {
          uploadMode: 'multipart',
          partSize: 5,
          parts: [
            { offset: 0, length: 5 },
            { offset: 6, length: 5 },
          ],
        },
        /starts at byte 6, but the previous part ends at byte 5/,
      ],
      [
        'short',
        {
          uploadMode: 'multipart',
          partSize: 5,
          parts: [
            { offset: 0, length: 5 },
            { offset: 5, length: 5 },
          ],
        },
        /covers 10 bytes, but the file has 12/,
      ],
      [
        'long part',
        { uploadMode: 'multipart', partSize: 5, parts: [{ offset: 0, length: 12 }] },
        /longer than the part size of 5/,
      ],
      [
        'uneven',
        {
          uploadMode: 'multipart',
          partSize: 5,
          parts: [
            { offset: 0, length: 4 },
            { offset: 4, length: 5 },
            { offset: 9, length: 3 },
          ],
        },
        /only the last part may be shorter/,
      ],
      [
        'empty part',
        { uploadMode: 'multipart', partSize: 5, parts: [{ offset: 0, length: 0 }] },
        /length of part 0 .* at least 1/,
      ],
      [
        'no parts',
        { uploadMode: 'multipart', partSize: 5, parts: [] },
        /covers 0 bytes, but the file has 12/,
      ],
      [
        'two singles',
        {
          uploadMode: 'single',
          partSize: 12,
          parts: [
            { offset: 0, length: 6 },
            { offset: 6, length: 6 },
          ],
        },
        /a single PUT sends at most one/,
      ],
      [
        'bad mode',
        { uploadMode: 'resumable' as 'single', partSize: 12, parts: [] },
        /upload mode resumable; use one of single, multipart, azure-blocks/,
      ],
      [
        'bad md5',
        {
          uploadMode: 'multipart',
          partSize: 12,
          parts: [{ offset: 0, length: 12, md5Hex: 'XYZ' }],
        },
        /MD5 of part 0 .* lowercase hex/,
      ],
    ];

    for (const [name, plan, message] of cases) {
      expect(() => journal.recordPlan(fileId, plan), name).toThrow(message);
    }
    expect(journal.allParts(fileId)).toEqual([]);
    expect(journal.getFile(fileId).uploadMode).toBeNull();
    journal.close();
  });

  it('accepts a single PUT without parts', () => {
    const { journal, fileId } = journalWithFile(12);
    journal.recordPlan(fileId, { uploadMode: 'single', partSize: 12, parts: [] });

    expect(journal.getFile(fileId).uploadMode).toBe('single');
    expect(journal.pendingParts(fileId)).toEqual([]);
    journal.close();
  });

  it('guards upload id and MD5 after receipts', () => {
    const { journal, fileId } = journalWithFile(10);
    journal.recordPlan(fileId, { ...planFor(10, 5), md5Base64: md5Base64('v1') });
    journal.recordStorage(fileId, { uploadId: 'UPLOAD-A' });

    // Before any receipt, a new upload id may replace the old one.
    journal.recordStorage(fileId, { uploadId: 'UPLOAD-B' });
    journal.confirmPart(fileId, 0, '"e0"');

    expect(() => journal.recordStorage(fileId, { uploadId: 'UPLOAD-C' })).toThrow(
      /confirmed parts under upload id UPLOAD-B/,
    );
    expect(() => journal.recordHash(fileId, md5Base64('v2'))).toThrow(
      /content changed; restart the file/,
    );
    journal.recordStorage(fileId, { uploadId: 'UPLOAD-B', storagePath: 'content/x' });
    journal.recordHash(fileId, md5Base64('v1'));
    expect(journal.getFile(fileId)).toMatchObject({
      uploadId: 'UPLOAD-B',
      storagePath: 'content/x',
    });
    journal.close();
  });

  // Each confirmation is its own fsync'd commit, and 10,000 of them took 30 s on a busy ext4
  // virtual disk, so this test gets a longer timeout than the unit default of 60 s.
  it('holds 10,000 parts of one file', { timeout: 300_000 }, () => {
    const clock = new TestClock();
    const partSize = 5 * MIB;
    const count = 10_000;
    const { journal, fileId } = journalWithFile(count * partSize - 123, clock);
    journal.recordPlan(fileId, planFor(count * partSize - 123, partSize));

    const urls = Array.from({ length: count }, (_, index) => ({
      index,
      url: presignedUrl('big', index + 1),
      expiresAtMs: clock.nowMs + (index % 2 === 0 ? 3600_000 : 1000),
    }));
    journal.recordPartUrls(fileId, urls);
    expect(journal.partsNeedingUrls(fileId, clock.nowMs, 60_000)).toHaveLength(count / 2);

    for (let index = count - 1; index >= 0; index -= 1) {
      journal.confirmPart(fileId, index, `"etag-${index}"`);
    }

    const confirmed = journal.confirmedParts(fileId);
    expect(confirmed).toHaveLength(count);
    expect(confirmed.every((part, i) => part.index === i && part.partNumber === i + 1)).toBe(true);
    expect(confirmed.every((part, i) => part.receipt === `"etag-${i}"`)).toBe(true);
    expect(confirmed.at(-1)!.length).toBe(partSize - 123);
    expect(journal.pendingParts(fileId)).toEqual([]);
    expect(journal.partsNeedingUrls(fileId, clock.nowMs, 60_000)).toEqual([]);
    expect(journal.getFile(fileId).bytesDone).toBe(count * partSize - 123);
    journal.close();
  });

  it('rejects completing with unconfirmed parts', () => {
    const { journal, fileId } = journalWithFile(10);
    journal.recordPlan(fileId, planFor(10, 5));
    for (const state of ['hashing', 'hashed', 'waiting-for-urls', 'uploading'] as const) {
      journal.setFileState(fileId, state);
    }
    journal.confirmPart(fileId, 0, '"e0"');

    expect(() => journal.setFileState(fileId, 'completing')).toThrow(
      /cannot move to 'completing': 1 of its parts have no receipt/,
    );
    expect(() => journal.setFileState(fileId, 'done')).toThrow(JournalError);
    expect(journal.getFile(fileId).state).toBe('uploading');
    journal.close();
  });
});
