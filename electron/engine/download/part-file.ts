// The `.part` file beside a download's final path: created fresh, or reopened to continue,
// then checked, synced and renamed over the final path. A rename within one folder is
// atomic, so the final path contains either its old content or the whole verified new file.

import { constants } from 'node:fs';
import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { FileTransferRecord } from '../journal/index';
import { diskError } from './disk-errors';
import { partPathOf, requireInsideRoot } from './local-paths';

/**
 * O_NOFOLLOW where the platform has it, so a symbolic link planted at the `.part` path is not
 * followed out of the download folder. Windows has no such flag and gets 0.
 */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

export interface OpenPart {
  handle: FileHandle;
  path: string;
}

/** Creates the file's folder inside `root` and returns the `.part` path. */
export async function preparePartFolder(root: string, file: FileTransferRecord): Promise<string> {
  const folder = dirname(file.localPath);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw diskError(error, 'create the folder', folder, { logicalPath: file.logicalPath });
  }
  await requireInsideRoot(root, folder, file.logicalPath);
  return partPathOf(file);
}

/**
 * Creates an empty `.part` file, removing any earlier one. `size` bytes are reserved by
 * extending the file, so parallel ranges can write at their offsets.
 */
export async function createPart(file: FileTransferRecord, size: number): Promise<OpenPart> {
  const path = partPathOf(file);
  try {
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    // O_EXCL fails on any existing entry, a symbolic link included, instead of following it.
    const handle = await open(
      path,
      constants.O_CREAT | constants.O_EXCL | constants.O_RDWR | NO_FOLLOW,
      0o666,
    );
    if (size > 0) await handle.truncate(size);
    return { handle, path };
  } catch (error) {
    throw diskError(error, 'create', path, { logicalPath: file.logicalPath });
  }
}

/** Opens an existing `.part` file to continue it, or returns null when it is gone. */
export async function reopenPart(file: FileTransferRecord): Promise<OpenPart | null> {
  const path = partPathOf(file);
  try {
    const handle = await open(path, constants.O_RDWR | NO_FOLLOW);
    return { handle, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw diskError(error, 'open', path, { logicalPath: file.logicalPath });
  }
}

/** Flushes the file's data to disk, so the journal never records bytes a power loss could undo. */
export async function syncPart(part: OpenPart, file: FileTransferRecord): Promise<void> {
  try {
    await part.handle.datasync();
  } catch (error) {
    throw diskError(error, 'sync', part.path, { logicalPath: file.logicalPath });
  }
}

/** Renames the `.part` file over the final path and syncs the folder entry. */
export async function publishPart(file: FileTransferRecord): Promise<void> {
  const path = partPathOf(file);
  try {
    await rename(path, file.localPath);
  } catch (error) {
    throw diskError(error, 'rename', `${path} to ${file.localPath}`, {
      logicalPath: file.logicalPath,
    });
  }
  await syncFolder(dirname(file.localPath));
}

/** Deletes the `.part` file if it exists. */
export async function removePart(file: FileTransferRecord): Promise<void> {
  await unlink(partPathOf(file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Returns the size of the final file, or null when there is no regular file at its path. */
export async function finalFileSize(file: FileTransferRecord): Promise<number | null> {
  try {
    const stats = await stat(file.localPath);
    return stats.isFile() ? stats.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw diskError(error, 'read', file.localPath, { logicalPath: file.logicalPath });
  }
}

/**
 * Syncs a folder so a rename inside it survives a power loss (fsync of the directory, as on
 * Linux). Windows and some file systems reject opening or syncing a folder; the rename itself
 * has happened then, so those errors are ignored.
 */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') {
      throw diskError(error, 'sync the folder', folder, {});
    }
  } finally {
    await handle?.close();
  }
}
