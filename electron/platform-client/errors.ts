// The one error type the platform client throws for a failed GraphQL request. `code` is
// stable, so the engine, the CLI and the UI branch on it; `hint` is a short next step for
// the user. Messages, hints and causes never contain the API key or a pre-signed URL's
// query string (see redact.ts).

export type PlatformErrorCode =
  /** The key is missing, wrong or revoked (HTTP 401 or extension code UNAUTHENTICATED). */
  | 'UNAUTHENTICATED'
  /** The platform refused the user or the client's address. */
  | 'FORBIDDEN'
  /** The entity, project, run, artifact or endpoint does not exist. */
  | 'NOT_FOUND'
  /** The request carried an invalid value. */
  | 'BAD_USER_INPUT'
  /** The request collided with the current state of the object. */
  | 'CONFLICT'
  /** No response: the connection was refused, reset or could not be made. */
  | 'NETWORK'
  /** No response within the per-request timeout, or HTTP 408. */
  | 'TIMEOUT'
  /** The platform failed (HTTP 5xx, 429 or an internal error) after every retry. */
  | 'SERVER'
  /** The response was not GraphQL over HTTP as expected, such as HTML or a redirect. */
  | 'PROTOCOL'
  /** The platform does not offer the operation, so the caller should use a fallback. */
  | 'NOT_SUPPORTED';

/** A stable cause the platform named in `extensions.reason`, with the values its message names. */
export interface ServerReason {
  reason: string;
  params: Record<string, string>;
}

export interface PlatformRequestErrorDetails {
  code: PlatformErrorCode;
  /** Name of the GraphQL operation, such as `CreateArtifactFiles`. */
  operationName: string;
  /** Platform address the request went to, without credentials. */
  host: string;
  /** HTTP status of the last response, or null when none arrived. */
  status: number | null;
  /** The platform's own error message with secrets removed, or null. */
  serverMessage: string | null;
  /** Client-side description of the failure, such as a refused connection or a body that is not JSON. */
  detail?: string;
  /** The GraphQL `extensions.code` the platform sent, or null. */
  serverCode: string | null;
  /** The platform's `extensions.reason` and redacted `extensions.params`, when it sent a reason. */
  serverReason?: ServerReason;
  /** A short next step for the user, such as "check the API key (byob login)". */
  hint: string;
  /** Requests sent, retries included. Zero when the request was refused before sending. */
  attempts: number;
  /** Secret-free description of the underlying failure, when there was one. */
  cause?: Error;
}

export class PlatformRequestError extends Error {
  override readonly name = 'PlatformRequestError';
  readonly code: PlatformErrorCode;
  readonly operationName: string;
  readonly host: string;
  readonly status: number | null;
  readonly serverMessage: string | null;
  readonly serverCode: string | null;
  readonly serverReason: ServerReason | null;
  readonly detail: string | null;
  readonly hint: string;
  readonly attempts: number;

  constructor(details: PlatformRequestErrorDetails) {
    super(formatMessage(details), details.cause ? { cause: details.cause } : undefined);
    this.code = details.code;
    this.operationName = details.operationName;
    this.host = details.host;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.serverCode = details.serverCode;
    this.serverReason = details.serverReason ?? null;
    this.detail = details.detail ?? null;
    this.hint = details.hint;
    this.attempts = details.attempts;
  }
}

/** Returns whether `error` is a PlatformRequestError with one of `codes` (any code if none). */
export function isPlatformRequestError(
  error: unknown,
  ...codes: PlatformErrorCode[]
): error is PlatformRequestError {
  return (
    error instanceof PlatformRequestError && (codes.length === 0 || codes.includes(error.code))
  );
}

// One line: the failed operation and host, the platform's message, and the next step.
function formatMessage(details: PlatformRequestErrorDetails): string {
  const status = details.status === null ? '' : `, HTTP ${details.status}`;
  const attempts = details.attempts > 1 ? ` after ${details.attempts} attempts` : '';
  const texts = [details.serverMessage, details.detail].filter((text) => text);
  const messageText = texts.length > 0 ? `: ${texts.join('; ')}` : '';
  return `${details.operationName} request to ${details.host} failed with ${details.code}${status}${attempts}${messageText} (${details.hint})`;
}
