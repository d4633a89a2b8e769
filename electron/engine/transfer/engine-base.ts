// The parts UploadEngine and DownloadEngine share: the event emitter, the hashing pool, the
// bandwidth limit, the request and file queues, and the runner behind resume, pause, wait
// and close. Each engine adds its own start calls and what a resume or cancel does.

import PQueue from 'p-queue';
import type { Dispatcher } from 'undici';

import type { PlatformClient } from '../../platform-client/index';
import { BandwidthLimiter } from '../http/index';
import { HashPool } from '../hashing/index';
import type { FileTransferRecord, Journal, TransferKind, TransferState } from '../journal/index';
import type { TransferError } from './errors';
import type { EngineState } from './events';
import { TransferEventEmitter } from './events';
import type { TransferProgress } from './progress';
import { TransferRunner, type RunHandle } from './runner';

/** State shared by the steps of one running transfer, in both directions. */
export interface CommonContext {
  transferId: string;
  client: PlatformClient;
  journal: Journal;
  dispatcher: Dispatcher;
  hashPool: HashPool;
  limiter: BandwidthLimiter | undefined;
  events: TransferEventEmitter;
  /** Storage requests of every transfer; its concurrency is maxRequestsInFlight. */
  requests: PQueue;
  /** File transfers moving bytes, across transfers; its concurrency is maxFilesInFlight. */
  files: PQueue;
  /** Aborted by pause and cancel; its reason is an ABORTED TransferError. */
  signal: AbortSignal;
  progress: TransferProgress;
  /** Emits a state event for a file transfer. */
  fileState(file: FileTransferRecord, state: EngineState, error?: TransferError): void;
}

export interface EngineBaseOptions {
  client: PlatformClient;
  journal: Journal;
  /** Shared dispatcher from `createHttpAgent`; the same one the platform client should use. */
  dispatcher: Dispatcher;
  hashPool?: HashPool;
  bandwidthBytesPerSecond?: number;
  maxRequestsInFlight: number;
  maxFilesInFlight: number;
  progressIntervalMs: number;
  /** State event sent when a transfer completes. */
  completedState: EngineState;
  kinds: readonly TransferKind[];
}

export abstract class EngineBase {
  readonly events = new TransferEventEmitter();
  protected readonly hashPool: HashPool;
  protected readonly limiter: BandwidthLimiter | undefined;
  /** Storage requests of every transfer; its concurrency is maxRequestsInFlight. */
  protected readonly requests: PQueue;
  /** File transfers moving bytes, across transfers; its concurrency is maxFilesInFlight. */
  protected readonly files: PQueue;
  protected readonly runner: TransferRunner;
  private readonly ownsHashPool: boolean;

  constructor(private readonly base: EngineBaseOptions) {
    const options = base;
    this.ownsHashPool = options.hashPool === undefined;
    this.hashPool = options.hashPool ?? new HashPool();
    this.limiter =
      options.bandwidthBytesPerSecond === undefined
        ? undefined
        : new BandwidthLimiter(options.bandwidthBytesPerSecond);
    this.requests = new PQueue({ concurrency: options.maxRequestsInFlight });
    this.files = new PQueue({ concurrency: options.maxFilesInFlight });
    this.runner = new TransferRunner({
      journal: options.journal,
      events: this.events,
      progressIntervalMs: options.progressIntervalMs,
      completedState: options.completedState,
      kinds: options.kinds,
    });
  }

  /** Continues a paused, failed or interrupted transfer from the journal. */
  abstract resume(transferId: string): void;

  /** Resumes every unfinished transfer of this engine's kinds, except failed listings, and returns their ids. */
  resumeAll(): string[] {
    const ids = this.runner.resumableIds();
    for (const id of ids) this.resume(id);
    return ids;
  }

  /** Aborts requests in flight and marks the transfer paused; the journal keeps its progress. */
  async pause(transferId: string): Promise<void> {
    await this.runner.pause(transferId);
  }

  /** Resolves with the transfer's state once it stops running. */
  async wait(transferId: string): Promise<TransferState> {
    return this.runner.wait(transferId);
  }

  /** Pauses every running transfer and closes the hashing pool the engine created. */
  async close(): Promise<void> {
    await this.runner.pauseAll();
    if (this.ownsHashPool) await this.hashPool.close();
  }

  /**
   * Builds the context of one run of a transfer: the fields both directions share plus
   * `extra`. The progress counters stay a getter, so they start on first use.
   */
  protected contextFor<T extends object>(
    transferId: string,
    run: RunHandle,
    extra: T,
  ): CommonContext & T {
    const events = this.events;
    return {
      ...extra,
      transferId,
      client: this.base.client,
      journal: this.base.journal,
      dispatcher: this.base.dispatcher,
      hashPool: this.hashPool,
      limiter: this.limiter,
      events,
      requests: this.requests,
      files: this.files,
      signal: run.signal,
      get progress() {
        return run.progress;
      },
      fileState: (file, state, error) =>
        events.emit('state', {
          transferId,
          logicalPath: file.logicalPath,
          state,
          ...(error ? { error: error.toInfo() } : {}),
        }),
    };
  }
}
