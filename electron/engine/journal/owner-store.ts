// The owner lease of a transfer and the state other processes request for it. A transfer
// runs in one process at a time (the desktop app or a `byob` command). That process claims
// the transfer with its pid and renews a heartbeat about once a second. Another process that
// wants the transfer paused or cancelled writes `requested_state`, and the owner reads it at
// its next heartbeat. A lease whose process is gone or whose heartbeat is stale is free.

import type { Database, Statement } from 'better-sqlite3';

import type { TransferStore } from './transfer-store';
import type { RequestedState, TransferOwner, TransferRecord } from './types';
import { invalid, requireInteger } from './validate';

/** How often an owner renews its heartbeat, in ms. */
export const OWNER_HEARTBEAT_MS = 1_000;

/**
 * Age in ms after which a heartbeat no longer proves its owner runs the transfer. A crashed
 * owner's lease is free at once, because its process no longer exists. So this limit only
 * covers a process that exists but stopped renewing, such as a stopped (SIGSTOP) process, a
 * stalled disk, or an unrelated process that reused a dead owner's pid.
 */
export const OWNER_STALE_AFTER_MS = 30_000;

/** Result of a claim: the lease, or the live owner that holds it. */
export type ClaimResult = { claimed: true } | { claimed: false; owner: TransferOwner };

/** Result of a heartbeat: whether the lease is still held, and the requested state. */
export interface HeartbeatResult {
  /** False when another process took the lease, after this one looked dead to it. */
  owned: boolean;
  requestedState: RequestedState | null;
}

/**
 * Returns whether process `pid` exists on this computer. Signal 0 checks without sending
 * anything; EPERM means the process exists but belongs to another user.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Returns the transfer's owner when its lease is live: the heartbeat is younger than
 * OWNER_STALE_AFTER_MS and the process still exists. Otherwise returns null.
 */
export function liveOwner(
  transfer: Pick<TransferRecord, 'owner'>,
  nowMs: number,
  processAlive: (pid: number) => boolean = isProcessAlive,
): TransferOwner | null {
  const owner = transfer.owner;
  if (owner === null) return null;
  if (nowMs - owner.heartbeatAtMs > OWNER_STALE_AFTER_MS) return null;
  return processAlive(owner.pid) ? owner : null;
}

export class OwnerStore {
  private readonly updateOwner: Statement;
  private readonly updateHeartbeat: Statement;
  private readonly selectRequest: Statement<[string], { requested_state: RequestedState | null }>;
  private readonly clearOwner: Statement;
  private readonly updateRequest: Statement;

  constructor(
    private readonly db: Database,
    private readonly transfers: TransferStore,
    private readonly now: () => number,
    private readonly processAlive: (pid: number) => boolean,
  ) {
    this.updateOwner = db.prepare(
      'UPDATE transfers SET owner_pid = ?, owner_heartbeat_ms = ? WHERE id = ?',
    );
    this.updateHeartbeat = db.prepare(
      'UPDATE transfers SET owner_heartbeat_ms = ? WHERE id = ? AND owner_pid = ?',
    );
    this.selectRequest = db.prepare('SELECT requested_state FROM transfers WHERE id = ?');
    this.clearOwner = db.prepare(
      'UPDATE transfers SET owner_pid = NULL, owner_heartbeat_ms = NULL WHERE id = ? AND owner_pid = ?',
    );
    this.updateRequest = db.prepare(
      'UPDATE transfers SET requested_state = ?, updated_at_ms = ? WHERE id = ?',
    );
  }

  /**
   * Takes the lease for process `pid`, unless another live process holds it. Reading the
   * owner and writing the new one happen in one IMMEDIATE transaction, so two processes
   * claiming at once cannot both succeed.
   */
  claim(id: string, pid: number): ClaimResult {
    requireInteger(pid, 'pid', 1);
    return this.db
      .transaction((): ClaimResult => {
        const transfer = this.transfers.require(id);
        const owner = liveOwner(transfer, this.now(), this.processAlive);
        if (owner !== null && owner.pid !== pid) return { claimed: false, owner };

        this.updateOwner.run(pid, this.now(), id);
        return { claimed: true };
      })
      .immediate();
  }

  /** Renews the heartbeat of `pid`'s lease and returns the requested state. */
  heartbeat(id: string, pid: number): HeartbeatResult {
    const renewed = this.updateHeartbeat.run(this.now(), id, pid).changes === 1;
    const row = this.selectRequest.get(id);
    if (row === undefined) this.transfers.require(id);
    return { owned: renewed, requestedState: row?.requested_state ?? null };
  }

  /** Gives up `pid`'s lease; a lease another process took meanwhile is left alone. */
  release(id: string, pid: number): void {
    this.clearOwner.run(id, pid);
  }

  /** Stores the state another process requests from the owner, or clears it with null. */
  request(id: string, state: RequestedState | null): void {
    if (state !== null && state !== 'paused' && state !== 'cancelled') {
      throw invalid(
        `requested state ${String(state)} is unknown; use 'paused', 'cancelled' or null`,
      );
    }
    this.transfers.require(id);
    this.updateRequest.run(state, this.now(), id);
  }
}
