// The journal: the durable record of transfers, file transfers, parts, receipts and URL
// expiries that lets the engine resume after a crash without sending a confirmed part again.
//
// It uses better-sqlite3 prepared statements rather than Kysely because the engine records a
// receipt from its send loop, and synchronous transactions make each read-check-write step
// atomic with no await in between. Nothing in this folder logs, and callers
// must pass a URL through `redactUrl` before they log it.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import type { Database } from 'better-sqlite3';

import { JournalError } from './errors';
import type { StatLike } from './fingerprint';
import { FileDataStore } from './file-data-store';
import { FileStore } from './file-store';
import { migrate } from './migrations';
import { isProcessAlive, OwnerStore } from './owner-store';
import type { ClaimResult, HeartbeatResult } from './owner-store';
import { PartStore } from './part-store';
import type { ListTransfersOptions } from './transfer-store';
import { TransferStore } from './transfer-store';
import { RESUMABLE_TRANSFER_STATES } from './transitions';
import type {
  ConfirmedPart,
  ErrorInfo,
  FileState,
  FileTransferRecord,
  NewFile,
  PartPlan,
  PartRecord,
  PartUrl,
  PlatformIds,
  PresignedUrl,
  RequestedState,
  TransferKind,
  TransferRecord,
  TransferState,
  TransferTarget,
  TransferWithFiles,
} from './types';
import { requireTime } from './validate';

export interface JournalOptions {
  /** Clock for created, updated and confirmed times, in milliseconds; `Date.now` by default. */
  now?: () => number;
  /** Whether a process id exists, for owner leases; `isProcessAlive` by default. */
  processAlive?: (pid: number) => boolean;
}

export interface NewTransfer {
  kind: TransferKind;
  target: TransferTarget;
  /** First files; a folder walk adds the rest with `addFiles` as it finds them. */
  files?: readonly NewFile[];
}

export class Journal {
  private readonly transfers: TransferStore;
  private readonly files: FileStore;
  private readonly fileData: FileDataStore;
  private readonly parts: PartStore;
  private readonly owners: OwnerStore;

  private constructor(
    private readonly db: Database,
    readonly path: string,
    now: () => number,
    processAlive: (pid: number) => boolean,
  ) {
    this.transfers = new TransferStore(db, now);
    this.owners = new OwnerStore(db, this.transfers, now, processAlive);
    this.files = new FileStore(db, this.transfers, now);
    this.fileData = new FileDataStore(db, this.files, this.transfers, now);
    this.parts = new PartStore(db, this.files, now);
  }

  /**
   * Opens the journal at `path`, creating the file and its folder if needed, and brings its
   * schema up to date.
   *
   * The journal uses `synchronous = NORMAL` in WAL mode. A commit survives a crash or kill of
   * the process. SQLite syncs the WAL at checkpoints rather than on every commit, so a commit
   * may roll back after a power loss or OS crash (https://www.sqlite.org/wal.html). The file
   * stays consistent either way, and a lost receipt only makes the engine send that part
   * again. FULL paid one fsync per commit, about ten per small file, which made the journal
   * the bottleneck of uploads of many small files.
   */
  static open(path: string, options: JournalOptions = {}): Journal {
    mkdirSync(dirname(path), { recursive: true });

    let db: Database;
    try {
      db = new SqliteDatabase(path);
    } catch (error) {
      throw new JournalError(
        'open-failed',
        `failed to open journal ${path}: ${(error as Error).message}; ` +
          'check that the folder exists and is writable',
        { cause: error },
      );
    }

    try {
      // NOTE: WAL needs all processes on one host (https://www.sqlite.org/wal.html). On a network
      // filesystem SQLite may still report 'wal', so this check catches only an outright refusal.
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new JournalError(
          'open-failed',
          `journal ${path} failed to switch to WAL mode (SQLite kept '${String(mode)}'); ` +
            'put the journal on a local disk',
        );
      }
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // Another process (the app and the CLI) may hold the write lock for a moment.
      db.pragma('busy_timeout = 5000');

      migrate(db, path);
    } catch (error) {
      db.close();
      if (error instanceof JournalError) throw error;
      throw new JournalError(
        'open-failed',
        `failed to open journal ${path}: ${(error as Error).message}; ` +
          'check that the file is a BYOB Transfer journal or pass another path',
        { cause: error },
      );
    }

    return new Journal(db, path, options.now ?? Date.now, options.processAlive ?? isProcessAlive);
  }

  /** Closes the database; later calls on this journal throw. Closing twice is harmless. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Creates a transfer in state `queued` together with its first files, in one transaction. */
  createTransfer(input: NewTransfer): TransferRecord {
    return this.db
      .transaction(() => {
        const transfer = this.transfers.insert(input.kind, input.target);
        if (input.files !== undefined && input.files.length > 0) {
          this.files.insertBatch(transfer.id, input.files);
        }
        return this.transfers.require(transfer.id);
      })
      .immediate();
  }

  /**
   * Runs `steps` in one transaction and returns their result. Every write inside commits
   * together, so a batch of small updates costs one commit instead of one each. `steps`
   * must be synchronous, because the transaction commits as soon as it returns.
   */
  inTransaction<T>(steps: () => T): T {
    return this.db.transaction(steps)();
  }

  /** Adds a batch of files in one transaction and returns their ids in input order. */
  addFiles(transferId: string, files: readonly NewFile[]): number[] {
    return this.files.insertBatch(transferId, files);
  }

  /**
   * Moves a transfer to `to` through the transition table, storing `error` or clearing the
   * stored one. Moving to the current state is a no-op.
   */
  setTransferState(transferId: string, to: TransferState, error?: ErrorInfo): void {
    this.transfers.setState(transferId, to, error);
  }

  /** Stores the artifact id, manifest id or digest; ids left undefined keep their value. */
  recordPlatformIds(transferId: string, ids: PlatformIds): void {
    this.transfers.recordPlatformIds(transferId, ids);
  }

  /** Marks that every file of the transfer is in the journal, so a resume need not list again. */
  markListingComplete(transferId: string): void {
    this.transfers.markListingComplete(transferId);
  }

  /**
   * Takes the owner lease of a transfer for process `pid`, unless another live process holds
   * it; then the result names that owner.
   */
  claimTransfer(transferId: string, pid: number = process.pid): ClaimResult {
    return this.owners.claim(transferId, pid);
  }

  /** Renews `pid`'s heartbeat and returns the state another process requested, if any. */
  heartbeatTransfer(transferId: string, pid: number = process.pid): HeartbeatResult {
    return this.owners.heartbeat(transferId, pid);
  }

  /** Gives up `pid`'s owner lease of a transfer. */
  releaseTransfer(transferId: string, pid: number = process.pid): void {
    this.owners.release(transferId, pid);
  }

  /** Requests that the transfer's owner pause or cancel it, or withdraws the request with null. */
  requestTransferState(transferId: string, state: RequestedState | null): void {
    this.owners.request(transferId, state);
  }

  /** Returns a transfer with all its files, or undefined when the id is unknown. */
  getTransfer(transferId: string): TransferWithFiles | undefined {
    // One read transaction, so the transfer and its files come from the same snapshot.
    return this.db.transaction(() => {
      const transfer = this.transfers.get(transferId);
      if (transfer === undefined) return undefined;
      return { transfer, files: this.files.listByTransfer(transferId) };
    })();
  }

  /** Lists transfers newest first, for the history view and its CSV or JSON export. */
  listTransfers(options?: ListTransfersOptions): TransferRecord[] {
    return this.transfers.list(options);
  }

  /**
   * Yields the files of a transfer one row at a time, for exports too large to hold at once.
   * The connection runs no other statement until the iteration ends.
   */
  iterateFiles(transferId: string): Generator<FileTransferRecord> {
    return this.files.iterateByTransfer(transferId);
  }

  /**
   * Returns the bytes of a transfer already at their destination: finished, deduplicated and
   * skipped files whole, the others up to their recorded progress.
   */
  bytesDone(transferId: string): number {
    return this.files.bytesDone(transferId);
  }

  /** Lists running, paused and failed transfers, oldest first, with their unfinished files. */
  resumable(): TransferWithFiles[] {
    return this.db.transaction(() => this.listResumable())();
  }

  private listResumable(): TransferWithFiles[] {
    const transfers = this.transfers.list({
      states: RESUMABLE_TRANSFER_STATES,
      limit: Number.MAX_SAFE_INTEGER,
    });

    return transfers.reverse().map((transfer) => ({
      transfer,
      files: this.files.listUnfinished(transfer.id),
    }));
  }

  /** Returns one file transfer; throws `JournalError` with code `not-found` for an unknown id. */
  getFile(fileId: number): FileTransferRecord {
    return this.files.get(fileId);
  }

  /**
   * Moves a file to `to` through the transition table. `completing` and `done` need every
   * planned part confirmed.
   */
  setFileState(fileId: number, to: FileState, error?: ErrorInfo): void {
    this.files.setState(fileId, to, error);
  }

  /** Stores the whole-file MD5 (base64); a changed MD5 is rejected once receipts exist. */
  recordHash(fileId: number, md5Base64: string): void {
    this.fileData.recordHash(fileId, md5Base64);
  }

  /** Stores the object key and the upload id the platform returned for a file. */
  recordStorage(fileId: number, storage: { storagePath?: string; uploadId?: string }): void {
    this.fileData.recordStorage(fileId, storage);
  }

  /** Stores the ETag of the object a download reads (sent as `If-Match`); null clears it. */
  recordRemoteEtag(fileId: number, etag: string | null): void {
    this.fileData.recordRemoteEtag(fileId, etag);
  }

  /** Stores the bytes written so far for a file sent without parts. */
  recordProgress(fileId: number, bytesDone: number): void {
    this.fileData.recordProgress(fileId, bytesDone);
  }

  /**
   * Resets a file to `pending` and deletes its parts, receipts, upload id and URL, optionally
   * with the new size and modification time of a changed local file.
   */
  restartFile(fileId: number, stat?: StatLike): void {
    this.fileData.restart(fileId, stat);
  }

  /** Stores the whole-file URL: the single PUT of an upload or the GET of a download. */
  recordFileUrl(fileId: number, url: PresignedUrl): void {
    this.fileData.recordUrl(fileId, url);
  }

  /** Returns the whole-file URL. Pass it to `redactUrl` before logging it. */
  fileUrl(fileId: number): PresignedUrl | undefined {
    return this.fileData.url(fileId);
  }

  /** Returns true when the whole-file URL is missing or expires at or before `nowMs + marginMs`. */
  fileNeedsUrl(fileId: number, nowMs: number, marginMs: number): boolean {
    requireTime(nowMs, 'now');
    requireTime(marginMs, 'margin');
    const url = this.fileData.url(fileId);
    return url === undefined || url.expiresAtMs <= nowMs + marginMs;
  }

  /** Stores how a file is cut into parts, before its first byte is sent. Idempotent. */
  recordPlan(fileId: number, plan: PartPlan): void {
    this.parts.recordPlan(fileId, plan);
  }

  /** Stores the URL and expiry of each listed part, all in one transaction. */
  recordPartUrls(fileId: number, urls: readonly PartUrl[]): void {
    this.parts.recordUrls(fileId, urls);
  }

  /** Returns the URL of one part. Pass it to `redactUrl` before logging it. */
  partUrl(fileId: number, index: number): PresignedUrl | undefined {
    return this.parts.url(fileId, index);
  }

  /** Lists parts without a receipt whose URL is missing or expires within `marginMs` of `nowMs`. */
  partsNeedingUrls(fileId: number, nowMs: number, marginMs: number): PartRecord[] {
    return this.parts.needingUrls(fileId, nowMs, marginMs);
  }

  /**
   * Stores the receipt of a part. Returns false when the part already has this receipt; a
   * different receipt throws `ReceiptConflictError`.
   */
  confirmPart(fileId: number, index: number, receipt: string): boolean {
    return this.parts.confirm(fileId, index, receipt);
  }

  /** Lists every part of a file in index order. */
  allParts(fileId: number): PartRecord[] {
    return this.parts.all(fileId);
  }

  /** Lists the parts without a receipt in index order: what is left to send. */
  pendingParts(fileId: number): PartRecord[] {
    return this.parts.pending(fileId);
  }

  /** Lists the confirmed parts in index order, with receipts, for the completion request. */
  confirmedParts(fileId: number): ConfirmedPart[] {
    return this.parts.confirmed(fileId);
  }
}
