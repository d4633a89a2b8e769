// Engines for journaled transfers, one per platform host and direction, created on first use.
// `byob transfers resume` without an id may continue transfers of several platforms, and each
// needs a client for its own host with that host's credentials.

import type { Journal, TransferRecord } from '../../electron/engine/journal/index';
import { connect, type Connection, type ConnectionFlags } from '../connection';
import type { ForegroundEngine } from './foreground';
import {
  createDownloadEngine,
  createUploadEngine,
  isUploadKind,
  type EngineLimits,
} from './options';

/** An engine that can also resume a journaled transfer. */
export interface ResumableEngine extends ForegroundEngine {
  resume(transferId: string): void;
  close(): Promise<void>;
}

export class EngineSet {
  private readonly connections = new Map<string, Connection>();
  private readonly engines = new Map<string, ResumableEngine>();

  constructor(
    private readonly journal: Journal,
    private readonly flags: ConnectionFlags,
    private readonly limits: EngineLimits,
  ) {}

  /** Returns the platform connection for the host a transfer started on. */
  connectionFor(record: TransferRecord): Connection {
    const host = record.target.platformHost;
    let connection = this.connections.get(host);
    if (connection === undefined) {
      connection = connect(this.flags, host);
      this.connections.set(host, connection);
    }
    return connection;
  }

  /** Returns the engine that runs transfers of the record's kind on the record's platform. */
  engineFor(record: TransferRecord): ResumableEngine {
    const direction = isUploadKind(record.kind) ? 'upload' : 'download';
    const key = `${direction} ${record.target.platformHost}`;
    let engine = this.engines.get(key);
    if (engine === undefined) {
      const connection = this.connectionFor(record);
      engine =
        direction === 'upload'
          ? createUploadEngine(connection, this.journal, this.limits)
          : createDownloadEngine(connection, this.journal, this.limits);
      this.engines.set(key, engine);
    }
    return engine;
  }

  /** Returns every engine created so far. */
  all(): ResumableEngine[] {
    return [...this.engines.values()];
  }

  /** Pauses what still runs, closes the engines and then their connections. */
  async close(): Promise<void> {
    await Promise.all(this.all().map((engine) => engine.close()));
    await Promise.all([...this.connections.values()].map((connection) => connection.close()));
  }
}
