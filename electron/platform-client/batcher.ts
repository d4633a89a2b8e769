// Sizes createArtifactFiles batches the way wandb-core's artifact saver does
// (wandb/core/pkg/artifacts/saver.go, batchSize). The first requests carry 25 file specs.
// Once 128 files are done and a second has passed, a batch carries as many files as the
// engine finishes in one minute, capped at 2,000. Pre-signed URLs expire, so a batch should not hold more files
// than the engine uploads soon after asking. wandb-core derives 25 and 2,000 from its 128
// concurrent transfers and 10,000 URLs spread over 5 batches in flight.
//
// This batcher adds one rule of its own: a failed request halves the ceiling, and each
// later success doubles it again up to the maximum, so a struggling platform gets smaller
// requests.

export interface ArtifactFileBatcherOptions {
  /** Batch size at the start and the floor after failures; 25 when omitted. */
  minBatchSize?: number;
  /** Largest batch; 2,000 when omitted. */
  maxBatchSize?: number;
  /** Time in ms that one batch should take to upload at the measured rate; 60,000 when omitted. */
  targetBatchMs?: number;
  /** Finished files needed before the rate is trusted; 128 when omitted. */
  warmupFiles?: number;
  /** Time in ms that must pass before the rate is trusted; 1,000 when omitted. */
  warmupMs?: number;
  /** Monotonic clock in ms, replaceable in tests. */
  now?: () => number;
}

export class ArtifactFileBatcher {
  readonly minBatchSize: number;
  readonly maxBatchSize: number;
  private readonly targetBatchMs: number;
  private readonly warmupFiles: number;
  private readonly warmupMs: number;
  private readonly now: () => number;
  private readonly startMs: number;
  private completed = 0;
  private ceiling: number;

  constructor(options: ArtifactFileBatcherOptions = {}) {
    this.minBatchSize = options.minBatchSize ?? 25;
    this.maxBatchSize = options.maxBatchSize ?? 2_000;
    if (!Number.isInteger(this.minBatchSize) || this.minBatchSize < 1) {
      throw new RangeError(
        `Invalid minBatchSize ${this.minBatchSize}: give a whole number of 1 or more.`,
      );
    }
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < this.minBatchSize) {
      throw new RangeError(
        `Invalid maxBatchSize ${this.maxBatchSize}: give a whole number of at least minBatchSize (${this.minBatchSize}).`,
      );
    }

    this.targetBatchMs = options.targetBatchMs ?? 60_000;
    this.warmupFiles = options.warmupFiles ?? 128;
    this.warmupMs = options.warmupMs ?? 1_000;
    this.now = options.now ?? (() => performance.now());
    this.startMs = this.now();
    this.ceiling = this.maxBatchSize;
  }

  /** Returns how many file specs the next createArtifactFiles request should carry. */
  nextBatchSize(): number {
    const elapsedMs = this.now() - this.startMs;
    if (this.completed < this.warmupFiles || elapsedMs < this.warmupMs) {
      return this.minBatchSize;
    }

    const filesPerTarget = Math.floor((this.completed / elapsedMs) * this.targetBatchMs);
    return Math.max(this.minBatchSize, Math.min(this.ceiling, filesPerTarget));
  }

  /** Removes the next batch from the front of `queue` and returns it. */
  takeBatch<T>(queue: T[]): T[] {
    return queue.splice(0, this.nextBatchSize());
  }

  /** Counts file transfers that finished: uploaded, or skipped because the team stores them. */
  recordCompleted(fileCount: number): void {
    if (!Number.isInteger(fileCount) || fileCount < 0) {
      throw new RangeError(
        `Invalid completed file count ${fileCount}: give a whole number of 0 or more.`,
      );
    }
    this.completed += fileCount;
  }

  /** Lets the ceiling grow back after a createArtifactFiles request succeeded. */
  recordSuccess(): void {
    this.ceiling = Math.min(this.maxBatchSize, this.ceiling * 2);
  }

  /** Halves the ceiling, down to the minimum, after a createArtifactFiles request failed. */
  recordFailure(): void {
    const current = Math.min(this.ceiling, this.nextBatchSize());
    this.ceiling = Math.max(this.minBatchSize, Math.floor(current / 2));
  }
}
