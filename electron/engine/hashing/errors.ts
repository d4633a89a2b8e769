// The error every hashing failure is reported with. Errors cross the worker boundary as
// plain objects (structured clone keeps neither the class nor extra fields), so the worker
// sends `HashErrorData` and the pool rebuilds a `HashError` from it.

/** Stable reasons a file could not be hashed, for callers that branch on them. */
export type HashErrorCode =
  | 'FILE_NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'NOT_A_FILE'
  | 'FILE_CHANGED'
  | 'READ_FAILED'
  | 'INVALID_PARTS'
  | 'WORKER_FAILED'
  | 'POOL_CLOSED';

/** The serialisable fields of a `HashError`. */
export interface HashErrorData {
  code: HashErrorCode;
  message: string;
  path: string;
  /** The operating system's error code, such as `ENOENT`, when the OS reported the failure. */
  osCode?: string;
  /** The system call that failed, such as `open` or `read`. */
  syscall?: string;
}

export class HashError extends Error {
  override readonly name = 'HashError';
  readonly code: HashErrorCode;
  readonly path: string;
  readonly osCode: string | undefined;
  readonly syscall: string | undefined;

  constructor(data: HashErrorData) {
    super(data.message);
    this.code = data.code;
    this.path = data.path;
    this.osCode = data.osCode;
    this.syscall = data.syscall;
  }

  toData(): HashErrorData {
    return {
      code: this.code,
      message: this.message,
      path: this.path,
      osCode: this.osCode,
      syscall: this.syscall,
    };
  }
}

/**
 * Builds a one-line error: `Cannot hash "<path>": <problem>. <fix>`. The path is quoted with
 * JSON rules, so a name containing a newline still prints on one line.
 */
export function hashError(
  code: HashErrorCode,
  path: string,
  problem: string,
  fix: string,
  os?: { osCode?: string; syscall?: string },
): HashError {
  return new HashError({
    code,
    message: `Cannot hash ${JSON.stringify(path)}: ${problem}. ${fix}`,
    path,
    osCode: os?.osCode,
    syscall: os?.syscall,
  });
}

interface SystemError extends Error {
  code?: string;
  syscall?: string;
}

/** Maps an error from `node:fs` to a `HashError` that names the path and the OS error. */
export function fromFsError(error: unknown, path: string): HashError {
  if (error instanceof HashError) return error;

  const systemError = error as SystemError;
  const osCode = typeof systemError.code === 'string' ? systemError.code : undefined;
  const syscall = typeof systemError.syscall === 'string' ? systemError.syscall : undefined;
  const os = { osCode, syscall };
  const source = osCode ? `${osCode} from ${syscall ?? 'a file system call'}` : String(error);

  switch (osCode) {
    case 'ENOENT':
    case 'ENOTDIR':
      return hashError(
        'FILE_NOT_FOUND',
        path,
        `file not found (${source})`,
        'Check the path and that the file still exists.',
        os,
      );
    case 'EACCES':
    case 'EPERM':
      return hashError(
        'PERMISSION_DENIED',
        path,
        `permission denied (${source})`,
        'Give this user read access to the file.',
        os,
      );
    case 'EISDIR':
      return notAFile(path, 'a directory', os);
    default:
      return hashError(
        'READ_FAILED',
        path,
        `read failed (${source})`,
        'Check the disk and retry.',
        os,
      );
  }
}

/** Builds the error for a path that exists but is not a regular file, such as a directory or a FIFO. */
export function notAFile(
  path: string,
  kind: string,
  os?: { osCode?: string; syscall?: string },
): HashError {
  return hashError(
    'NOT_A_FILE',
    path,
    `the path is ${kind}, not a regular file`,
    'Pass the path of a regular file.',
    os,
  );
}
