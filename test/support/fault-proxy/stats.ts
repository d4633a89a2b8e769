// Counters of what passed through the proxy. Paths are stored without their query string,
// because the query of a pre-signed URL is its credential.
import type { FaultKind } from './rules';

export type ExchangeOutcome =
  /** Still in flight. */
  | 'pending'
  /** The whole response reached the client's connection. */
  | 'completed'
  /** The proxy broke the client's connection: a reset fault, or a stall that hit maxStallMs. */
  | 'reset'
  /** The client closed its connection before the response was complete. */
  | 'client-closed'
  /** The upstream failed or closed early, so the client got a 502 or a closed connection. */
  | 'upstream-failed'
  /** stop() closed the connection while the request was in flight. */
  | 'stopped';

/** One request and what the proxy did with it. */
export interface ExchangeRecord {
  /** Arrival order, starting at 1. resetStats() does not restart it. */
  sequence: number;
  method: string;
  /** The path as sent on the request line, without the query string. */
  path: string;
  fault: FaultKind | null;
  /** Status sent to the client, or null when none was sent. */
  status: number | null;
  /** Request body bytes written to the upstream connection. */
  requestBytes: number;
  /** Response body bytes written to the client connection. */
  responseBytes: number;
  outcome: ExchangeOutcome;
}

export interface FaultProxyStats {
  /** Requests per `"METHOD path"`, e.g. `{ "PUT /devstoreaccount1/box/a.bin": 2 }`. */
  requests: Record<string, number>;
  /** One record per request in arrival order, the newest `maxLogEntries` of them. */
  log: ExchangeRecord[];
  /** Records dropped from the front of the log to keep it within `maxLogEntries`. */
  droppedLogEntries: number;
}

/** Collector of the records. stats() returns copies, so callers cannot change the counts. */
export class StatsRecorder {
  private requests = new Map<string, number>();
  private log: ExchangeRecord[] = [];
  private dropped = 0;
  private nextSequence = 1;
  private readonly open = new Set<ExchangeRecord>();

  constructor(private readonly maxLogEntries: number) {}

  /** Starts the record of one request. The caller updates its fields as the exchange goes on. */
  begin(method: string, path: string): ExchangeRecord {
    const key = `${method} ${path}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);

    const record: ExchangeRecord = {
      sequence: this.nextSequence++,
      method,
      path,
      fault: null,
      status: null,
      requestBytes: 0,
      responseBytes: 0,
      outcome: 'pending',
    };
    this.log.push(record);
    if (this.log.length > this.maxLogEntries) {
      this.log.shift();
      this.dropped += 1;
    }
    this.open.add(record);
    return record;
  }

  /** Sets the outcome of a pending record. Later calls for the same record change nothing. */
  finish(record: ExchangeRecord, outcome: Exclude<ExchangeOutcome, 'pending'>): void {
    if (record.outcome !== 'pending') return;
    record.outcome = outcome;
    this.open.delete(record);
  }

  /** Sets the outcome of every pending record, e.g. when the proxy stops. */
  finishAllPending(outcome: Exclude<ExchangeOutcome, 'pending'>): void {
    for (const record of [...this.open]) this.finish(record, outcome);
  }

  /** Number of requests still in flight, including ones that resetStats() dropped from the log. */
  get pendingCount(): number {
    return this.open.size;
  }

  snapshot(): FaultProxyStats {
    return {
      requests: Object.fromEntries(this.requests),
      log: this.log.map((record) => ({ ...record })),
      droppedLogEntries: this.dropped,
    };
  }

  reset(): void {
    this.requests = new Map();
    this.log = [];
    this.dropped = 0;
  }
}
