// Statements that fill in a file transfer as it proceeds: its hash, storage location,
// whole-file URL and progress, and the restart that clears them again.

import type { Database, Statement } from 'better-sqlite3';

import { JournalError } from './errors';
import type { StatLike } from './fingerprint';
import { wholeMilliseconds } from './fingerprint';
import type { FileStore } from './file-store';
import type { TransferStore } from './transfer-store';
import { checkFileTransition } from './transitions';
import type { PresignedUrl } from './types';
import { invalid, requireInteger, requireMd5Base64, requireText, requireUrl } from './validate';

export class FileDataStore {
  private readonly selectUrl: Statement<[number], { url: string | null; expires: number | null }>;
  private readonly selectAnyReceipt: Statement<[number], { found: number }>;
  private readonly updateColumns: Statement;
  private readonly resetRow: Statement;
  private readonly deleteParts: Statement<[number]>;

  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
    private readonly transfers: TransferStore,
    private readonly now: () => number,
  ) {
    this.selectUrl = db.prepare(
      'SELECT url, url_expires_at_ms AS expires FROM file_transfers WHERE id = ?',
    );
    this.selectAnyReceipt = db.prepare(
      'SELECT 1 AS found FROM parts WHERE file_id = ? AND receipt IS NOT NULL LIMIT 1',
    );
    // A column keeps its stored value when its `keep_` flag is 1, so one statement serves
    // every partial update below.
    this.updateColumns = db.prepare(`
      UPDATE file_transfers SET
        md5_base64 = CASE WHEN @keep_md5 THEN md5_base64 ELSE @md5 END,
        storage_path = CASE WHEN @keep_storage THEN storage_path ELSE @storage END,
        upload_id = CASE WHEN @keep_upload_id THEN upload_id ELSE @upload_id END,
        url = CASE WHEN @keep_url THEN url ELSE @url END,
        url_expires_at_ms = CASE WHEN @keep_url THEN url_expires_at_ms ELSE @expires END,
        bytes_done = CASE WHEN @keep_bytes THEN bytes_done ELSE @bytes END,
        remote_etag = CASE WHEN @keep_etag THEN remote_etag ELSE @etag END,
        updated_at_ms = @now
      WHERE id = @id`);
    this.resetRow = db.prepare(`
      UPDATE file_transfers SET state = 'pending', size = @size, mtime_ms = @mtime,
        md5_base64 = CASE WHEN @upload THEN NULL ELSE md5_base64 END,
        storage_path = CASE WHEN @upload THEN NULL ELSE storage_path END,
        upload_id = NULL, upload_mode = NULL, part_size = NULL, url = NULL,
        url_expires_at_ms = NULL, bytes_done = 0, error_code = NULL, error_message = NULL,
        remote_etag = NULL, updated_at_ms = @now
      WHERE id = @id`);
    this.deleteParts = db.prepare('DELETE FROM parts WHERE file_id = ?');
  }

  /**
   * Stores the whole-file MD5. A different MD5 is rejected while receipts exist, because then
   * the content changed after some parts were sent, and mixing them would corrupt the object.
   */
  recordHash(fileId: number, md5Base64: string): void {
    requireMd5Base64(md5Base64, `MD5 of file ${fileId}`);

    this.db
      .transaction(() => {
        const row = this.files.requireRow(fileId);
        const changes = row.md5_base64 !== null && row.md5_base64 !== md5Base64;

        if (changes && this.hasReceipts(fileId)) {
          throw new JournalError(
            'conflict',
            `file ${fileId} has MD5 ${row.md5_base64} and confirmed parts, so MD5 ${md5Base64} ` +
              'means its content changed; restart the file to send it again',
          );
        }
        this.update(fileId, { md5: md5Base64 });
      })
      .immediate();
  }

  /**
   * Stores the object key and the provider's upload id. A different upload id is rejected
   * while receipts exist, because those parts belong to the old upload.
   */
  recordStorage(fileId: number, storage: { storagePath?: string; uploadId?: string }): void {
    if (storage.storagePath !== undefined) {
      requireText(storage.storagePath, `storage path of file ${fileId}`);
    }
    if (storage.uploadId !== undefined) {
      requireText(storage.uploadId, `upload id of file ${fileId}`);
    }

    this.db
      .transaction(() => {
        const row = this.files.requireRow(fileId);
        const changesUpload =
          storage.uploadId !== undefined &&
          row.upload_id !== null &&
          storage.uploadId !== row.upload_id;

        if (changesUpload && this.hasReceipts(fileId)) {
          throw new JournalError(
            'conflict',
            `file ${fileId} already has confirmed parts under upload id ${row.upload_id}; ` +
              'restart the file before starting another upload',
          );
        }
        this.update(fileId, { storagePath: storage.storagePath, uploadId: storage.uploadId });
      })
      .immediate();
  }

  /** Stores the whole-file URL: the single PUT of an upload or the GET of a download. */
  recordUrl(fileId: number, url: PresignedUrl): void {
    requireUrl(url.url, url.expiresAtMs, `URL of file ${fileId}`);
    this.files.requireRow(fileId);
    this.update(fileId, { url });
  }

  /** Returns the whole-file URL, or undefined when none is stored. */
  url(fileId: number): PresignedUrl | undefined {
    const row = this.selectUrl.get(fileId);
    if (row === undefined) {
      throw new JournalError('not-found', `file transfer ${fileId} is not in the journal`);
    }

    if (row.url === null || row.expires === null) return undefined;
    return { url: row.url, expiresAtMs: row.expires };
  }

  /** Stores how many bytes of a single-PUT upload or a download have been written. */
  recordProgress(fileId: number, bytesDone: number): void {
    const row = this.files.requireRow(fileId);
    requireInteger(bytesDone, `bytes done of file ${fileId}`);
    if (bytesDone > row.size) {
      throw invalid(
        `bytes done of file ${fileId} is ${bytesDone}, more than its size of ${row.size}`,
      );
    }
    this.update(fileId, { bytesDone });
  }

  /**
   * Stores the ETag of the object a download reads, which later requests send as `If-Match`;
   * null clears it.
   */
  recordRemoteEtag(fileId: number, etag: string | null): void {
    if (etag !== null) requireText(etag, `ETag of file ${fileId}`);
    this.files.requireRow(fileId);
    this.update(fileId, { remoteEtag: etag });
  }

  /**
   * Puts a file back to `pending` and deletes its parts, receipts, upload id, URL and remote
   * ETag, so it is sent again from the first byte. For uploads the MD5 and storage path go too, because they
   * describe the old content; downloads keep the expected MD5 from the manifest.
   */
  restart(fileId: number, stat?: StatLike): void {
    if (stat !== undefined) {
      requireInteger(stat.size, `size of file ${fileId}`);
      if (!Number.isFinite(stat.mtimeMs)) {
        throw invalid(`mtimeMs of file ${fileId} must be a finite number`);
      }
    }

    this.db
      .transaction(() => {
        const row = this.files.requireRow(fileId);
        checkFileTransition(fileId, row.state, 'pending');

        const isUpload = this.transfers.require(row.transfer_id).kind.startsWith('upload');
        const size = stat?.size ?? row.size;
        const mtimeMs = stat === undefined ? row.mtime_ms : wholeMilliseconds(stat.mtimeMs);

        this.deleteParts.run(fileId);
        this.resetRow.run({
          id: fileId,
          size,
          mtime: mtimeMs,
          upload: isUpload ? 1 : 0,
          now: this.now(),
        });
        this.transfers.addTotals(row.transfer_id, 0, size - row.size);
      })
      .immediate();
  }

  private hasReceipts(fileId: number): boolean {
    return this.selectAnyReceipt.get(fileId) !== undefined;
  }

  private update(
    fileId: number,
    values: {
      md5?: string;
      storagePath?: string;
      uploadId?: string;
      url?: PresignedUrl;
      bytesDone?: number;
      remoteEtag?: string | null;
    },
  ): void {
    this.updateColumns.run({
      id: fileId,
      keep_md5: values.md5 === undefined ? 1 : 0,
      md5: values.md5 ?? null,
      keep_storage: values.storagePath === undefined ? 1 : 0,
      storage: values.storagePath ?? null,
      keep_upload_id: values.uploadId === undefined ? 1 : 0,
      upload_id: values.uploadId ?? null,
      keep_url: values.url === undefined ? 1 : 0,
      url: values.url?.url ?? null,
      expires: values.url?.expiresAtMs ?? null,
      keep_bytes: values.bytesDone === undefined ? 1 : 0,
      bytes: values.bytesDone ?? null,
      keep_etag: values.remoteEtag === undefined ? 1 : 0,
      etag: values.remoteEtag ?? null,
      now: this.now(),
    });
  }
}
