// The local paths of `byob artifact put` and `byob run put`: each is checked before any
// transfer starts (a missing or unreadable path is a usage error), then walked with the
// engine's walker while the upload already runs. A single folder puts its contents at the
// root of the artifact or run, as `wandb artifact put` does. Several paths keep each
// folder's name as the first part of its files' paths.

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';

import type { UploadFileInput } from '../../electron/engine/upload/index';
import { walkUploadSources, type WalkSkip } from '../../electron/engine/walk/index';
import { usageError } from '../errors';

/** Checks that every path exists and can be read (folders also listed); throws a usage error otherwise. */
export async function checkLocalPaths(
  paths: readonly string[],
): Promise<{ singleFolder: boolean }> {
  if (paths.length === 0)
    throw usageError('Missing PATH: name at least one file or folder to upload.');

  let folders = 0;
  for (const localPath of paths) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(localPath)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw usageError(
        code === 'ENOENT' || code === 'ENOTDIR'
          ? `Local path not found: ${JSON.stringify(localPath)}. Check the spelling and the current folder.`
          : `Cannot read local path ${JSON.stringify(localPath)} (${code}). Check its permissions.`,
      );
    }
    try {
      await access(localPath, isFolder ? constants.R_OK | constants.X_OK : constants.R_OK);
    } catch (error) {
      throw usageError(
        `Cannot read local path ${JSON.stringify(localPath)} (${(error as NodeJS.ErrnoException).code}): give this user read access to it, or leave it out.`,
      );
    }
    if (isFolder) folders += 1;
  }
  return { singleFolder: paths.length === 1 && folders === 1 };
}

/**
 * Returns the files under `paths` as the walker finds them, reporting each skipped path to
 * `onSkip`. With `stripFolderName`, the first segment (the one folder's own name) is dropped.
 */
export async function* uploadSources(
  paths: readonly string[],
  stripFolderName: boolean,
  onSkip: (skip: WalkSkip) => void,
  signal?: AbortSignal,
): AsyncGenerator<UploadFileInput> {
  const walk = walkUploadSources(paths, { onSkip, ...(signal === undefined ? {} : { signal }) });
  for await (const entry of walk) {
    const logicalPath = stripFolderName
      ? entry.logicalPath.slice(entry.logicalPath.indexOf('/') + 1)
      : entry.logicalPath;
    yield { localPath: entry.localPath, logicalPath };
  }
}
