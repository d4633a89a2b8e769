// State shared by the steps of one running transfer: the clients, the journal, the limits,
// the abort signal and the progress counters.

import type { Dispatcher } from 'undici';
import type PQueue from 'p-queue';

import type { PlatformClient } from '../../platform-client/index';
import type { BandwidthLimiter } from '../http/index';
import type { HashPool } from '../hashing/index';
import type { FileTransferRecord, Journal } from '../journal/index';
import type { TransferError } from '../transfer/errors';
import type { EngineState, TransferEventEmitter } from '../transfer/events';
import type { TransferProgress } from '../transfer/progress';
import type { ResolvedUploadOptions } from './options';

export interface TransferContext {
  transferId: string;
  client: PlatformClient;
  journal: Journal;
  dispatcher: Dispatcher;
  hashPool: HashPool;
  limiter: BandwidthLimiter | undefined;
  options: ResolvedUploadOptions;
  events: TransferEventEmitter;
  /** Storage requests of every transfer; its concurrency is maxRequestsInFlight. */
  requests: PQueue;
  /** File transfers sending bytes, across transfers; its concurrency is maxFilesInFlight. */
  files: PQueue;
  /** Aborts every request of this transfer; its reason is an ABORTED TransferError. */
  signal: AbortSignal;
  progress: TransferProgress;
  /** Emits a state event for a file transfer. */
  fileState(file: FileTransferRecord, state: EngineState, error?: TransferError): void;
}
