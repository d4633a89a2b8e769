import type { ExecutionResult, GraphQLError } from 'graphql';
import type { FastifyBaseLogger } from 'fastify';

import type { RequestAudit } from '../audit/request-audit';
import { PlatformError } from '../core/errors';
import { StorageError } from '../storage/storage-error';

/** Fields of an unexpected error that are safe to log: never request objects, headers or URLs. */
export function safeErrorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  return { name: error.name, message: error.message, code, statusCode, stack: error.stack };
}

/**
 * Gives every GraphQL error an extension code. Platform errors keep their message;
 * anything unexpected is logged and answered with a generic message, since its text may
 * name internals.
 */
interface FormattedError {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  extensions: { code: string; reason?: string; params?: Record<string, string> };
}

/** Records every FORBIDDEN error as a denial, named after the root field it came from. */
function auditDenials(errors: FormattedError[], audit: RequestAudit): void {
  for (const error of errors) {
    if (error.extensions.code !== 'FORBIDDEN') continue;
    const path = error.path ?? [];
    audit.record({
      action: `graphql.${path[0] ?? 'request'}`,
      result: 'denied',
      detail: { path: path.join('.'), message: error.message },
    });
  }
}

export function formatGraphqlErrors(
  execution: ExecutionResult,
  log: FastifyBaseLogger,
  audit?: RequestAudit,
) {
  const errors = (execution.errors ?? []).flatMap((error: GraphQLError): FormattedError[] => {
    const original = error.originalError as (Error & { errors?: GraphQLError[] }) | undefined;
    if (original?.errors && Array.isArray(original.errors)) {
      // Mercurius wraps validation errors in one error carrying the list.
      return original.errors.map((e) => ({
        message: e.message,
        locations: e.locations,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }));
    }
    if (original instanceof StorageError) {
      log.warn({ path: error.path }, original.message);
      return [
        {
          message: original.message,
          path: error.path,
          locations: error.locations,
          extensions: { code: 'STORAGE_ERROR' },
        },
      ];
    }
    if (original instanceof PlatformError) {
      log.info(
        { code: original.code, reason: original.reason ?? undefined, path: error.path },
        original.message,
      );
      const reason =
        original.reason === null ? {} : { reason: original.reason, params: { ...original.params } };
      return [
        {
          message: original.message,
          path: error.path,
          locations: error.locations,
          extensions: { code: original.code, ...reason },
        },
      ];
    }
    if (!original) {
      const code = (error.extensions?.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED';
      return [
        {
          message: error.message,
          path: error.path,
          locations: error.locations,
          extensions: { code },
        },
      ];
    }
    const httpStatus = httpClientStatusOf(original);
    if (httpStatus !== null) {
      // Fastify rejected the HTTP request itself (content type, body size, JSON syntax).
      return [
        { message: httpErrorMessage(original, httpStatus), extensions: { code: 'BAD_USER_INPUT' } },
      ];
    }
    if (original instanceof Error && 'extensions' in original) {
      return [{ message: error.message, path: error.path, extensions: { code: 'BAD_USER_INPUT' } }];
    }
    log.error({ err: safeErrorFields(original), path: error.path }, 'unexpected error in resolver');
    return [
      {
        message: 'Internal server error; see the platform log for details.',
        path: error.path,
        extensions: { code: 'INTERNAL' },
      },
    ];
  });

  if (audit) auditDenials(errors, audit);

  // A request that never ran (it failed validation) is a client error, as in GraphQL over HTTP.
  const invalid =
    !execution.data &&
    errors.length > 0 &&
    errors.every((e) => e.extensions.code === 'GRAPHQL_VALIDATION_FAILED');
  const original = execution.errors?.[0]?.originalError;
  const statusCode = httpClientStatusOf(original) ?? (invalid ? 400 : 200);
  return { statusCode, response: { data: execution.data ?? null, errors } };
}

/** The 4xx status of an error Fastify raised while reading the request, or null. */
function httpClientStatusOf(error: unknown): number | null {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  const fastify =
    typeof (error as { code?: unknown } | undefined)?.code === 'string' &&
    String((error as { code: string }).code).startsWith('FST_');
  return fastify && typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

function httpErrorMessage(error: unknown, status: number): string {
  if (status === 415) {
    return 'Unsupported Content-Type: send the GraphQL request as JSON with "Content-Type: application/json".';
  }
  if (status === 413) {
    return `The request body is larger than the server accepts: send fewer files per request.`;
  }
  return `Invalid HTTP request: ${(error as Error).message}`;
}
