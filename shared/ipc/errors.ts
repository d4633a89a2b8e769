// Failures that cross IPC. Electron passes only the message of an error thrown in a handler,
// so main returns a result envelope for every invoke instead: `{ ok: true, value }` or
// `{ ok: false, error }`, where `error.code` is stable for the UI to branch on and translate.
// `message` is English detail for logs and copyable reports. It never contains an API key or a
// pre-signed query string.
import { z } from 'zod';

export const IPC_ERROR_CODES = [
  /** The request failed its schema: a missing field, a wrong type or a value out of range. */
  'INVALID_REQUEST',
  /** The request came from a frame that is not the app's own page. */
  'FORBIDDEN_SENDER',
  /** No channel of that name. */
  'UNKNOWN_CHANNEL',
  /** The request needs a signed-in profile and there is none. */
  'NOT_SIGNED_IN',
  /** The platform rejected the API key. */
  'UNAUTHENTICATED',
  /** The platform refused the user or the client's address. */
  'FORBIDDEN',
  /** The entity, project, run, artifact, profile or transfer does not exist. */
  'NOT_FOUND',
  /** The platform rejected a value of the request. */
  'BAD_USER_INPUT',
  /** The object changed or already exists. */
  'CONFLICT',
  /** The platform could not be reached, or its response timed out. */
  'NETWORK',
  /** The platform failed, or its response is not its API's. */
  'SERVER',
  /** The platform lacks the operation, or this build lacks the feature. */
  'NOT_SUPPORTED',
  /** The transfer engine rejected or failed the request (`reason` contains the engine's code). */
  'TRANSFER',
  /** A local file or folder could not be read or written. */
  'FILE_SYSTEM',
  /** Any other failure inside main, described in the message. */
  'INTERNAL',
] as const;

export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

/**
 * Finer causes the sign-in screen words differently. `wrong-key`: the platform rejected the
 * key. `host-unreachable`: no answer from the host. `ip-not-allowed`: the platform's IP
 * allowlist refused this computer (HTTP 403). `not-a-platform`: the host answered, but not as a
 * W&B-compatible API. `no-access`: the user lacks access to the team or object.
 */
export const IPC_ERROR_REASONS = [
  'wrong-key',
  'host-unreachable',
  'ip-not-allowed',
  'not-a-platform',
  'no-access',
  'timeout',
  'rate-limited',
] as const;

export type IpcErrorReason = (typeof IPC_ERROR_REASONS)[number];

export const ipcErrorSchema = z.strictObject({
  code: z.enum(IPC_ERROR_CODES),
  /** One English line naming the value, the limit and the fix. */
  message: z.string(),
  /** A short English next step, when the source of the failure offers one. */
  hint: z.string().nullable().default(null),
  /** A finer cause from IPC_ERROR_REASONS, or the engine's code for TRANSFER errors. */
  reason: z.string().nullable().default(null),
  /** Request fields that failed validation, as dotted paths, for INVALID_REQUEST. */
  fields: z.array(z.string()).default([]),
});

export type IpcErrorInfo = z.output<typeof ipcErrorSchema>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcErrorInfo };

/** Builds the schema of a result envelope around a response schema. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), value }),
    z.strictObject({ ok: z.literal(false), error: ipcErrorSchema }),
  ]);
}

/** Builds an IpcErrorInfo with empty optional fields. */
export function ipcError(
  code: IpcErrorCode,
  message: string,
  extra: Partial<Omit<IpcErrorInfo, 'code' | 'message'>> = {},
): IpcErrorInfo {
  return { code, message, hint: null, reason: null, fields: [], ...extra };
}

/** An IPC failure as an exception, for renderer code that prefers try/catch to envelopes. */
export class IpcRequestError extends Error {
  override readonly name = 'IpcRequestError';
  readonly code: IpcErrorCode;
  readonly info: IpcErrorInfo;

  constructor(info: IpcErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.info = info;
  }
}

/** Returns the value of a successful result, or throws IpcRequestError with its error. */
export function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new IpcRequestError(result.error);
}
