// Progress of a transfer or file transfer as plain, serialisable snapshots, with a smoothed
// transfer rate and an estimated time to completion.
//
// The rate is an exponentially weighted moving average of bytes per second. Samples are
// taken at most every `sampleIntervalMs`, because rates over a few milliseconds swing wildly
// with socket buffering. Samples are weighted by their length in time: a sample of `dt` ms
// gets the weight 1 - exp(-dt / smoothingMs), so a burst of short samples moves the average
// as much as one long sample covering the same time. The average starts from zero and is
// divided by the weight collected so far (bias correction), so during the first seconds it
// is close to the plain average since the start, and one opening burst cannot dominate it.

export interface ProgressSnapshot {
  bytesDone: number;
  bytesTotal: number;
  /** Smoothed rate in bytes per second, 0 until the first sample. */
  rateBytesPerSecond: number;
  /** Estimated seconds to completion: 0 when done, null while the rate is 0. */
  etaSeconds: number | null;
}

export interface ProgressEstimatorOptions {
  /** Clock in ms, replaceable in tests. */
  now: () => number;
  /** Minimum time in ms between two rate samples. */
  sampleIntervalMs: number;
  /** Time constant of the moving average in ms: older samples fade by 1/e per this span. */
  smoothingMs: number;
}

export const DEFAULT_PROGRESS_ESTIMATOR: Readonly<ProgressEstimatorOptions> = {
  now: () => Date.now(),
  sampleIntervalMs: 250,
  smoothingMs: 5_000,
};

/**
 * Counts the bytes of one transfer or file transfer and estimates its rate and remaining
 * time. All counts are in bytes. `bytesTotal` is set when the estimator is created and grows
 * only through `addTotal`, for a transfer whose file list arrives while it runs.
 */
export class ProgressEstimator {
  private readonly options: ProgressEstimatorOptions;
  private total: number;
  private bytesDone = 0;
  private bytesSinceSample = 0;
  private sampleStartedAt: number;
  /** Moving average before bias correction: starts at 0 and needs dividing by `weight`. */
  private rawRate = 0;
  /** Weight collected by all samples so far, from 0 towards 1. */
  private weight = 0;

  constructor(bytesTotal: number, options: Partial<ProgressEstimatorOptions> = {}) {
    requireByteCount('bytesTotal', bytesTotal);
    this.total = bytesTotal;
    this.options = { ...DEFAULT_PROGRESS_ESTIMATOR, ...options };
    this.sampleStartedAt = this.options.now();
  }

  get bytesTotal(): number {
    return this.total;
  }

  /** Adds `bytes` to the total, such as the size of a file listed after the start. */
  addTotal(bytes: number): void {
    requireByteCount('bytes', bytes);
    this.total += bytes;
  }

  /** Records `bytes` sent or received. They count toward both progress and the rate. */
  add(bytes: number): void {
    requireByteCount('bytes', bytes);
    this.bytesDone += bytes;
    this.bytesSinceSample += bytes;
    this.sampleIfDue();
  }

  /**
   * Records `bytes` that count as done without crossing the network now, such as parts
   * confirmed by an earlier run or a file the bucket already stores. They stay out of the rate.
   */
  credit(bytes: number): void {
    requireByteCount('bytes', bytes);
    this.bytesDone += bytes;
  }

  /**
   * Takes back `bytes` that must be sent again, such as the bytes of a part whose request
   * failed. They leave the progress but stay in the rate, because they did cross the network.
   */
  rollback(bytes: number): void {
    requireByteCount('bytes', bytes);
    this.bytesDone = Math.max(0, this.bytesDone - bytes);
  }

  /** Returns the current progress, taking a rate sample first if one is due. */
  snapshot(): ProgressSnapshot {
    this.sampleIfDue();

    const rateBytesPerSecond = this.weight > 0 ? this.rawRate / this.weight : 0;
    const remaining = Math.max(0, this.bytesTotal - this.bytesDone);
    let etaSeconds: number | null = null;
    if (remaining === 0) {
      etaSeconds = 0;
    } else if (rateBytesPerSecond > 0) {
      etaSeconds = remaining / rateBytesPerSecond;
    }

    return {
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      rateBytesPerSecond,
      etaSeconds,
    };
  }

  private sampleIfDue(): void {
    const now = this.options.now();
    const elapsedMs = now - this.sampleStartedAt;
    if (elapsedMs < this.options.sampleIntervalMs || elapsedMs <= 0) {
      return;
    }

    const sampleRate = (this.bytesSinceSample * 1000) / elapsedMs;
    const sampleWeight = 1 - Math.exp(-elapsedMs / this.options.smoothingMs);
    this.rawRate += sampleWeight * (sampleRate - this.rawRate);
    this.weight += sampleWeight * (1 - this.weight);

    this.bytesSinceSample = 0;
    this.sampleStartedAt = now;
  }
}

export interface ProgressThrottleOptions {
  /** Minimum time in ms between two emissions, completion excepted. */
  intervalMs: number;
  /** Clock in ms, replaceable in tests. */
  now: () => number;
}

/**
 * Passes values to `emit` at most once per `intervalMs`, and always passes the final one.
 * The first value is emitted at once. A value that arrives too early is kept, and `flush`
 * emits it, for example when a transfer pauses and no further value will come.
 */
export class ProgressThrottle<T> {
  private readonly options: ProgressThrottleOptions;
  private lastEmittedAt: number | null = null;
  private pending: { value: T } | null = null;

  constructor(
    private readonly emit: (value: T) => void,
    options: Partial<ProgressThrottleOptions> = {},
  ) {
    this.options = { intervalMs: 250, now: () => Date.now(), ...options };
  }

  /** Offers a value and returns whether it was emitted. `final` values are always emitted. */
  push(value: T, final = false): boolean {
    const now = this.options.now();
    const due = this.lastEmittedAt === null || now - this.lastEmittedAt >= this.options.intervalMs;

    if (!final && !due) {
      this.pending = { value };
      return false;
    }

    this.send(value, now);
    return true;
  }

  /** Emits the value held back by the interval, if any, and returns whether it did. */
  flush(): boolean {
    if (this.pending === null) {
      return false;
    }
    this.send(this.pending.value, this.options.now());
    return true;
  }

  private send(value: T, now: number): void {
    this.pending = null;
    this.lastEmittedAt = now;
    this.emit(value);
  }
}

function requireByteCount(quantityName: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `Invalid ${quantityName} ${String(value)}: expected a whole number of bytes, 0 or more. Pass an integer byte count.`,
    );
  }
}
