// A manual clock for the token bucket: time moves only when a test calls advance(), and
// sleeps resolve when their deadline is reached.

interface Timer {
  at: number;
  resolve: () => void;
}

export class FakeClock {
  private time = 0;
  private timers: Timer[] = [];

  readonly now = (): number => this.time;

  readonly sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer: Timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      signal.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((other) => other !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });

  /** Number of sleeps that have not ended. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms` in 1 ms steps, firing due timers and settling promises. */
  async advance(ms: number): Promise<void> {
    // Callbacks already queued run at the current time before it moves.
    await settle();

    for (let step = 0; step < ms; step += 1) {
      this.time += 1;
      const due = this.timers.filter((timer) => timer.at <= this.time);
      this.timers = this.timers.filter((timer) => timer.at > this.time);
      for (const timer of due) timer.resolve();
      await settle();
    }
  }
}

/** Lets every pending promise callback run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Tracks when a promise settles, in fake-clock milliseconds. */
export function track(
  promise: Promise<unknown>,
  clock: FakeClock,
): { at: number | undefined; error: unknown } {
  const state: { at: number | undefined; error: unknown } = { at: undefined, error: undefined };
  promise.then(
    () => {
      state.at = clock.now();
    },
    (error: unknown) => {
      state.at = clock.now();
      state.error = error;
    },
  );
  return state;
}
