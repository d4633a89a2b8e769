import { userInfo } from 'node:os';
import { resolve } from 'node:path';

import { InvalidArgumentError, type Command } from 'commander';

import { AuditLog, defaultAuditLogPath } from '../audit/audit-log';
import { CLI_SOURCE, type AuditEntry } from '../audit/events';
import { PlatformError, type PlatformErrorCode } from '../core/errors';
import { RequestAudit } from '../audit/request-audit';
import { AddressAllowList } from '../server/address-allowlist';
import { dbPathOf } from './database-option';

export interface AuditLogOptions {
  db?: string;
  auditLog?: string;
}

export const AUDIT_LOG_OPTION_HELP =
  'audit log file, JSON Lines (default: the database path with .audit.jsonl appended)';

/** Adds `--audit-log`, defaulting to `<db>.audit.jsonl` beside the database file. */
export function withAuditLogOption(command: Command): Command {
  return command.option('--audit-log <path>', AUDIT_LOG_OPTION_HELP);
}

/** The audit log path: `--audit-log`, or the default beside the database that `--db` picks. */
export function auditLogPathOf(options: AuditLogOptions): string {
  return options.auditLog ? resolve(options.auditLog) : defaultAuditLogPath(dbPathOf(options));
}

/** Commander parser for `--allow-ip` and `--admin-allow-ip`: checks the list, keeps the text. */
export function parseAllowListOption(option: string) {
  return (text: string): string[] => {
    try {
      AddressAllowList.parse(text, option);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
    return text.split(',').map((entry) => entry.trim());
  };
}

/** A failed CLI change whose audit line gets `detail` beside the error message. */
export class CliChangeError extends PlatformError {
  constructor(
    code: PlatformErrorCode,
    message: string,
    readonly detail: Record<string, unknown>,
  ) {
    super(code, message);
  }
}

/** The operating-system user running the command, which the audit line names as the operator. */
function operatorName(): string | null {
  try {
    return userInfo().username;
  } catch {
    // userInfo throws when the uid has no passwd entry, as in some containers.
    return null;
  }
}

/**
 * Runs a team or key change made with the CLI and appends its audit line: `allowed` with the
 * detail `change` returns, or `failed` with the error. The log is opened before the change,
 * so an unwritable log stops the command before anything changes.
 */
export async function recordCliChange(
  options: AuditLogOptions,
  entry: Omit<AuditEntry, 'result'>,
  change: () => Promise<Record<string, unknown> | void>,
): Promise<void> {
  const log = AuditLog.open(auditLogPathOf(options));
  const audit = new RequestAudit(log, null, CLI_SOURCE);
  const detail = { ...entry.detail, operator: operatorName() };

  try {
    const extra = await change();
    audit.record({ ...entry, result: 'allowed', detail: { ...detail, ...extra } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const extra = error instanceof CliChangeError ? error.detail : {};
    audit.record({ ...entry, result: 'failed', detail: { ...detail, ...extra, error: message } });
    throw error;
  } finally {
    await log.close();
    if (log.failure) {
      // The change itself is done; the operator must know that it is missing from the log.
      process.stderr.write(
        `byob-platform: writing the audit log "${log.path}" failed (${log.failure.message}); the change is not recorded.\n`,
      );
      process.exitCode = 1;
    }
  }
}
