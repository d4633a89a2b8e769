// Conversion of everything a service may throw into the IpcErrorInfo that crosses IPC: the
// platform client's errors keep their code and hint, the engine's keep their code as `reason`,
// and anything unexpected becomes INTERNAL with its message passed through redactText.
import { isPlatformRequestError, type PlatformRequestError } from '../../platform-client/index';
import { redactText } from '../../platform-client/redact';
import { TransferError } from '../../engine/upload/index';
import { JournalError } from '../../engine/journal/index';
import { WalkError } from '../../engine/walk/index';
import {
  ipcError,
  type IpcErrorCode,
  type IpcErrorInfo,
  type IpcErrorReason,
} from '../../../shared/ipc/index';

/** A failure a service reports on purpose, with the code the UI shows. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly info: IpcErrorInfo;

  constructor(
    code: IpcErrorCode,
    message: string,
    extra: Partial<Omit<IpcErrorInfo, 'code' | 'message'>> = {},
  ) {
    super(message);
    this.info = ipcError(code, message, extra);
  }

  /** Rebuilds an error that another process reported as IpcErrorInfo. */
  static fromInfo(info: IpcErrorInfo): ServiceError {
    const { code, message, ...extra } = info;
    return new ServiceError(code, message, extra);
  }
}

/**
 * Returns the IpcErrorInfo for a thrown value. `secrets` (such as the API key in use) are
 * removed from every message that did not come from a source that already redacts.
 */
export function toIpcError(error: unknown, secrets: readonly string[] = []): IpcErrorInfo {
  if (error instanceof ServiceError) return error.info;
  if (isPlatformRequestError(error)) return fromPlatformError(error);

  if (error instanceof TransferError) {
    const code: IpcErrorCode = error.code === 'FILE_UNREADABLE' ? 'FILE_SYSTEM' : 'TRANSFER';
    return ipcError(code, redactText(error.message, secrets), { reason: error.code });
  }
  if (error instanceof JournalError) {
    return ipcError('INTERNAL', redactText(error.message, secrets), { reason: error.code });
  }
  if (error instanceof WalkError) {
    return ipcError('FILE_SYSTEM', redactText(error.message, secrets));
  }
  if (isSystemError(error)) {
    return ipcError('FILE_SYSTEM', redactText(error.message, secrets), { reason: error.code });
  }

  const message = error instanceof Error ? error.message : String(error);
  return ipcError('INTERNAL', redactText(message, secrets));
}

// Platform client codes that the UI shows as they are.
const SAME_CODES: Partial<Record<PlatformRequestError['code'], IpcErrorCode>> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  NOT_SUPPORTED: 'NOT_SUPPORTED',
};

function fromPlatformError(error: PlatformRequestError): IpcErrorInfo {
  const reason = reasonOf(error);
  let code: IpcErrorCode = SAME_CODES[error.code] ?? 'SERVER';
  if (error.code === 'NETWORK' || error.code === 'TIMEOUT') code = 'NETWORK';
  // A 404 or 410 for the GraphQL endpoint itself means the host is not a platform at all.
  if (error.code === 'NOT_FOUND' && error.status !== null) code = 'SERVER';

  // The platform client already removed keys and query strings from its message.
  return ipcError(code, error.message, { hint: error.hint, reason });
}

function reasonOf(error: PlatformRequestError): IpcErrorReason | null {
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return 'wrong-key';
    case 'FORBIDDEN':
      // The platform's IP allowlist answers with HTTP 403; access rules answer inside a 200.
      return error.status === 403 ? 'ip-not-allowed' : 'no-access';
    case 'NETWORK':
      return 'host-unreachable';
    case 'TIMEOUT':
      return 'timeout';
    case 'PROTOCOL':
      return 'not-a-platform';
    case 'NOT_FOUND':
      return error.status === null ? null : 'not-a-platform';
    case 'SERVER':
      return error.status === 429 ? 'rate-limited' : null;
    default:
      return null;
  }
}

function isSystemError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
