// Statements on the `transfers` table: creation, state, platform ids and history listings.

import type { Database, Statement } from 'better-sqlite3';

import { JournalError } from './errors';
import { newTransferId } from './ids';
import type { TransferRow } from './rows';
import { TRANSFER_COLUMNS, toTransferRecord } from './rows';
import { checkTransferTransition, FINISHED_FILE_STATES } from './transitions';
import type {
  ErrorInfo,
  PlatformIds,
  TransferKind,
  TransferRecord,
  TransferState,
  TransferTarget,
} from './types';
import { TRANSFER_STATES } from './types';
import {
  invalid,
  requireInteger,
  requireKind,
  validateErrorInfo,
  validateTarget,
} from './validate';

/** Options of `Journal.listTransfers`. */
export interface ListTransfersOptions {
  /** Maximum number of transfers returned; 100 when omitted. */
  limit?: number;
  /** Only transfers in one of these states; every state when omitted. */
  states?: readonly TransferState[];
  /** Only transfers with an id below this one, to page through older history. */
  beforeId?: string;
}

export class TransferStore {
  private readonly insertRow: Statement;
  private readonly selectRow: Statement<[string], TransferRow>;
  private readonly updateState: Statement;
  private readonly updateTotals: Statement;
  private readonly updateTime: Statement;
  private readonly updateIds: Statement;
  private readonly updateListed: Statement;
  private readonly selectPage: Statement<
    [string, string | null, string | null, number],
    TransferRow
  >;
  private readonly selectUnfinished: Statement<
    [string, string],
    { count: number; path: string | null }
  >;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.insertRow = db.prepare(`
      INSERT INTO transfers (id, kind, state, platform_host, entity, project, artifact_name,
        artifact_type, artifact_aliases, artifact_description, run_id, download_root,
        artifact_version, metadata, requested_files, created_at_ms, updated_at_ms)
      VALUES (@id, @kind, 'queued', @platformHost, @entity, @project, @artifactName,
        @artifactType, @aliases, @artifactDescription, @runId, @downloadRoot,
        @artifactVersion, @metadata, @requestedFiles, @now, @now)`);
    this.selectRow = db.prepare(`SELECT ${TRANSFER_COLUMNS} FROM transfers WHERE id = ?`);
    this.updateState = db.prepare(`
      UPDATE transfers SET state = ?, error_code = ?, error_message = ?, updated_at_ms = ?
      WHERE id = ?`);
    this.updateTotals = db.prepare(`
      UPDATE transfers SET total_files = total_files + ?, total_bytes = total_bytes + ?,
        updated_at_ms = ?
      WHERE id = ?`);
    this.updateTime = db.prepare('UPDATE transfers SET updated_at_ms = ? WHERE id = ?');
    this.updateIds = db.prepare(`
      UPDATE transfers SET artifact_id = coalesce(@artifactId, artifact_id),
        manifest_id = coalesce(@manifestId, manifest_id), digest = coalesce(@digest, digest),
        updated_at_ms = @now
      WHERE id = @id`);
    this.updateListed = db.prepare(
      'UPDATE transfers SET listing_complete = 1, updated_at_ms = ? WHERE id = ?',
    );
    // json_each turns the JSON array of states into rows, so one statement serves any filter.
    this.selectPage = db.prepare(`
      SELECT ${TRANSFER_COLUMNS} FROM transfers
      WHERE state IN (SELECT value FROM json_each(?)) AND (? IS NULL OR id < ?)
      ORDER BY id DESC LIMIT ?`);
    this.selectUnfinished = db.prepare(`
      SELECT count(*) AS count, min(logical_path) AS path
      FROM file_transfers
      WHERE transfer_id = ? AND state NOT IN (SELECT value FROM json_each(?))`);
  }

  insert(kind: TransferKind, target: TransferTarget): TransferRecord {
    const checkedKind = requireKind(kind);
    const checked = validateTarget(checkedKind, target);
    const id = newTransferId(this.now());

    this.insertRow.run({
      id,
      kind: checkedKind,
      platformHost: checked.platformHost,
      entity: checked.entity,
      project: checked.project,
      artifactName: checked.artifactName ?? null,
      artifactType: checked.artifactType ?? null,
      aliases: JSON.stringify(checked.aliases ?? []),
      artifactDescription: checked.artifactDescription ?? null,
      runId: checked.runId ?? null,
      downloadRoot: checked.downloadRoot ?? null,
      artifactVersion: checked.artifactVersion ?? null,
      metadata:
        checked.artifactMetadata === undefined ? null : JSON.stringify(checked.artifactMetadata),
      requestedFiles:
        checked.requestedFiles === undefined ? null : JSON.stringify(checked.requestedFiles),
      now: this.now(),
    });
    return this.require(id);
  }

  get(id: string): TransferRecord | undefined {
    const row = this.selectRow.get(id);
    return row === undefined ? undefined : toTransferRecord(row);
  }

  require(id: string): TransferRecord {
    const record = this.get(id);
    if (record === undefined)
      throw new JournalError('not-found', `transfer ${id} is not in the journal`);
    return record;
  }

  /**
   * Moves a transfer to `to`, storing `error` (or clearing the stored one). A transfer
   * completes only when each of its files is done, deduplicated, skipped or cancelled.
   */
  setState(id: string, to: TransferState, error?: ErrorInfo): void {
    const checkedError = validateErrorInfo(error);

    this.db
      .transaction(() => {
        const transfer = this.require(id);
        if (!checkTransferTransition(id, transfer.state, to) && error === undefined) return;

        if (to === 'completed') this.requireAllFilesFinished(id);
        this.updateState.run(
          to,
          checkedError?.code ?? null,
          checkedError?.message ?? null,
          this.now(),
          id,
        );
      })
      .immediate();
  }

  addTotals(id: string, files: number, bytes: number): void {
    this.updateTotals.run(files, bytes, this.now(), id);
  }

  touch(id: string): void {
    this.updateTime.run(this.now(), id);
  }

  /** Stores the ids given; ids left undefined keep their stored value. */
  recordPlatformIds(id: string, ids: PlatformIds): void {
    this.require(id);
    this.updateIds.run({
      id,
      artifactId: ids.artifactId ?? null,
      manifestId: ids.manifestId ?? null,
      digest: ids.digest ?? null,
      now: this.now(),
    });
  }

  /** Marks that every file of the transfer is in the journal. */
  markListingComplete(id: string): void {
    this.require(id);
    this.updateListed.run(this.now(), id);
  }

  /** Lists transfers newest first. */
  list(options: ListTransfersOptions = {}): TransferRecord[] {
    const limit = requireInteger(options.limit ?? 100, 'limit', 1);
    const states = options.states ?? TRANSFER_STATES;
    for (const state of states) {
      if (!TRANSFER_STATES.includes(state))
        throw invalid(`transfer state ${String(state)} is unknown`);
    }

    const before = options.beforeId ?? null;
    return this.selectPage.all(JSON.stringify(states), before, before, limit).map(toTransferRecord);
  }

  private requireAllFilesFinished(id: string): void {
    const unfinished = this.selectUnfinished.get(id, JSON.stringify(FINISHED_FILE_STATES));
    if (unfinished === undefined || unfinished.count === 0) return;

    throw new JournalError(
      'conflict',
      `transfer ${id} cannot complete: ${unfinished.count} files are unfinished, such as ` +
        `${JSON.stringify(unfinished.path)}; finish, skip or cancel them first`,
    );
  }
}
