// The download engine: artifact versions and run files fetched through pre-signed URLs into
// `.part` files, checked against their MD5 and renamed into place, journaled so they resume
// after a crash. Plain Node, no Electron.
export { DownloadEngine } from './engine';
export type { ArtifactDownloadRequest, RunFilesDownloadRequest } from './engine';
export { localTargetOf, partPathOf } from './local-paths';
export type { LocalTarget } from './local-paths';
export { DEFAULT_PARALLEL_THRESHOLD, DEFAULT_RANGE_SIZE, resolveDownloadOptions } from './options';
export type { DownloadEngineOptions, ResolvedDownloadOptions } from './options';
