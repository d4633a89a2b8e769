// One error family for the platform. The codes are the GraphQL extension codes clients
// branch on; the message is one line that names the value, the limit and the fix.

export type PlatformErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'STORAGE_ERROR'
  | 'INTERNAL';

export class PlatformError extends Error {
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PlatformError';
  }
}

export const badInput = (message: string) => new PlatformError('BAD_USER_INPUT', message);
export const notFound = (message: string) => new PlatformError('NOT_FOUND', message);
export const forbidden = (message: string) => new PlatformError('FORBIDDEN', message);
