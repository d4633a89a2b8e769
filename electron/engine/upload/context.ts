// State shared by the steps of one running transfer: the clients, the journal, the limits,
// the abort signal and the progress counters.

import type { Dispatcher } from 'undici';
import type PQueue from 'p-queue';

import type { PlatformClient } from '../../platform-client/index';
import type { BandwidthLimiter } from '../http/index';
import type { HashPool } from '../hashing/index';
import type { FileTransferRecord, Journal } from '../journal/index';
import { ProgressEstimator, ProgressThrottle } from '../../../shared/transfer/progress';
import type { UploadEventEmitter, UploadState, FileProgress } from './events';
import type { ResolvedUploadOptions } from './options';
import type { TransferError } from './errors';

export interface TransferContext {
  transferId: string;
  client: PlatformClient;
  journal: Journal;
  dispatcher: Dispatcher;
  hashPool: HashPool;
  limiter: BandwidthLimiter | undefined;
  options: ResolvedUploadOptions;
  events: UploadEventEmitter;
  /** Storage requests of every transfer; its concurrency is maxRequestsInFlight. */
  requests: PQueue;
  /** File transfers sending bytes, across transfers; its concurrency is maxFilesInFlight. */
  files: PQueue;
  /** Aborts every request of this transfer; its reason is an ABORTED TransferError. */
  signal: AbortSignal;
  progress: TransferProgress;
  /** Emits a state event for a file transfer. */
  fileState(file: FileTransferRecord, state: UploadState, error?: TransferError): void;
}

/** Byte counters of one transfer and its file transfers, emitted at a bounded rate. */
export class TransferProgress {
  private readonly transfer: ProgressEstimator;
  private readonly perFile = new Map<string, ProgressEstimator>();
  private readonly touched = new Set<string>();
  private readonly throttle: ProgressThrottle<null>;

  constructor(
    private readonly transferId: string,
    totalBytes: number,
    intervalMs: number,
    private readonly events: UploadEventEmitter,
  ) {
    this.transfer = new ProgressEstimator(totalBytes);
    this.throttle = new ProgressThrottle(() => this.emit(), { intervalMs });
  }

  /** Starts counting a file, crediting bytes already confirmed by earlier runs. */
  track(logicalPath: string, size: number, bytesDone: number): void {
    const estimator = new ProgressEstimator(size);
    if (bytesDone > 0) estimator.add(bytesDone);
    this.perFile.set(logicalPath, estimator);
    if (bytesDone > 0) this.transfer.add(bytesDone);
  }

  add(logicalPath: string, bytes: number): void {
    this.perFile.get(logicalPath)?.add(bytes);
    this.transfer.add(bytes);
    this.touched.add(logicalPath);
    this.throttle.push(null);
  }

  /** Takes back the bytes of a failed request, which will be sent again. */
  rollback(logicalPath: string, bytes: number): void {
    this.perFile.get(logicalPath)?.rollback(bytes);
    this.transfer.rollback(bytes);
    this.touched.add(logicalPath);
  }

  /** Emits the last snapshot now, as a transfer ends or pauses. */
  finish(): void {
    this.throttle.push(null, true);
  }

  private emit(): void {
    const files: FileProgress[] = [];
    for (const logicalPath of this.touched) {
      const estimator = this.perFile.get(logicalPath);
      if (estimator) files.push({ logicalPath, ...estimator.snapshot() });
    }
    this.touched.clear();
    this.events.emit('progress', {
      transferId: this.transferId,
      transfer: this.transfer.snapshot(),
      files,
    });
  }
}
