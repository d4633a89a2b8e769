// Maps GraphQL errors, HTTP statuses and network failures to a PlatformErrorCode and a hint.
// The byob platform sends `extensions.code` on every error (UNAUTHENTICATED, FORBIDDEN,
// NOT_FOUND, BAD_USER_INPUT, CONFLICT, STORAGE_ERROR, INTERNAL, GRAPHQL_VALIDATION_FAILED).
// Other servers may send Apollo's codes or none, so the HTTP status and a few message
// patterns decide when the code is missing or unknown.
import type { NetworkErrorKind } from '../../shared/transfer/retry-policy';
import type { PlatformErrorCode } from './errors';

/** One entry of a GraphQL response's `errors` list. */
export interface GraphqlErrorEntry {
  message?: unknown;
  extensions?: { code?: unknown; reason?: unknown; params?: unknown } | null;
}

const EXTENSION_CODES: Readonly<Record<string, PlatformErrorCode>> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  PERMISSION_DENIED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  ALREADY_EXISTS: 'CONFLICT',
  STORAGE_ERROR: 'SERVER',
  INTERNAL: 'SERVER',
  INTERNAL_SERVER_ERROR: 'SERVER',
  GRAPHQL_PARSE_FAILED: 'PROTOCOL',
};

/**
 * Returns the code for one GraphQL error, or null when neither its extension code nor its
 * message identifies one. Validation errors are split by message, as graphql-js words them: a bad
 * variable value is the caller's input, while an unknown field, argument or type means the
 * server's schema lacks part of the operation.
 */
export function codeForGraphqlError(error: GraphqlErrorEntry): PlatformErrorCode | null {
  const extensionCode = typeof error.extensions?.code === 'string' ? error.extensions.code : null;
  const message = typeof error.message === 'string' ? error.message : '';

  if (extensionCode !== null && extensionCode in EXTENSION_CODES) {
    return EXTENSION_CODES[extensionCode]!;
  }

  if (/^Variable "\$\w+"/.test(message)) return 'BAD_USER_INPUT';
  if (/^(Cannot query field|Unknown argument|Unknown type|Unknown directive)\b/.test(message)) {
    return 'NOT_SUPPORTED';
  }
  if (extensionCode === 'GRAPHQL_VALIDATION_FAILED') return 'PROTOCOL';

  // NOTE: W&B's servers have not been seen to send extension codes on every error, so these
  // patterns are a best guess at their wording.
  if (/permission denied|not authorized|forbidden/i.test(message)) return 'FORBIDDEN';
  if (/not found/i.test(message)) return 'NOT_FOUND';
  return null;
}

/** Returns the code for an unsuccessful HTTP status whose body named no usable code. */
export function codeForStatus(status: number): PlatformErrorCode {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
    case 410:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 408:
    case 504:
      return 'TIMEOUT';
    case 501:
      return 'NOT_SUPPORTED';
    default:
      break;
  }
  if (status >= 500 || status === 429) return 'SERVER';
  if (status >= 400) return 'BAD_USER_INPUT';
  return 'PROTOCOL';
}

/** Failure facts that the hint depends on. */
export interface HintContext {
  code: PlatformErrorCode;
  /** Platform address, shown in hints about reaching it. */
  host: string;
  status: number | null;
  networkKind?: NetworkErrorKind | 'tls' | null;
  timeoutMs?: number;
}

/** Returns a short next step for the user. */
export function hintFor(context: HintContext): string {
  const { code, host, status } = context;

  switch (code) {
    case 'UNAUTHENTICATED':
      return 'check the API key (byob login)';
    case 'FORBIDDEN':
      return status === 403
        ? "your address is not allowed by the platform's IP allowlist; ask the platform operator to admit it"
        : 'ask an admin of the team for access, or use a team you belong to';
    case 'NOT_FOUND':
      return status === 404 || status === 410
        ? `check the host: ${host} has no GraphQL endpoint at /graphql`
        : 'check the entity, project, run and artifact names';
    case 'BAD_USER_INPUT':
      return status === 413
        ? 'send fewer file specs per request'
        : 'correct the value named in the message';
    case 'CONFLICT':
      return 'another client changed the same object; reload it and try again';
    case 'NETWORK':
      return networkHint(context);
    case 'TIMEOUT':
      return context.timeoutMs === undefined
        ? `the platform at ${host} timed out; try again later`
        : `the platform at ${host} did not respond within ${context.timeoutMs / 1000} s; try again later or raise the timeout`;
    case 'SERVER':
      return status === 429
        ? 'the platform is limiting the request rate; try again in a few minutes'
        : 'the platform failed; try again later, and if it keeps failing ask the operator to check the platform log';
    case 'PROTOCOL':
      return `check that ${host} is the address of a W&B-compatible platform`;
    case 'NOT_SUPPORTED':
      return `the platform at ${host} does not offer this operation; update the platform or use the fallback`;
  }
}

function networkHint({ host, networkKind }: HintContext): string {
  switch (networkKind) {
    case 'refused':
      return `the platform at ${host} is not reachable; check the host and that the platform is running`;
    case 'dns':
      return `the host name of ${host} does not resolve; check its spelling and your DNS or proxy settings`;
    case 'tls':
      return `the TLS certificate of ${host} is not trusted; install your organisation's CA certificate or check the host`;
    case 'reset':
    case 'closed':
      return `the connection to ${host} broke; check your network, VPN or proxy`;
    default:
      return `the platform at ${host} could not be reached; check your network, VPN or proxy`;
  }
}

/** Returns whether a Node.js error code reports a TLS certificate or handshake failure. */
export function isTlsErrorCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('CERT_') ||
    code.includes('SELF_SIGNED') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'ERR_SSL_WRONG_VERSION_NUMBER'
  );
}
