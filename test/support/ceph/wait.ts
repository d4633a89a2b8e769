import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** What is awaited, for the error: "the monitor to answer". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Text appended to a failure, such as the tail of the daemon's log. */
  details: () => string;
  /** A reason to give up before the timeout (the daemon exited), or null to keep waiting. */
  abortReason?: () => string | null;
}

/**
 * Calls `check` until it returns a value other than undefined. An error thrown by `check`
 * counts as "not yet" and is quoted if the wait fails. Fails after `timeoutMs`, or at once when
 * `abortReason` gives a reason.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const { what, timeoutMs, intervalMs = 250, details, abortReason } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;

  for (;;) {
    const reason = abortReason?.() ?? null;
    if (reason !== null) {
      throw new Error(`Gave up waiting for ${what}: ${reason}.\n${details()}`);
    }
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const last = lastError === null ? '' : ` Last error: ${errorText(lastError)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.${last}\n${details()}`, {
        cause: lastError ?? undefined,
      });
    }
    await sleep(intervalMs);
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
