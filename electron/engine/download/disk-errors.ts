// Errors of the local file system while a download writes, syncs or renames a file. They are
// never retried: a full disk or a read-only folder does not heal between two attempts.

import { TransferError, type TransferErrorContext } from '../transfer/errors';

/** Error codes of Node's fs calls that mean the disk or the user's quota is full. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

/** Wraps an fs failure into DISK_FULL or WRITE_FAILED, naming the path and the step. */
export function diskError(
  error: unknown,
  step: string,
  path: string,
  context: TransferErrorContext,
): TransferError {
  if (error instanceof TransferError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const reason = (error as Error).message;

  if (typeof code === 'string' && FULL_CODES.has(code)) {
    return new TransferError(
      'DISK_FULL',
      `Failed to ${step} ${path}: the disk or quota is full (${code}). Free some space and resume the download.`,
      context,
      { cause: error },
    );
  }
  return new TransferError(
    'WRITE_FAILED',
    `Failed to ${step} ${path}: ${reason}. Check that the folder exists and is writable, then resume the download.`,
    context,
    { cause: error },
  );
}
