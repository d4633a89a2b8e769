// Code the upload and download engines share: the error family, the typed event emitter,
// the progress counters and the runner of background transfers.
export { abortReason, requestIdOf, toTransferError, TransferError } from './errors';
export type { TransferErrorCode, TransferErrorContext } from './errors';
export { TransferEventEmitter } from './events';
export type {
  EngineState,
  FileProgress,
  ProgressEvent,
  RetryEvent,
  StateEvent,
  TransferEvents,
  TransferListeners,
  UploadState,
  WarningEvent,
} from './events';
export { TransferProgress } from './progress';
export { TransferRunner } from './runner';
export type { RunHandle, TransferRunnerOptions } from './runner';
