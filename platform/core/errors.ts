// One error family for the platform. The codes are the GraphQL extension codes clients
// branch on; the message is one line that names the value, the limit and the fix. Errors
// that an app shows in its own language also carry a reason and the values the message
// names, sent as `extensions.reason` and `extensions.params`.

export type PlatformErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'STORAGE_ERROR'
  | 'INTERNAL';

/**
 * A stable, machine-readable cause such as `TEAM_NAME_TAKEN`, with the values its message
 * names. Params never carry credentials: storage addresses in them are masked.
 */
export interface ErrorReason {
  reason: string;
  params?: Record<string, string>;
}

export class PlatformError extends Error {
  readonly reason: string | null;
  readonly params: Readonly<Record<string, string>>;

  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    options?: { cause?: unknown } & Partial<ErrorReason>,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlatformError';
    this.reason = options?.reason ?? null;
    this.params = options?.params ?? {};
  }
}

export const badInput = (message: string, reason?: ErrorReason) =>
  new PlatformError('BAD_USER_INPUT', message, reason);
export const notFound = (message: string, reason?: ErrorReason) =>
  new PlatformError('NOT_FOUND', message, reason);
export const forbidden = (message: string, reason?: ErrorReason) =>
  new PlatformError('FORBIDDEN', message, reason);
