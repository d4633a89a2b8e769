// Byte counters of one running transfer and its file transfers, with throttled progress
// events. Uploads and downloads count the same way.

import { ProgressEstimator, ProgressThrottle } from '../../../shared/transfer/progress';
import type { FileProgress, TransferEventEmitter } from './events';

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
    private readonly events: TransferEventEmitter,
  ) {
    this.transfer = new ProgressEstimator(totalBytes);
    this.throttle = new ProgressThrottle(() => this.emit(), { intervalMs });
  }

  /**
   * Adds bytes to the transfer's total, for files listed after the counters started. A
   * growing total is emitted like bytes sent, so a walk shows its size as it goes on.
   */
  addTotal(bytes: number): void {
    this.transfer.addTotal(bytes);
    if (bytes > 0) this.throttle.push(null);
  }

  /** Starts counting a file, crediting bytes already confirmed by earlier runs. */
  track(logicalPath: string, size: number, bytesDone: number): void {
    const estimator = new ProgressEstimator(size);
    estimator.credit(bytesDone);
    this.perFile.set(logicalPath, estimator);
    this.transfer.credit(bytesDone);
  }

  /** Counts bytes that need no transfer now (deduplicated or already present) as done. */
  credit(logicalPath: string, bytes: number): void {
    this.perFile.get(logicalPath)?.credit(bytes);
    this.transfer.credit(bytes);
    this.touched.add(logicalPath);
    this.throttle.push(null);
  }

  add(logicalPath: string, bytes: number): void {
    this.perFile.get(logicalPath)?.add(bytes);
    this.transfer.add(bytes);
    this.touched.add(logicalPath);
    this.throttle.push(null);
  }

  /** Takes back every byte counted for a file that starts again from its first byte. */
  restartFile(logicalPath: string): void {
    const estimator = this.perFile.get(logicalPath);
    if (estimator === undefined) return;
    const done = estimator.snapshot().bytesDone;
    estimator.rollback(done);
    this.transfer.rollback(done);
    this.touched.add(logicalPath);
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
