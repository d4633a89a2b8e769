import { createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';

import { PlatformError } from '../core/errors';
import { formatAuditLine, type AuditEvent } from './events';

/** The part of a pino logger the audit log uses to report its own write failures. */
export interface AuditFailureLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

/** The audit log beside a database file: `<db>.audit.jsonl`. */
export function defaultAuditLogPath(dbPath: string): string {
  return `${dbPath}.audit.jsonl`;
}

/**
 * An append-only JSON Lines file of audit events.
 *
 * The file is opened with O_APPEND, and every line goes to the kernel in one write (or inside
 * one writev of whole lines), so lines from the server and from CLI commands that append to
 * the same file at the same time never interleave. Writes are queued on a stream, so
 * `record` never blocks a request. `close` flushes what is queued.
 */
export class AuditLog {
  private readonly stream: WriteStream;
  private closed = false;
  private droppedEvents = 0;
  /** The first write error, after which events are counted as dropped instead of written. */
  failure: Error | null = null;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly log: AuditFailureLogger | null,
  ) {
    this.stream = createWriteStream('', { fd, autoClose: true });
    this.stream.on('error', (error) => {
      if (this.failure) return;
      this.failure = error;
      this.log?.error(
        { path: this.path, err: error.message },
        'audit log write failed; later audit events are dropped until restart',
      );
    });
  }

  /**
   * Opens (creating it with mode 0600 when missing) the audit log for appending. Opening
   * happens now, so a wrong path or permission fails at startup, not at the first event.
   */
  static open(path: string, log: AuditFailureLogger | null = null): AuditLog {
    try {
      mkdirSync(dirname(path), { recursive: true });
      return new AuditLog(path, openSync(path, 'a', 0o600), log);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new PlatformError(
        'INTERNAL',
        `Cannot open the audit log "${path}" for appending (${code}); fix its permissions or pass --audit-log with a writable path.`,
      );
    }
  }

  /** Number of events not written because the log was closed or a write had failed. */
  get dropped(): number {
    return this.droppedEvents;
  }

  /** Queues one event. Never throws and never waits for the disk. */
  record(event: AuditEvent): void {
    if (this.closed || this.failure) {
      this.droppedEvents += 1;
      return;
    }
    // NOTE: the queue is unbounded; a disk slower than the event rate grows memory, not latency.
    this.stream.write(formatAuditLine(event));
  }

  /** Flushes queued events and closes the file; later events are counted as dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream.end();
    try {
      await finished(this.stream);
    } catch (error) {
      // The stream's error handler has already stored and logged the failure.
      this.failure ??= error as Error;
    }
    if (this.droppedEvents > 0) {
      this.log?.error(
        { path: this.path, dropped: this.droppedEvents },
        'audit events were dropped because the audit log could not be written',
      );
    }
  }
}
