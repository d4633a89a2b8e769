import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import type { AuditEvent } from '../../../platform/audit/events';

// The server appends audit lines through a stream, so a line may reach the file a moment
// after the response. Tests poll for it, at most this long, in milliseconds.
const WAIT_LIMIT_MS = 5_000;
const POLL_INTERVAL_MS = 25;

/** Every event in the audit log, oldest first; no file yet means no events. */
export function readAuditEvents(path: string): AuditEvent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEvent);
}

/** Waits until an event matching `predicate` is in the log and returns it. */
export async function waitForAuditEvent(
  path: string,
  predicate: (event: AuditEvent) => boolean,
  description: string,
): Promise<AuditEvent> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const found = readAuditEvents(path).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) {
      const actions = readAuditEvents(path).map((e) => `${e.action}/${e.result}`);
      throw new Error(
        `No audit event for ${description} in ${path} after ${WAIT_LIMIT_MS} ms; the log has: ${actions.join(', ') || 'nothing'}.`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Waits until `count` events match `predicate`, and returns them all. */
export async function waitForAuditEvents(
  path: string,
  predicate: (event: AuditEvent) => boolean,
  count: number,
  description: string,
): Promise<AuditEvent[]> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const found = readAuditEvents(path).filter(predicate);
    if (found.length >= count) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `Expected ${count} audit events for ${description} in ${path} within ${WAIT_LIMIT_MS} ms, found ${found.length}.`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
