import { nowIso } from '../core/time';
import type { AuditLog } from './audit-log';
import type { AuditEntry } from './events';

/**
 * An audit recorder bound to one caller: it stamps every entry with the time, the caller's
 * username and source address. Without an audit log it records nothing.
 */
export class RequestAudit {
  constructor(
    private readonly log: AuditLog | null,
    readonly actor: string | null,
    readonly source: string,
  ) {}

  record(entry: AuditEntry): void {
    this.log?.record({
      time: nowIso(),
      actor: this.actor,
      team: entry.team ?? null,
      action: entry.action,
      object: entry.object ?? null,
      source: this.source,
      result: entry.result,
      detail: entry.detail ?? {},
    });
  }
}
