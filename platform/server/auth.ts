import type { FastifyReply, FastifyRequest } from 'fastify';

import { authenticateApiKey } from '../accounts/users';
import type { AuditLog } from '../audit/audit-log';
import { keyPrefix } from '../audit/events';
import { RequestAudit } from '../audit/request-audit';
import type { PlatformDb } from '../db/open';
import type { User } from '../db/tables';
import { sourceAddressOf } from './source-rules';

/**
 * Reads the API key from HTTP Basic auth. W&B clients send user `api` with the key as
 * password; the user part is not checked, as on W&B.
 */
export function apiKeyFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return null;

  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon >= 0 ? decoded.slice(colon + 1) : '';
  return key.length > 0 ? key : null;
}

function reject(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(401)
    .header('www-authenticate', 'Basic realm="byob-platform"')
    .send({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/** Records a failed login; the audit line shows at most the key's first 4 characters. */
function auditFailedLogin(
  auditLog: AuditLog | null,
  request: FastifyRequest,
  detail: { reason: 'missing' | 'invalid'; keyPrefix?: string },
): void {
  new RequestAudit(auditLog, null, sourceAddressOf(request)).record({
    action: 'login',
    result: 'failed',
    detail,
  });
}

/**
 * Fastify pre-handler that authenticates the request or rejects it with 401, recording each
 * failure in the audit log.
 */
export function authenticate(db: PlatformDb, auditLog: AuditLog | null = null) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = apiKeyFromHeader(request.headers.authorization);
    if (!key) {
      request.log.info({ reason: 'missing' }, 'authentication failed');
      auditFailedLogin(auditLog, request, { reason: 'missing' });
      return reject(
        reply,
        'Missing API key: send HTTP Basic auth with user "api" and your API key as the password.',
      );
    }

    const user = await authenticateApiKey(db, key);
    if (!user) {
      request.log.info({ reason: 'invalid', keyPrefix: keyPrefix(key) }, 'authentication failed');
      auditFailedLogin(auditLog, request, { reason: 'invalid', keyPrefix: keyPrefix(key) });
      return reject(
        reply,
        'Invalid API key: it is wrong or has been revoked, so ask the platform operator for a new key.',
      );
    }
    request.user = user;
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
  }
}
