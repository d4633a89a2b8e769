// The transfers one engine runs in the background: their abort controllers, their journal
// states (running, then completed or failed) and the pause, cancel and wait calls that the
// upload and download engines share. The engines supply what a transfer does and what a
// cancel must clean up.

import { setMaxListeners } from 'node:events';

import type { Journal, TransferKind, TransferState } from '../journal/index';
import { abortReason, toTransferError, TransferError } from './errors';
import type { EngineState, TransferEventEmitter } from './events';
import { TransferProgress } from './progress';

/** The handle a running transfer's body gets from the runner. */
export interface RunHandle {
  /** Aborted by pause and cancel, with an ABORTED TransferError as its reason. */
  signal: AbortSignal;
  /** Byte counters, created on first use with the journal's total at that moment. */
  readonly progress: TransferProgress;
}

interface ActiveTransfer {
  controller: AbortController;
  done: Promise<void>;
}

export interface TransferRunnerOptions {
  journal: Journal;
  events: TransferEventEmitter;
  progressIntervalMs: number;
  /** State event sent when a transfer completes: `committed` for uploads, `done` for downloads. */
  completedState: EngineState;
  /** Transfer kinds this engine runs. */
  kinds: readonly TransferKind[];
}

export class TransferRunner {
  private readonly active = new Map<string, ActiveTransfer>();
  /** Pauses and cancels in progress, which write their state after the run has ended. */
  private readonly stopping = new Map<string, Promise<void>>();

  constructor(private readonly options: TransferRunnerOptions) {}

  isActive(transferId: string): boolean {
    return this.active.has(transferId);
  }

  /** Runs `body` in the background, moving the transfer to running, then completed or failed. */
  start(transferId: string, body: (run: RunHandle) => Promise<void>): void {
    const { journal, events, progressIntervalMs, completedState } = this.options;
    const controller = new AbortController();
    // Every queued request and file listens on this signal, so thousands of listeners are expected.
    setMaxListeners(0, controller.signal);
    let progress: TransferProgress | undefined;
    const run: RunHandle = {
      signal: controller.signal,
      get progress() {
        if (progress === undefined) {
          const total = journal.getTransfer(transferId)?.transfer.totalBytes ?? 0;
          progress = new TransferProgress(transferId, total, progressIntervalMs, events);
        }
        return progress;
      },
    };

    journal.setTransferState(transferId, 'running');
    const done = body(run)
      .then(
        () => {
          journal.setTransferState(transferId, 'completed');
          events.emit('state', { transferId, state: completedState });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const failure = toTransferError(error, 'PLATFORM_ERROR', { transferId });
          journal.setTransferState(transferId, 'failed', failure.toInfo());
          events.emit('state', { transferId, state: 'failed', error: failure.toInfo() });
        },
      )
      .finally(() => {
        progress?.finish();
        this.active.delete(transferId);
      });
    this.active.set(transferId, { controller, done });
  }

  /**
   * Throws NOT_RESUMABLE unless the journal contains a running, paused or failed transfer of
   * this engine's kinds whose listing did not fail, and returns its kind.
   */
  requireResumable(transferId: string): TransferKind {
    const found = this.options.journal.getTransfer(transferId);
    const state = found?.transfer.state;
    if (
      !found ||
      state === 'completed' ||
      state === 'cancelled' ||
      !this.options.kinds.includes(found.transfer.kind)
    ) {
      throw new TransferError(
        'NOT_RESUMABLE',
        `Transfer ${transferId} cannot be resumed: it is ${found ? `a ${found.transfer.kind} in state ${state}` : 'not in the journal'}. Resume a running, paused or failed ${this.options.kinds.join(' or ')} transfer.`,
        { transferId },
      );
    }
    if (found.transfer.error?.code === 'LISTING_FAILED') {
      throw new TransferError(
        'NOT_RESUMABLE',
        `Transfer ${transferId} cannot be resumed: listing its files failed (${found.transfer.error.message}), so the journal lacks some of them. Start a new transfer.`,
        { transferId },
      );
    }
    return found.transfer.kind;
  }

  /** Lists the journal's unfinished transfers of this engine's kinds that are not running here. */
  resumableIds(): string[] {
    return this.options.journal
      .resumable()
      .filter(
        (entry) =>
          this.options.kinds.includes(entry.transfer.kind) &&
          !this.active.has(entry.transfer.id) &&
          entry.transfer.error?.code !== 'LISTING_FAILED',
      )
      .map((entry) => entry.transfer.id);
  }

  /** Aborts the transfer's requests and marks it paused, keeping everything journaled. */
  pause(transferId: string): Promise<void> {
    return this.whileStopping(transferId, () => this.pauseNow(transferId));
  }

  private async pauseNow(transferId: string): Promise<void> {
    await this.stop(transferId, 'paused');
    // A transfer that finished or failed before the abort took effect keeps its state.
    const state = this.options.journal.getTransfer(transferId)?.transfer.state;
    if (state !== 'queued' && state !== 'running') return;
    this.options.journal.setTransferState(transferId, 'paused');
    this.options.events.emit('state', { transferId, state: 'paused' });
  }

  /**
   * Aborts the transfer, runs `cleanUp` on its unfinished files and marks it cancelled. A
   * completed or already cancelled transfer is left as it is.
   */
  cancel(
    transferId: string,
    cleanUp: (found: NonNullable<ReturnType<Journal['getTransfer']>>) => Promise<void>,
  ): Promise<void> {
    return this.whileStopping(transferId, async () => {
      await this.stop(transferId, 'cancelled');
      const found = this.options.journal.getTransfer(transferId);
      const state = found?.transfer.state;
      if (!found || state === 'completed' || state === 'cancelled') return;

      await cleanUp(found);
      this.options.journal.setTransferState(transferId, 'cancelled');
      this.options.events.emit('state', { transferId, state: 'cancelled' });
    });
  }

  /**
   * Resolves with the transfer's state once it stops running, and once a pause or cancel
   * that stopped it has written its state.
   */
  async wait(transferId: string): Promise<TransferState> {
    await this.active.get(transferId)?.done;
    await this.stopping.get(transferId)?.catch(() => undefined);
    const found = this.options.journal.getTransfer(transferId);
    if (!found) {
      throw new TransferError(
        'NOT_RESUMABLE',
        `Transfer ${transferId} is not in the journal; check the id against the transfer history.`,
        { transferId },
      );
    }
    return found.transfer.state;
  }

  /** Pauses every running transfer. */
  async pauseAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.pause(id)));
  }

  private async whileStopping(transferId: string, step: () => Promise<void>): Promise<void> {
    const running = step();
    this.stopping.set(transferId, running);
    try {
      await running;
    } finally {
      if (this.stopping.get(transferId) === running) this.stopping.delete(transferId);
    }
  }

  private async stop(transferId: string, kind: 'paused' | 'cancelled'): Promise<void> {
    const entry = this.active.get(transferId);
    if (!entry) return;
    entry.controller.abort(abortReason(kind, transferId));
    await entry.done;
  }
}
