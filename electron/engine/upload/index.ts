// The upload engine: artifact and run-file uploads through pre-signed URLs, journaled so
// they resume after a crash. Plain Node, no Electron.
export { UploadEngine } from './engine';
export type { ArtifactUploadRequest, RunFilesUploadRequest } from './engine';
export { TransferError } from './errors';
export type { TransferErrorCode, TransferErrorContext } from './errors';
export { UploadEventEmitter } from './events';
export type {
  FileProgress,
  ProgressEvent,
  RetryEvent,
  StateEvent,
  UploadEvents,
  UploadState,
  WarningEvent,
} from './events';
export type { UploadFileInput, UploadFileList } from './intake';
export { artifactDigest, buildManifest, compareCodePoints } from './manifest';
export { byteBudget, resolveUploadOptions } from './options';
export type { UploadEngineOptions } from './options';
