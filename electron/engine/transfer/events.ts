// Events of the upload and download engines for the CLI and the app. Every payload is plain data (no class
// instances, no URLs with query strings), so it can cross IPC or be printed as JSON.

import { EventEmitter } from 'node:events';

import type { ErrorInfo } from '../journal/index';
import type { ProgressSnapshot } from '../../../shared/transfer/progress';

/**
 * States reported for a transfer or a file transfer. A finished upload is `committed`; a
 * finished download is `done`, and a file already present on disk is `skipped`.
 */
export type EngineState =
  | 'queued'
  | 'hashing'
  | 'waiting-for-urls'
  | 'uploading'
  | 'downloading'
  | 're-minting'
  | 'verifying'
  | 'completing'
  | 'deduplicated'
  | 'skipped'
  | 'committed'
  | 'done'
  | 'failed'
  | 'paused'
  | 'cancelled';

/** The states as the upload engine was first published; every one is an EngineState. */
export type UploadState = EngineState;

export interface StateEvent {
  transferId: string;
  /** Absent for the transfer itself. */
  logicalPath?: string;
  state: EngineState;
  error?: ErrorInfo;
}

export interface FileProgress extends ProgressSnapshot {
  logicalPath: string;
}

export interface ProgressEvent {
  transferId: string;
  transfer: ProgressSnapshot;
  /** Files with bytes in flight or finished since the previous snapshot. */
  files: FileProgress[];
}

export interface RetryEvent {
  transferId: string;
  logicalPath: string;
  /** 1-based part number, absent for a request of the whole file. */
  partNumber?: number;
  action: 'retry' | 'remint';
  delayMs?: number;
  status?: number;
  /** Network error kind or HTTP status as text. */
  failure: string;
}

/**
 * A problem that did not stop the transfer, such as a failed abort during cancel, a
 * downloaded name changed for Windows, or a remote file that changed and was restarted.
 */
export interface WarningEvent {
  transferId: string;
  message: string;
  /** The file the warning is about, when it is about one. */
  logicalPath?: string;
}

export interface TransferEvents {
  state: [StateEvent];
  warning: [WarningEvent];
  progress: [ProgressEvent];
  retry: [RetryEvent];
}

/** Listeners by event name, for `TransferEventEmitter.subscribe`. */
export type TransferListeners = {
  [K in keyof TransferEvents]?: (...args: TransferEvents[K]) => void;
};

/** An EventEmitter whose event names and payloads are checked by the compiler. */
export class TransferEventEmitter {
  private readonly emitter = new EventEmitter();

  on<K extends keyof TransferEvents>(
    event: K,
    listener: (...args: TransferEvents[K]) => void,
  ): this {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof TransferEvents>(
    event: K,
    listener: (...args: TransferEvents[K]) => void,
  ): this {
    this.emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** Adds each listener of `listeners` and returns the function that removes them all. */
  subscribe(listeners: TransferListeners): () => void {
    const added = Object.entries(listeners) as [string, (...args: unknown[]) => void][];
    for (const [event, listener] of added) this.emitter.on(event, listener);
    return () => {
      for (const [event, listener] of added) this.emitter.off(event, listener);
    };
  }

  emit<K extends keyof TransferEvents>(event: K, ...args: TransferEvents[K]): void {
    this.emitter.emit(event, ...args);
  }
}
