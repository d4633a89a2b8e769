// Runs transfers in the foreground of this process: it holds each transfer's owner lease,
// renews the heartbeat every OWNER_HEARTBEAT_MS, and follows pause and cancel requests that
// other processes write to the journal. Ctrl-C (SIGINT) or SIGTERM pauses every transfer and
// ends with exit code 3. A second signal exits at once, which the journal survives because
// every receipt is committed before it counts.

import {
  OWNER_HEARTBEAT_MS,
  OWNER_STALE_AFTER_MS,
  type Journal,
  type RequestedState,
  type TransferRecord,
  type TransferState,
} from '../../electron/engine/journal/index';
import type { TransferEventEmitter } from '../../electron/engine/transfer/index';
import {
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  failure,
  type ExitCode,
} from '../errors';
import { attachReporter, type Reporter, type TransferSummary } from '../output/reporter';
import { isUploadKind } from './options';

/** The part of the upload and download engines this runner drives. */
export interface ForegroundEngine {
  readonly events: TransferEventEmitter;
  pause(transferId: string): Promise<void>;
  cancel(transferId: string): Promise<void>;
  wait(transferId: string): Promise<TransferState>;
}

interface Tracked {
  engine: ForegroundEngine;
  startedAtMs: number;
  /** The request already acted on, so each is handled once. */
  handled: RequestedState | null;
  /** Pauses and cancels started here; each sets the final state after the run itself ends. */
  actions: Promise<void>[];
}

export class ForegroundTransfers {
  private readonly tracked = new Map<string, Tracked>();
  private readonly attached = new Set<ForegroundEngine>();
  private readonly detach: (() => void)[] = [];
  private interrupted = false;
  private heartbeatFailed = false;

  constructor(
    private readonly journal: Journal,
    private readonly reporter: Reporter,
    /** Extra arguments of the printed resume command, such as `--journal FILE`. */
    private readonly resumeArguments: string,
  ) {}

  /** Forwards an engine's events to the reporter; call before the engine starts a transfer. */
  attach(engine: ForegroundEngine): void {
    if (this.attached.has(engine)) return;
    this.attached.add(engine);
    this.detach.push(attachReporter(engine.events, this.reporter));
  }

  /**
   * Takes the owner lease of a transfer for this process. Throws when another live process
   * runs it, naming that process, so two processes never send the same parts.
   */
  claim(transferId: string): void {
    const result = this.journal.claimTransfer(transferId);
    if (result.claimed) return;
    throw failure(
      `Transfer ${transferId} is running in process ${result.owner.pid}. Wait for it to finish, or pause it with byob transfers pause ${transferId}${this.resumeArguments} first.`,
    );
  }

  /** Gives up the lease of a transfer this process claimed but did not start. */
  release(transferId: string): void {
    this.journal.releaseTransfer(transferId);
  }

  /** Follows a transfer that `engine` runs and whose lease this process holds. */
  track(transferId: string, engine: ForegroundEngine): void {
    const record = this.journal.getTransfer(transferId)!.transfer;
    this.tracked.set(transferId, { engine, startedAtMs: Date.now(), handled: null, actions: [] });
    this.reporter.started(transferId, record.kind, targetOf(record));
  }

  /** Waits for every tracked transfer to stop and returns the exit code of the command. */
  async run(): Promise<ExitCode> {
    const onSignal = () => this.onSignal();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const timer = setInterval(() => this.heartbeat(), OWNER_HEARTBEAT_MS);

    try {
      const ids = [...this.tracked.keys()];
      await Promise.all(ids.map((id) => this.tracked.get(id)!.engine.wait(id)));
      // `wait` resolves when the run ends, but a pause or cancel writes its state after that.
      await Promise.allSettled([...this.tracked.values()].flatMap((entry) => entry.actions));
      return this.finish(ids);
    } finally {
      clearInterval(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      for (const id of this.tracked.keys()) this.journal.releaseTransfer(id);
      for (const stop of this.detach) stop();
    }
  }

  /** Renews each lease and acts on pause and cancel requests from other processes. */
  private heartbeat(): void {
    for (const [id, entry] of this.tracked) {
      let beat;
      try {
        beat = this.journal.heartbeatTransfer(id);
      } catch (error) {
        // A busy journal delays one heartbeat; the lease stays valid for several more.
        if (!this.heartbeatFailed)
          this.reporter.notice(
            `Renewing the lease of transfer ${id} failed: ${(error as Error).message}. Retrying.`,
          );
        this.heartbeatFailed = true;
        continue;
      }

      if (!beat.owned) {
        this.leaseLost(id);
        return;
      } else if (beat.requestedState !== null && entry.handled === null) {
        entry.handled = beat.requestedState;
        this.reporter.notice(
          `Another process requested that transfer ${id} be ${beat.requestedState}.`,
        );
        this.act(id, entry, beat.requestedState);
      }
    }
  }

  /**
   * Exits at once after another process took over a transfer whose heartbeat looked stale. A
   * pause would write 'paused' over the new owner's state, so nothing more is written here.
   */
  private leaseLost(id: string): void {
    this.reporter.close();
    process.stderr.write(
      `byob: transfer ${id} was taken over by another process after this one missed its heartbeats for ${OWNER_STALE_AFTER_MS / 1000} s; stopping here. Check it with byob transfers show ${id}${this.resumeArguments}.\n`,
    );
    process.exit(EXIT_INTERRUPTED);
  }

  private onSignal(): void {
    if (this.interrupted) {
      // Second signal: leave now. The journal is consistent because each step commits on its own.
      for (const id of this.tracked.keys()) {
        process.stderr.write(
          `byob: interrupted transfer ${id}. Resume it with: ${this.resumeCommand(id)}\n`,
        );
      }
      process.exit(EXIT_INTERRUPTED);
    }
    this.interrupted = true;
    this.reporter.notice('Pausing; press Ctrl-C again to exit at once.');
    for (const [id, entry] of this.tracked) this.act(id, entry, 'paused');
  }

  /** Pauses or cancels a transfer and keeps the promise, which `run` waits for. */
  private act(id: string, entry: Tracked, state: RequestedState): void {
    const action = state === 'paused' ? entry.engine.pause(id) : entry.engine.cancel(id);
    entry.actions.push(
      action.catch((error: unknown) =>
        this.reporter.notice(
          `Failed to ${state === 'paused' ? 'pause' : 'cancel'} transfer ${id}: ${(error as Error).message}`,
        ),
      ),
    );
  }

  private finish(ids: readonly string[]): ExitCode {
    let code: ExitCode = EXIT_OK;
    const lines: string[] = [];

    ids.forEach((id) => {
      const found = this.journal.getTransfer(id)!;
      const record = found.transfer;
      const state = record.state;
      const resumable = isResumable(record, state);
      const summary: TransferSummary = {
        transferId: id,
        kind: record.kind,
        state,
        target: targetOf(record),
        totalFiles: record.totalFiles,
        totalBytes: record.totalBytes,
        finishedFiles: found.files.filter((file) =>
          ['done', 'deduplicated', 'skipped'].includes(file.state),
        ).length,
        durationMs: Date.now() - this.tracked.get(id)!.startedAtMs,
        error: record.error,
        resumeCommand: resumable ? this.resumeCommand(id) : null,
      };
      this.reporter.finished(summary);

      const line = this.outcomeLine(summary, record);
      if (line !== null) lines.push(`byob: ${line}\n`);
      code = worse(code, exitCodeOf(state, resumable));
    });

    // Progress bars clear their lines when they stop, so the outcome comes after them.
    this.reporter.close();
    for (const line of lines) process.stderr.write(line);
    return code;
  }

  /** Returns the stderr line for a transfer that did not complete, or null when it did. */
  private outcomeLine(summary: TransferSummary, record: TransferRecord): string | null {
    const id = summary.transferId;
    const resume =
      summary.resumeCommand === null ? '' : ` Resume it with: ${summary.resumeCommand}`;
    switch (summary.state) {
      case 'completed':
        return null;
      case 'failed':
        return `transfer ${id} failed: ${withoutPeriod(record.error?.message ?? 'no error was recorded')}.${resume}`;
      case 'cancelled':
        return `transfer ${id} was cancelled.`;
      case 'paused':
        return summary.resumeCommand === null
          ? `transfer ${id} stopped before all its files were listed, so it cannot be resumed. Run the same command again to start a new upload.`
          : `transfer ${id} is paused.${resume}`;
      default:
        return `transfer ${id} is ${summary.state}, because another process runs it now.`;
    }
  }

  private resumeCommand(transferId: string): string {
    return `byob transfers resume ${transferId}${this.resumeArguments}`;
  }
}

/** Returns `entity/project/name` or `entity/project/run`, what a transfer moves. */
export function targetOf(record: TransferRecord): string {
  const { entity, project, artifactName, artifactVersion, runId } = record.target;
  if (artifactName !== undefined) {
    return `${entity}/${project}/${artifactName}${artifactVersion === undefined ? '' : `:${artifactVersion}`}`;
  }
  return `${entity}/${project}/${runId ?? ''}`;
}

/** Returns whether `byob transfers resume` can continue a transfer that ended in `state`. */
export function isResumable(record: TransferRecord, state: TransferState): boolean {
  if (state !== 'paused' && state !== 'failed') return false;
  if (record.error?.code === 'LISTING_FAILED') return false;
  return !isUploadKind(record.kind) || record.listingComplete;
}

function exitCodeOf(state: TransferState, resumable: boolean): ExitCode {
  if (state === 'completed') return EXIT_OK;
  if (state === 'paused' && resumable) return EXIT_INTERRUPTED;
  if (state === 'running' || state === 'queued') return EXIT_INTERRUPTED;
  return EXIT_FAILED;
}

/** Severity of an exit code when several transfers end: failure, then interruption, then success. */
const SEVERITY: Record<ExitCode, number> = {
  [EXIT_OK]: 0,
  [EXIT_USAGE]: 1,
  [EXIT_INTERRUPTED]: 2,
  [EXIT_FAILED]: 3,
};

/** Returns the more severe of two exit codes. */
function worse(a: ExitCode, b: ExitCode): ExitCode {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

function withoutPeriod(text: string): string {
  return text.replace(/\.$/, '');
}
