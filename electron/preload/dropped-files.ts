// Turns a file dropped on the page into its local path. Electron removed `File.path`; its
// `webUtils.getPathForFile` returns the path, but only in the preload, so the bridge adds
// `files.pathForFile` next to the contract's namespaces. Folders come through as entries of
// the same list, and main walks them.
import type { ByobApi } from '../../shared/ipc/index';

export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

/** The part of `window.byob` that is not an IPC channel. */
export interface DroppedFileApi {
  /** The file's local path, or '' for content that is not on disk (text dragged from another app). */
  pathForFile(file: File): string;
}

/** Returns the object the preload exposes: the contract's bridge plus `files`, all frozen. */
export function withDroppedFiles(
  bridge: ByobApi,
  webUtils: WebUtilsLike,
): ByobApi & { files: DroppedFileApi } {
  const files: DroppedFileApi = Object.freeze({
    pathForFile: (file: File) => webUtils.getPathForFile(file),
  });
  return Object.freeze({ ...bridge, files });
}
