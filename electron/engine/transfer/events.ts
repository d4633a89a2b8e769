// Events of the upload engine for the CLI and the app. Every payload is plain data (no class
// instances, no URLs with query strings), so it can cross IPC or be printed as JSON.

import { EventEmitter } from 'node:events';

import type { ErrorInfo } from '../journal/index';
import type { ProgressSnapshot } from '../../../shared/transfer/progress';

/** States reported for a transfer or a file transfer. */
export type UploadState =
  | 'queued'
  | 'hashing'
  | 'waiting-for-urls'
  | 'uploading'
  | 're-minting'
  | 'completing'
  | 'deduplicated'
  | 'committed'
  | 'failed'
  | 'paused'
  | 'cancelled';

export interface StateEvent {
  transferId: string;
  /** Absent for the transfer itself. */
  logicalPath?: string;
  state: UploadState;
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
  /** 1-based part number, absent for a single PUT. */
  partNumber?: number;
  action: 'retry' | 'remint';
  delayMs?: number;
  status?: number;
  /** Network error kind or HTTP status as text. */
  failure: string;
}

/** A problem that did not stop the transfer, such as a failed abort during cancel. */
export interface WarningEvent {
  transferId: string;
  message: string;
}

export interface UploadEvents {
  state: [StateEvent];
  warning: [WarningEvent];
  progress: [ProgressEvent];
  retry: [RetryEvent];
}

/** An EventEmitter whose event names and payloads are checked by the compiler. */
export class UploadEventEmitter {
  private readonly emitter = new EventEmitter();

  on<K extends keyof UploadEvents>(event: K, listener: (...args: UploadEvents[K]) => void): this {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof UploadEvents>(event: K, listener: (...args: UploadEvents[K]) => void): this {
    this.emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  emit<K extends keyof UploadEvents>(event: K, ...args: UploadEvents[K]): void {
    this.emitter.emit(event, ...args);
  }
}
