// RemoteTransferHost: the TransferHost that the main process uses when the engines run in
// another thread or process. Every call becomes one message and every reply is parsed with
// its schema. Folders are walked and files hashed over there, so a drop of 100,000 files
// costs main only the listing events. When the other side dies, pending calls fail and the
// next call starts a new one with the last configuration, which resumes the interrupted
// transfers from the journal.
import type { TransferEvent, Unsubscribe } from '../../../../shared/ipc/index';
import { ServiceError } from '../../services/errors';
import type {
  DownloadRunFilesCommand,
  DownloadVersionCommand,
  HostConfig,
  TransferHost,
  UploadArtifactCommand,
  UploadRunFilesCommand,
} from '../host';
import {
  fromHostSchema,
  HOST_RESULTS,
  type HostCallName,
  type HostInit,
  type HostPort,
  type ToHost,
} from './messages';

/** Time close() gives the host to pause its transfers before it is terminated. */
const CLOSE_GRACE_MS = 15_000;

export interface RemoteTransferHostOptions {
  /** Starts the thread or process that runs host-entry; called again after it dies. */
  start: () => HostPort;
  init: HostInit;
  /** Receives failures that belong to no call, for the log. */
  warn?: (message: string) => void;
}

interface Pending {
  method: HostCallName;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Connection {
  port: HostPort;
  ready: Promise<void>;
  alive: boolean;
  closed: Promise<void>;
}

export class RemoteTransferHost implements TransferHost {
  private readonly listeners = new Set<(event: TransferEvent) => void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private connection: Connection | null = null;
  private config: HostConfig | null = null;
  private closing = false;

  constructor(private readonly options: RemoteTransferHostOptions) {}

  async configure(config: HostConfig | null): Promise<void> {
    this.config = config;
    await this.call('configure', config);
  }

  uploadArtifact(command: UploadArtifactCommand): Promise<string> {
    return this.call('uploadArtifact', command) as Promise<string>;
  }

  uploadRunFiles(command: UploadRunFilesCommand): Promise<string> {
    return this.call('uploadRunFiles', command) as Promise<string>;
  }

  downloadVersion(command: DownloadVersionCommand): Promise<string> {
    return this.call('downloadVersion', command) as Promise<string>;
  }

  downloadRunFiles(command: DownloadRunFilesCommand): Promise<string> {
    return this.call('downloadRunFiles', command) as Promise<string>;
  }

  async pause(transferId: string): Promise<void> {
    await this.call('pause', transferId);
  }

  async resume(transferId: string): Promise<void> {
    await this.call('resume', transferId);
  }

  async cancel(transferId: string): Promise<void> {
    await this.call('cancel', transferId);
  }

  subscribe(listener: (event: TransferEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    const connection = this.connection;
    if (!connection?.alive) return;

    connection.port.postMessage({ type: 'close' } satisfies ToHost);
    const timer = setTimeout(() => connection.port.terminate(), CLOSE_GRACE_MS);
    await connection.closed;
    clearTimeout(timer);
  }

  private async call(method: HostCallName, argument: unknown): Promise<unknown> {
    if (this.closing) {
      throw new ServiceError('INTERNAL', `The transfer host is closed, so ${method} cannot run.`);
    }
    const connection = await this.connect();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      connection.port.postMessage({ type: 'call', id, method, argument } satisfies ToHost);
    });
  }

  /** Returns the live connection, starting the host (and configuring it again) when needed. */
  private async connect(): Promise<Connection> {
    const current = this.connection;
    if (current?.alive) {
      await current.ready;
      return current;
    }

    const connection = this.open();
    this.connection = connection;
    await connection.ready;
    // A host started after a crash gets the configuration the old one had.
    if (current && this.config !== null) {
      connection.port.postMessage({
        type: 'call',
        id: this.nextId++,
        method: 'configure',
        argument: this.config,
      } satisfies ToHost);
    }
    return connection;
  }

  private open(): Connection {
    const port = this.options.start();
    let markReady!: () => void;
    let failReady!: (error: unknown) => void;
    let markClosed!: () => void;
    const connection: Connection = {
      port,
      alive: true,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failReady = reject;
      }),
      closed: new Promise<void>((resolve) => {
        markClosed = resolve;
      }),
    };
    // A start that fails is seen by the call that awaits it; this keeps it from being unhandled.
    connection.ready.catch(() => undefined);

    port.onMessage((raw) => {
      const parsed = fromHostSchema.safeParse(raw);
      if (!parsed.success) {
        this.warn(`The transfer host sent an invalid message: ${parsed.error.message}`);
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'ready':
          markReady();
          return;
        case 'fatal':
          failReady(ServiceError.fromInfo(message.error));
          this.warn(`The transfer host reported: ${message.error.message}`);
          return;
        case 'event':
          for (const listener of [...this.listeners]) listener(message.event);
          return;
        case 'closed':
          connection.alive = false;
          markClosed();
          return;
        default:
          this.settle(message);
      }
    });

    port.onExit((description) => {
      connection.alive = false;
      markClosed();
      const error = new ServiceError(
        'INTERNAL',
        `The transfer host stopped (${description}); the next transfer action starts it again.`,
      );
      failReady(error);
      if (!this.closing) this.warn(error.message);
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(error);
      }
    });

    port.postMessage({ type: 'init', init: this.options.init } satisfies ToHost);
    return connection;
  }

  private settle(
    message:
      | { type: 'result'; id: number; value: unknown }
      | { type: 'failure'; id: number; error: Parameters<typeof ServiceError.fromInfo>[0] },
  ): void {
    const pending = this.pending.get(message.id);
    // A reply to a configure sent after a restart has no pending call.
    if (!pending) return;
    this.pending.delete(message.id);

    if (message.type === 'failure') {
      pending.reject(ServiceError.fromInfo(message.error));
      return;
    }
    const value = HOST_RESULTS[pending.method].safeParse(message.value);
    if (value.success) {
      pending.resolve(value.data);
    } else {
      pending.reject(
        new ServiceError(
          'INTERNAL',
          `The transfer host answered ${pending.method} with an invalid value: ${value.error.message}`,
        ),
      );
    }
  }

  private warn(message: string): void {
    this.options.warn?.(message);
  }
}
