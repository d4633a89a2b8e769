import type { Logger } from 'pino';

import type { TeamStorageSettings } from '../accounts/team-storage';
import type { AuditLog } from '../audit/audit-log';
import type { RequestAudit } from '../audit/request-audit';
import type { PlatformDb } from '../db/open';
import type { User } from '../db/tables';
import type { SourceRules } from '../server/source-rules';
import type { StorageRegistry } from '../storage/registry';

export interface PlatformServices {
  db: PlatformDb;
  storage: StorageRegistry;
  log: Logger;
  version: string;
  /** The audit log every request appends to; absent or null records nothing. */
  auditLog?: AuditLog | null;
  /** Client address rules (--allow-ip, --admin-allow-ip); absent admits every address. */
  sourceRules?: SourceRules;
  /** Deployment, file stores and secrets key for creating teams; absent rejects createTeam. */
  teamStorage?: TeamStorageSettings;
}

/**
 * The context every resolver gets: the services and the authenticated user. `storage` is
 * scoped to the request, so every URL its providers sign is recorded in the audit log.
 */
export interface RequestContext extends PlatformServices {
  user: User;
  /** The client's IP address as the TCP socket reports it. */
  sourceIp: string;
  /** Audit recorder stamped with this request's user and source address. */
  audit: RequestAudit;
  /** Throws FORBIDDEN unless `sourceIp` may call admin operations (--admin-allow-ip). */
  assertAdminSource(operation: string): void;
}
