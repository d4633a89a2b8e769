// The one error family of the upload and download engines. Codes are stable for callers that branch on
// them; the message is one line naming the value, the limit and the fix. Context carries
// URLs only without their query string and never carries an API key.

import type { ErrorInfo } from '../journal/index';
import type { TransferErrorCode } from '../../../shared/transfer/error-codes';

export type { TransferErrorCode };

export interface TransferErrorContext {
  transferId?: string;
  logicalPath?: string;
  provider?: 'azure' | 'gcs' | 's3' | 'unknown';
  /** Operation such as `put-part`, `put-block`, `get-range`, `createArtifactFiles`. */
  operation?: string;
  /** 1-based part number on the wire. */
  partNumber?: number;
  status?: number;
  /** Request id header of the provider (x-amz-request-id, x-ms-request-id, x-guploader-uploadid). */
  requestId?: string;
  /** URL without its query string. */
  url?: string;
}

export class TransferError extends Error {
  override readonly name = 'TransferError';

  constructor(
    readonly code: TransferErrorCode,
    message: string,
    readonly context: TransferErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Returns the code and message as the journal stores them. */
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** Wraps anything thrown into a TransferError, keeping one that already is. */
export function toTransferError(
  error: unknown,
  fallback: TransferErrorCode,
  context: TransferErrorContext = {},
): TransferError {
  if (error instanceof TransferError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FILE_CHANGED') {
    return new TransferError('FILE_CHANGED', (error as Error).message, context, { cause: error });
  }
  if (code === 'FILE_NOT_FOUND' || code === 'PERMISSION_DENIED' || code === 'NOT_A_FILE') {
    return new TransferError('FILE_UNREADABLE', (error as Error).message, context, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TransferError(fallback, message, context, { cause: error });
}

/** Builds the reason passed to AbortController.abort on pause and cancel, recognisable by its code. */
export function abortReason(kind: 'paused' | 'cancelled', transferId: string): TransferError {
  return new TransferError('ABORTED', `Transfer ${transferId} was ${kind}.`, { transferId });
}

/** Returns the provider request id header of a response, when it has one. */
export function requestIdOf(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  for (const name of ['x-amz-request-id', 'x-ms-request-id', 'x-guploader-uploadid']) {
    const value = headers[name];
    if (value !== undefined) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
