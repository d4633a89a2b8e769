// The place of a downloaded file on disk. Each segment of the logical path is mapped with
// toLocalName (reversible, Windows-safe), and the result must stay inside the download root.
// A logical path comes from the platform, which may be any W&B-compatible server, so it is
// checked here rather than trusted. UNSAFE_PATH rejects `..`, `.` and empty segments, a
// leading `/` or `\`, and a Windows drive such as `C:/` or `C:\`. A colon inside a name
// (`a:b.txt`) is only escaped by the mapping, because it cannot leave the folder then.

import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

import { toLocalName } from '../../../shared/transfer/local-names';
import { TransferError } from '../transfer/errors';

export interface LocalTarget {
  /** Absolute path of the final file. */
  localPath: string;
  /** Path of the final file relative to the root, with the platform's separator. */
  relativePath: string;
  /** Whether any segment was changed by the Windows-safe mapping. */
  mapped: boolean;
}

/** A Windows drive root at the start: `C:` alone or followed by a separator. */
const DRIVE_ROOT = /^[A-Za-z]:(?:[/\\]|$)/;

/** Maps a logical path to its file below `root`, or throws UNSAFE_PATH. */
export function localTargetOf(root: string, logicalPath: string): LocalTarget {
  const reject = (reason: string) =>
    new TransferError(
      'UNSAFE_PATH',
      `Refused to write "${logicalPath}": ${reason}, so it could land outside the download folder ${root}. Ask the artifact's owner to rename the file.`,
      { logicalPath },
    );

  if (logicalPath.includes('\0')) throw reject('it contains a NUL character');
  if (logicalPath.startsWith('/') || logicalPath.startsWith('\\')) {
    throw reject('it is an absolute path');
  }
  if (DRIVE_ROOT.test(logicalPath)) throw reject('it starts with a Windows drive');

  // `\` is a separator on Windows. toLocalName escapes it, but a `..` between backslashes
  // is refused as well, because another tool may later read the name on Windows.
  const segments = logicalPath.split('/');
  const pieces = logicalPath.split(/[/\\]/);
  if (pieces.some((piece) => piece === '..' || piece === '.' || piece === '')) {
    throw reject('it has an empty, "." or ".." segment');
  }

  const names = segments.map((segment) => toLocalName(segment));
  const relativePath = join(...names.map((name) => name.name));
  const localPath = resolve(root, relativePath);
  if (!isInside(resolve(root), localPath)) throw reject('it resolves outside the folder');

  return { localPath, relativePath, mapped: names.some((name) => name.mapped) };
}

/**
 * Throws UNSAFE_PATH when `folder` (an existing folder) resolves outside `root` once symbolic
 * links are followed, for example when a folder inside the root links to another place.
 */
export async function requireInsideRoot(
  root: string,
  folder: string,
  logicalPath: string,
): Promise<void> {
  const [realRoot, realFolder] = await Promise.all([realpath(root), realpath(folder)]);
  if (realFolder === realRoot || isInside(realRoot, realFolder)) return;
  throw new TransferError(
    'UNSAFE_PATH',
    `Refused to write "${logicalPath}": its folder ${folder} is a symbolic link to ${realFolder}, outside the download folder ${root}. Remove the link or choose another download folder.`,
    { logicalPath },
  );
}

/**
 * Returns the path of the partial file that a download writes before the atomic rename. The
 * journal's file id in the name keeps it apart from every other file. So a source that contains
 * both `x` and `x.part`, or two transfers into one folder, cannot write into each other's
 * partial files. A listed name could equal it only by spelling out this pattern with that id.
 */
export function partPathOf(file: { id: number; localPath: string }): string {
  return `${file.localPath}.byob-${file.id}.part`;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
