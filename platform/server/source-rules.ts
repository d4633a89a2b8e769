import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AuditLog } from '../audit/audit-log';
import { RequestAudit } from '../audit/request-audit';
import { forbidden } from '../core/errors';
import type { AddressAllowList } from './address-allowlist';

/** Client address rules: who may reach the server (`--allow-ip`) and its admin operations (`--admin-allow-ip`). */
export interface SourceRules {
  /** Addresses admitted at all; null admits every address. */
  allow: AddressAllowList | null;
  /** Addresses admitted to admin operations, within `allow`; null adds no narrowing. */
  adminAllow: AddressAllowList | null;
}

export const OPEN_SOURCE_RULES: SourceRules = { allow: null, adminAllow: null };

/**
 * The client's address: the TCP peer of the request's socket. Headers such as
 * X-Forwarded-For are ignored because any client can write them.
 *
 * NOTE: behind a reverse proxy every request comes from the proxy's address, so the
 * allowlists would admit all clients or none. Such a setup must enforce the allowlist at the
 * proxy, or change this function to read `request.ip` with Fastify's `trustProxy` set to the
 * proxy's own address only, and have the proxy replace any X-Forwarded-For the client sent.
 */
export function sourceAddressOf(request: FastifyRequest): string {
  return request.raw.socket.remoteAddress ?? 'unknown';
}

/** The request path without its query string, which may carry values not meant for logs. */
function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query < 0 ? request.url : request.url.slice(0, query);
}

/**
 * Fastify `onRequest` hook that rejects sources outside `--allow-ip` with HTTP 403, before
 * authentication runs, and records each rejection in the audit log.
 */
export function rejectDisallowedSources(allow: AddressAllowList, auditLog: AuditLog | null) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const source = sourceAddressOf(request);
    if (allow.allows(source)) return;

    const path = pathOf(request);
    request.log.info({ source, method: request.method, path }, 'request rejected by --allow-ip');
    new RequestAudit(auditLog, null, source).record({
      action: 'http.request',
      result: 'denied',
      detail: { method: request.method, path, rule: 'allow-ip' },
    });
    return reply.code(403).send({
      errors: [
        {
          message: `Requests from ${source} are not allowed by this server's --allow-ip list; ask the platform operator to add your address.`,
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
  };
}

/** Throws FORBIDDEN when `source` may not call the admin operation `operation`. */
export function assertAdminSource(rules: SourceRules, source: string, operation: string): void {
  if (rules.adminAllow === null || rules.adminAllow.allows(source)) return;
  throw forbidden(
    `${operation} is an admin operation, and this server's --admin-allow-ip list does not include ${source}; call it from an admitted host.`,
  );
}
