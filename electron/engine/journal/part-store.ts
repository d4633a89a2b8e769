// Statements on the `parts` table: the part plan, per-part URLs, receipts and the lists the
// engine needs to resume and to complete a multipart upload.

import type { Database, Statement } from 'better-sqlite3';

import { JournalError, ReceiptConflictError } from './errors';
import type { FileStore } from './file-store';
import { samePlan, validatePlan } from './plan';
import type { PartRow } from './rows';
import { PART_COLUMNS, toPartRecord } from './rows';
import type { ConfirmedPart, PartPlan, PartRecord, PartUrl, PresignedUrl } from './types';
import { requireInteger, requireText, requireTime, requireUrl } from './validate';

export class PartStore {
  private readonly insertPart: Statement;
  private readonly updatePlanColumns: Statement;
  private readonly selectAll: Statement<[number], PartRow>;
  private readonly selectPending: Statement<[number], PartRow>;
  private readonly selectConfirmed: Statement<[number], PartRow>;
  private readonly selectNeedingUrls: Statement<[number, number], PartRow>;
  private readonly selectReceipt: Statement<
    [number, number],
    { receipt: string | null; length: number }
  >;
  private readonly selectUrl: Statement<
    [number, number],
    { url: string | null; expires: number | null }
  >;
  private readonly updateUrl: Statement<[string, number, number, number]>;
  private readonly updateReceipt: Statement<[string, number, number, number]>;
  private readonly addBytesDone: Statement<[number, number, number]>;

  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
    private readonly now: () => number,
  ) {
    this.insertPart = db.prepare(`
      INSERT INTO parts (file_id, part_index, part_number, byte_offset, length, md5_hex)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.updatePlanColumns = db.prepare(`
      UPDATE file_transfers SET upload_mode = ?, part_size = ?,
        md5_base64 = coalesce(?, md5_base64), updated_at_ms = ?
      WHERE id = ?`);
    this.selectAll = db.prepare(
      `SELECT ${PART_COLUMNS} FROM parts WHERE file_id = ? ORDER BY part_index`,
    );
    this.selectPending = db.prepare(
      `SELECT ${PART_COLUMNS} FROM parts WHERE file_id = ? AND receipt IS NULL ORDER BY part_index`,
    );
    this.selectConfirmed = db.prepare(
      `SELECT ${PART_COLUMNS} FROM parts WHERE file_id = ? AND receipt IS NOT NULL ORDER BY part_index`,
    );
    this.selectNeedingUrls = db.prepare(`
      SELECT ${PART_COLUMNS} FROM parts
      WHERE file_id = ? AND receipt IS NULL AND (url IS NULL OR url_expires_at_ms <= ?)
      ORDER BY part_index`);
    this.selectReceipt = db.prepare(
      'SELECT receipt, length FROM parts WHERE file_id = ? AND part_index = ?',
    );
    this.selectUrl = db.prepare(
      'SELECT url, url_expires_at_ms AS expires FROM parts WHERE file_id = ? AND part_index = ?',
    );
    this.updateUrl = db.prepare(
      'UPDATE parts SET url = ?, url_expires_at_ms = ? WHERE file_id = ? AND part_index = ?',
    );
    this.updateReceipt = db.prepare(
      'UPDATE parts SET receipt = ?, confirmed_at_ms = ? WHERE file_id = ? AND part_index = ?',
    );
    this.addBytesDone = db.prepare(
      'UPDATE file_transfers SET bytes_done = bytes_done + ?, updated_at_ms = ? WHERE id = ?',
    );
  }

  /**
   * Stores the upload mode, part size, MD5s and parts of a file in one transaction. Recording
   * the same plan again is a no-op, so hashing can be replayed after a crash. A different plan
   * is rejected until the file is restarted, because its receipts belong to the old one.
   */
  recordPlan(fileId: number, plan: PartPlan): void {
    this.db
      .transaction(() => {
        const file = this.files.requireRow(fileId);
        validatePlan(fileId, file.size, plan);

        const stored = this.selectAll.all(fileId);
        const sameFileColumns =
          file.upload_mode === plan.uploadMode &&
          file.part_size === plan.partSize &&
          (plan.md5Base64 === undefined || plan.md5Base64 === file.md5_base64);

        if (file.upload_mode !== null) {
          if (sameFileColumns && samePlan(stored, plan)) return;
          throw new JournalError(
            'conflict',
            `file ${fileId} already has a different plan (${file.upload_mode}, ${stored.length} parts); ` +
              'restart the file to plan it again',
          );
        }

        plan.parts.forEach((part, index) => {
          this.insertPart.run(
            fileId,
            index,
            index + 1,
            part.offset,
            part.length,
            part.md5Hex ?? null,
          );
        });
        this.updatePlanColumns.run(
          plan.uploadMode,
          plan.partSize,
          plan.md5Base64 ?? null,
          this.now(),
          fileId,
        );
      })
      .immediate();
  }

  /** Stores a URL and its expiry for each listed part, all or none. */
  recordUrls(fileId: number, urls: readonly PartUrl[]): void {
    urls.forEach((entry) => {
      requireInteger(entry.index, `part index for file ${fileId}`);
      requireUrl(entry.url, entry.expiresAtMs, `URL of part ${entry.index} of file ${fileId}`);
    });

    this.db
      .transaction(() => {
        this.files.requireRow(fileId);
        for (const entry of urls) {
          const result = this.updateUrl.run(entry.url, entry.expiresAtMs, fileId, entry.index);
          if (result.changes === 0) throw missingPart(fileId, entry.index);
        }
      })
      .immediate();
  }

  /** Returns the stored URL of one part, or undefined when it has none. */
  url(fileId: number, index: number): PresignedUrl | undefined {
    const row = this.selectUrl.get(fileId, index);
    if (row === undefined) throw missingPart(fileId, index);

    if (row.url === null || row.expires === null) return undefined;
    return { url: row.url, expiresAtMs: row.expires };
  }

  /** Lists parts without a receipt whose URL is missing or expires by `nowMs + marginMs`. */
  needingUrls(fileId: number, nowMs: number, marginMs: number): PartRecord[] {
    requireTime(nowMs, 'now');
    requireTime(marginMs, 'margin');
    this.files.requireRow(fileId);
    return this.selectNeedingUrls.all(fileId, nowMs + marginMs).map(toPartRecord);
  }

  /**
   * Stores the receipt of a part and adds its length to the bytes done, in one transaction.
   * Returns false when the part already has this receipt. A different receipt throws
   * `ReceiptConflictError`, because the first one may already be in a completion request.
   */
  confirm(fileId: number, index: number, receipt: string): boolean {
    requireInteger(index, `part index for file ${fileId}`);
    requireText(receipt, `receipt of part ${index} of file ${fileId}`);

    // IMMEDIATE takes the write lock before the read, so two writers cannot both see no receipt.
    return this.db
      .transaction(() => {
        const part = this.selectReceipt.get(fileId, index);
        if (part === undefined) throw missingPart(fileId, index);

        if (part.receipt === receipt) return false;
        if (part.receipt !== null)
          throw new ReceiptConflictError(fileId, index, part.receipt, receipt);

        const now = this.now();
        this.updateReceipt.run(receipt, now, fileId, index);
        this.addBytesDone.run(part.length, now, fileId);
        return true;
      })
      .immediate();
  }

  all(fileId: number): PartRecord[] {
    return this.selectAll.all(fileId).map(toPartRecord);
  }

  pending(fileId: number): PartRecord[] {
    return this.selectPending.all(fileId).map(toPartRecord);
  }

  confirmed(fileId: number): ConfirmedPart[] {
    return this.selectConfirmed.all(fileId).map((row) => toPartRecord(row) as ConfirmedPart);
  }
}

function missingPart(fileId: number, index: number): JournalError {
  return new JournalError(
    'not-found',
    `file transfer ${fileId} has no part ${index} in the journal; record its part plan first`,
  );
}
