// The upload engine: artifact and run-file uploads through pre-signed URLs, journaled so
// they resume after a crash. Plain Node, no Electron.
export { UploadEngine } from './engine';
export type { ArtifactUploadRequest, RunFilesUploadRequest } from './engine';
export {
  TransferError,
  TransferEventEmitter,
  TransferEventEmitter as UploadEventEmitter,
} from '../transfer/index';
export type {
  EngineState,
  FileProgress,
  ProgressEvent,
  RetryEvent,
  StateEvent,
  TransferErrorCode,
  TransferErrorContext,
  TransferEvents,
  TransferEvents as UploadEvents,
  UploadState,
  WarningEvent,
} from '../transfer/index';
export type { UploadFileInput, UploadFileList } from './intake';
export { artifactDigest, buildManifest, compareCodePoints } from './manifest';
export { byteBudget, resolveUploadOptions } from './options';
export type { UploadEngineOptions } from './options';
