// Statements on the `file_transfers` table: adding files in batches, listing them and moving
// them between states.

import type { Database, Statement } from 'better-sqlite3';

import { JournalError } from './errors';
import { wholeMilliseconds } from './fingerprint';
import type { FileRow } from './rows';
import { FILE_COLUMNS, toFileRecord } from './rows';
import type { TransferStore } from './transfer-store';
import { checkFileTransition, FINISHED_FILE_STATES, STATES_NEEDING_ALL_PARTS } from './transitions';
import type { ErrorInfo, FileState, FileTransferRecord, NewFile } from './types';
import { validateErrorInfo, validateNewFile } from './validate';

/** Transfer states in which files may still be added, because the folder walk is not over. */
const STATES_ACCEPTING_FILES = ['queued', 'running', 'paused'];

export class FileStore {
  private readonly insertRow: Statement;
  private readonly selectRow: Statement<[number], FileRow>;
  private readonly selectByTransfer: Statement<[string], FileRow>;
  private readonly selectUnfinished: Statement<[string, string], FileRow>;
  private readonly countPendingParts: Statement<[number], { count: number }>;
  private readonly sumBytesDone: Statement<[string], { bytes: number | null }>;
  private readonly updateState: Statement;

  constructor(
    private readonly db: Database,
    private readonly transfers: TransferStore,
    private readonly now: () => number,
  ) {
    this.insertRow = db.prepare(`
      INSERT INTO file_transfers (transfer_id, logical_path, local_path, size, mtime_ms,
        md5_base64, state, updated_at_ms)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`);
    this.selectRow = db.prepare(`SELECT ${FILE_COLUMNS} FROM file_transfers WHERE id = ?`);
    this.selectByTransfer = db.prepare(
      `SELECT ${FILE_COLUMNS} FROM file_transfers WHERE transfer_id = ? ORDER BY id`,
    );
    this.selectUnfinished = db.prepare(`
      SELECT ${FILE_COLUMNS} FROM file_transfers
      WHERE transfer_id = ? AND state NOT IN (SELECT value FROM json_each(?))
      ORDER BY id`);
    this.countPendingParts = db.prepare(
      'SELECT count(*) AS count FROM parts WHERE file_id = ? AND receipt IS NULL',
    );
    // Files that need no transfer (deduplicated, skipped) count whole, like finished ones.
    this.sumBytesDone = db.prepare(`
      SELECT sum(CASE WHEN state IN ('done', 'deduplicated', 'skipped') THEN size
        ELSE bytes_done END) AS bytes
      FROM file_transfers WHERE transfer_id = ?`);
    this.updateState = db.prepare(`
      UPDATE file_transfers SET state = ?, error_code = ?, error_message = ?,
        bytes_done = CASE WHEN ? = 'done' THEN size ELSE bytes_done END, updated_at_ms = ?
      WHERE id = ?`);
  }

  /** Returns the bytes of a transfer already at their destination. */
  bytesDone(transferId: string): number {
    return this.sumBytesDone.get(transferId)?.bytes ?? 0;
  }

  /** Inserts a batch of files in one transaction and returns their ids in input order. */
  insertBatch(transferId: string, files: readonly NewFile[]): number[] {
    const run = this.db.transaction(() => {
      const transfer = this.transfers.require(transferId);
      if (!STATES_ACCEPTING_FILES.includes(transfer.state)) {
        throw new JournalError(
          'conflict',
          `transfer ${transferId} is ${transfer.state}; files can be added only while it is ` +
            STATES_ACCEPTING_FILES.join(', '),
        );
      }

      const ids: number[] = [];
      let bytes = 0;
      for (const file of files) {
        ids.push(this.insertOne(transferId, validateNewFile(file)));
        bytes += file.size;
      }

      this.transfers.addTotals(transferId, files.length, bytes);
      return ids;
    });
    return run.immediate();
  }

  get(fileId: number): FileTransferRecord {
    return toFileRecord(this.requireRow(fileId));
  }

  listByTransfer(transferId: string): FileTransferRecord[] {
    return this.selectByTransfer.all(transferId).map(toFileRecord);
  }

  /** Yields files one row at a time; the connection runs no other statement until it ends. */
  *iterateByTransfer(transferId: string): Generator<FileTransferRecord> {
    for (const row of this.selectByTransfer.iterate(transferId)) yield toFileRecord(row);
  }

  listUnfinished(transferId: string): FileTransferRecord[] {
    return this.selectUnfinished
      .all(transferId, JSON.stringify(FINISHED_FILE_STATES))
      .map(toFileRecord);
  }

  /**
   * Moves a file to `to`, storing `error` (or clearing the stored one). `completing` and `done`
   * need every planned part confirmed; `done` also sets the bytes done to the file size.
   */
  setState(fileId: number, to: FileState, error?: ErrorInfo): void {
    const checkedError = validateErrorInfo(error);

    this.db
      .transaction(() => {
        const row = this.requireRow(fileId);
        if (!checkFileTransition(fileId, row.state, to) && error === undefined) return;

        if (STATES_NEEDING_ALL_PARTS.includes(to)) {
          const pending = this.countPendingParts.get(fileId)?.count ?? 0;
          if (pending > 0) {
            throw new JournalError(
              'conflict',
              `file ${fileId} cannot move to '${to}': ${pending} of its parts have no receipt yet`,
            );
          }
        }

        this.updateState.run(
          to,
          checkedError?.code ?? null,
          checkedError?.message ?? null,
          to,
          this.now(),
          fileId,
        );
        this.transfers.touch(row.transfer_id);
      })
      .immediate();
  }

  requireRow(fileId: number): FileRow {
    const row = this.selectRow.get(fileId);
    if (row === undefined) {
      throw new JournalError('not-found', `file transfer ${fileId} is not in the journal`);
    }
    return row;
  }

  private insertOne(transferId: string, file: NewFile): number {
    const mtimeMs = file.mtimeMs === undefined ? null : wholeMilliseconds(file.mtimeMs);

    try {
      const result = this.insertRow.run(
        transferId,
        file.logicalPath,
        file.localPath,
        file.size,
        mtimeMs,
        file.md5Base64 ?? null,
        this.now(),
      );
      return Number(result.lastInsertRowid);
    } catch (error) {
      // The UNIQUE (transfer_id, logical_path) constraint is the only one an insert can break
      // after validateNewFile; better-sqlite3 puts SQLite's extended result code in `code`.
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      throw new JournalError(
        'conflict',
        `transfer ${transferId} already has a file at logical path ${JSON.stringify(file.logicalPath)}`,
        { cause: error },
      );
    }
  }
}
