// Skip records and the one-line messages that go with them, plus the fatal WalkError for
// system call failures the walk cannot attribute to one path.

import type { WalkSkip, WalkSkipReason } from './types';

/** A failure that stops the whole walk, such as an I/O error or too many open files. */
export class WalkError extends Error {
  override name = 'WalkError';

  constructor(
    message: string,
    readonly path: string,
    readonly osCode: string | undefined,
  ) {
    super(message);
  }
}

interface SystemError {
  code?: unknown;
  syscall?: unknown;
}

function systemErrorFields(error: unknown): { code: string | undefined; syscall: string } {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as SystemError;
  return {
    code: typeof fields.code === 'string' ? fields.code : undefined,
    syscall: typeof fields.syscall === 'string' ? fields.syscall : 'a file system call',
  };
}

/** Builds a skip with the message `Skipped "<path>": <problem>. <fix>`. */
export function skip(
  reason: WalkSkipReason,
  path: string,
  problem: string,
  fix: string,
  osCode?: string,
): WalkSkip {
  const message = `Skipped ${JSON.stringify(path)}: ${problem}. ${fix}`;
  return osCode === undefined ? { path, reason, message } : { path, reason, message, osCode };
}

/**
 * Maps a failed system call on `path` to a skip. Errors not tied to this one path (EIO,
 * EMFILE, ENOMEM and the like) become a WalkError instead, which ends the walk.
 */
export function skipFromFsError(error: unknown, path: string): WalkSkip {
  const { code, syscall } = systemErrorFields(error);
  const cause = `${code ?? 'an error'} from ${syscall}`;

  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return skip(
        'not-found',
        path,
        `not found (${cause})`,
        'It was removed or renamed during the walk, or it is a link to a missing target.',
        code,
      );
    case 'EACCES':
    case 'EPERM':
      return skip(
        'permission-denied',
        path,
        `permission denied (${cause})`,
        'Give this user read access to it, or leave it out.',
        code,
      );
    case 'ELOOP':
      return skip(
        'loop',
        path,
        `too many levels of symbolic links (${cause})`,
        'Remove the link cycle.',
        code,
      );
    case 'ENAMETOOLONG':
      return skip(
        'name-invalid',
        path,
        `the path is longer than the operating system allows (${cause})`,
        'Move the folder higher up or shorten its names.',
        code,
      );
    default:
      throw new WalkError(
        `Cannot walk ${JSON.stringify(path)}: ${cause} failed. Check the disk and retry the transfer.`,
        path,
        code,
      );
  }
}

export function hiddenSkip(path: string): WalkSkip {
  return skip(
    'hidden',
    path,
    'its name starts with "." and hidden files are excluded',
    'Set includeHidden to upload it.',
  );
}

export function outsideSkip(path: string, target: string, root: string): WalkSkip {
  return skip(
    'symlink-outside',
    path,
    `the symbolic link resolves to ${JSON.stringify(target)}, outside the dropped folder ${JSON.stringify(root)}`,
    'Set followSymlinksOutside to upload it, or drop the target itself.',
  );
}

export function loopSkip(path: string): WalkSkip {
  return skip(
    'loop',
    path,
    'it is the same directory (device and inode) as one of its parents, so walking it would never end',
    'Remove the link, or drop the target folder itself.',
  );
}

export function specialFileSkip(path: string, kind: string): WalkSkip {
  return skip(
    'special-file',
    path,
    `it is a ${kind}, not a regular file or directory`,
    'Only regular files can be uploaded; copy its contents to a file to upload them.',
  );
}

export function invalidNameSkip(path: string, problem: string): WalkSkip {
  return skip('name-invalid', path, problem, 'Rename the file or folder.');
}

export function duplicateSkip(path: string, logicalPath: string, firstPath: string): WalkSkip {
  return skip(
    'duplicate-path',
    path,
    `its logical path ${JSON.stringify(logicalPath)} is already taken by ${JSON.stringify(firstPath)}, which is kept`,
    'Rename one of them to upload both.',
  );
}
