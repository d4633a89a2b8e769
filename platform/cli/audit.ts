import type { Command } from 'commander';

import { auditTableHeader, auditTableRow, parseSince, readAuditLog } from '../audit/read-log';
import { auditLogPathOf, withAuditLogOption, type AuditLogOptions } from './audit-option';
import { withDbOption } from './database-option';

interface AuditCommandOptions extends AuditLogOptions {
  since?: string;
  json?: boolean;
}

export function registerAuditCommand(program: Command): void {
  withAuditLogOption(
    withDbOption(
      program
        .command('audit')
        .description(
          'Print the audit log, oldest first: URLs issued, denials, failed logins, team and key changes',
        ),
    ),
  )
    .option(
      '--since <time>',
      'only events at or after an ISO 8601 time (2025-01-31T09:00:00Z) or a duration ago (90m, 24h, 7d)',
    )
    .option('--json', 'print each event as the JSON line stored in the log')
    .action(async (options: AuditCommandOptions) => {
      const since = options.since === undefined ? null : parseSince(options.since);
      const path = auditLogPathOf(options);
      const skipped = { count: 0, firstLine: null as number | null };

      if (!options.json) process.stdout.write(`${auditTableHeader()}\n`);
      for await (const line of readAuditLog(path, since, skipped)) {
        process.stdout.write(`${options.json ? line.text : auditTableRow(line.event)}\n`);
      }

      if (skipped.count > 0) {
        process.stderr.write(
          `byob-platform: skipped ${skipped.count} line(s) of "${path}" that are not audit events, the first at line ${skipped.firstLine}.\n`,
        );
      }
    });
}
