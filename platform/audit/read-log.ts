import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';

import { PlatformError, badInput, notFound } from '../core/errors';
import type { AuditEvent } from './events';

const DURATION_UNITS_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
};

/**
 * Parses `--since`: an ISO 8601 time (`2025-01-31T09:00:00Z`, or a date alone) or a duration
 * back from `now` (`90m`, `24h`, `7d`).
 */
export function parseSince(text: string, now: Date = new Date()): Date {
  const trimmed = text.trim();
  const duration = /^(\d+)([smhdw])$/.exec(trimmed);
  if (duration) {
    return new Date(
      now.getTime() - Number(duration[1]) * DURATION_UNITS_SECONDS[duration[2]!]! * 1000,
    );
  }

  const time = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(time)) {
    throw badInput(
      `Invalid --since "${text}": give an ISO 8601 time (2025-01-31T09:00:00Z) or a duration back from now (90m, 24h, 7d).`,
    );
  }
  return new Date(time);
}

export interface AuditLine {
  event: AuditEvent;
  /** The line exactly as stored, without its line break. */
  text: string;
}

/**
 * Reads the audit log line by line, oldest first, yielding events at or after `since`.
 * Lines that are not audit events (a line cut short by a crash) are skipped and counted
 * in `skipped.count`, with the first one's line number.
 */
export async function* readAuditLog(
  path: string,
  since: Date | null,
  skipped: { count: number; firstLine: number | null } = { count: 0, firstLine: null },
): AsyncGenerator<AuditLine> {
  try {
    await access(path);
  } catch {
    throw notFound(
      `Audit log "${path}" not found; pass --audit-log, or --db for the database it sits beside.`,
    );
  }

  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim() === '') continue;

    const event = parseEvent(text);
    if (!event) {
      skipped.count += 1;
      skipped.firstLine ??= lineNumber;
      continue;
    }
    if (since && Date.parse(event.time) < since.getTime()) continue;
    yield { event, text };
  }
}

function parseEvent(text: string): AuditEvent | null {
  try {
    const value = JSON.parse(text) as Partial<AuditEvent>;
    if (typeof value.time !== 'string' || typeof value.action !== 'string') return null;
    return value as AuditEvent;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw new PlatformError(
      'INTERNAL',
      `Reading the audit log failed: ${(error as Error).message}`,
    );
  }
}

// Minimum column widths, in characters; longer values push the rest of the row right.
const COLUMNS: { title: string; width: number; value: (e: AuditEvent) => string }[] = [
  { title: 'TIME', width: 24, value: (e) => e.time },
  { title: 'RESULT', width: 7, value: (e) => e.result },
  { title: 'ACTION', width: 20, value: (e) => e.action },
  { title: 'ACTOR', width: 12, value: (e) => e.actor ?? '-' },
  { title: 'TEAM', width: 12, value: (e) => e.team ?? '-' },
  { title: 'SOURCE', width: 15, value: (e) => e.source },
  { title: 'OBJECT', width: 0, value: (e) => e.object ?? '-' },
  { title: 'DETAIL', width: 0, value: (e) => formatDetail(e.detail) },
];

/** Detail as `key=value` pairs; nested values stay JSON. */
function formatDetail(detail: Record<string, unknown> | undefined): string {
  return Object.entries(detail ?? {})
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

function formatRow(cells: string[]): string {
  return cells
    .map((cell, index) => cell.padEnd(COLUMNS[index]!.width))
    .join('  ')
    .trimEnd();
}

/** The table header line. */
export function auditTableHeader(): string {
  return formatRow(COLUMNS.map((column) => column.title));
}

/** One event as a table row. */
export function auditTableRow(event: AuditEvent): string {
  return formatRow(COLUMNS.map((column) => column.value(event)));
}
