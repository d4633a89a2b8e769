import type { Command } from 'commander';

import { createTeamWithStorage, type TeamStorageRequest } from '../accounts/team-storage';
import { createdKeyFileMessage, prepareTeamStorage } from '../accounts/team-storage-setup';
import { describeTeam, type TeamSummary } from '../accounts/teams';
import { redactStorageAddress } from '../storage/address';
import { resolveStoreArgument } from '../storage/file-stores';
import { CliChangeError, recordCliChange, withAuditLogOption } from './audit-option';
import { dbPathOf, withDatabase, withDbOption } from './database-option';
import {
  teamStorageOptionsOf,
  withTeamStorageOptions,
  type TeamStorageCliOptions,
} from './team-storage-options';

const print = (text: string) => process.stdout.write(`${text}\n`);
const printError = (text: string) => process.stderr.write(`byob-platform: ${text}\n`);

/** Prints one team on one line, its storage with secrets masked. */
export function printTeam(team: TeamSummary): void {
  const members = team.members.map((m) =>
    m.role === 'admin' ? `${m.username} (admin)` : m.username,
  );

  let storage = `instance-level, path ${team.storagePath}`;
  if (team.bucket) {
    const details = [`team-level ${team.bucket.address}`, `path ${team.bucket.path}`];
    if (team.bucket.kmsKeyId) details.push(`KMS key ${team.bucket.kmsKeyId}`);
    if (team.bucket.azureTenantId) {
      details.push(
        `Azure tenant ${team.bucket.azureTenantId} client ${team.bucket.azureClientId ?? '-'}`,
      );
    }
    storage = details.join(', ');
  }

  print(`${team.name}\tstorage: ${storage}\tmembers: ${members.join(', ') || '-'}`);
}

interface TeamCreateOptions extends TeamStorageCliOptions {
  member?: string[];
  storage: string;
  path?: string;
  kmsKeyArn?: string;
  azureTenantId?: string;
  azureClientId?: string;
  db?: string;
  auditLog?: string;
}

/** Adds `team create`, which sets a team's storage once: no command changes it later. */
export function registerTeamCreateCommand(team: Command): void {
  withTeamStorageOptions(
    withAuditLogOption(
      withDbOption(
        team
          .command('create <name>')
          .description(
            "Create a team on the instance-level bucket or its own bucket; a team's storage cannot change later",
          ),
      ),
    ),
  )
    .option('--member <user...>', 'users to add as members')
    .option(
      '--storage <store>',
      'instance, or a team-level bucket: a configured file store by bucket name (Azure: account/container) or a full storage address',
      'instance',
    )
    .option(
      '--path <sub-path>',
      "folder inside the bucket for the team's files (default: the team name)",
    )
    .option('--kms-key-arn <arn>', 'AWS KMS key for SSE-KMS on uploads (S3 team buckets only)')
    .option('--azure-tenant-id <id>', 'Microsoft Entra tenant id (Azure team buckets only)')
    .option(
      '--azure-client-id <id>',
      'Microsoft Entra application (client) id (Azure team buckets only)',
    )
    .action((name: string, options: TeamCreateOptions) =>
      withDatabase(options, (db) =>
        recordCliChange(
          options,
          {
            action: 'team.create',
            team: name,
            detail: {
              members: options.member ?? [],
              storage: redactStorageAddress(options.storage),
            },
          },
          async () => {
            const prepared = prepareTeamStorage({
              ...teamStorageOptionsOf(options),
              dbPath: dbPathOf(options),
              instanceBucket: null,
            });
            if (prepared.createdKeyFile) printError(createdKeyFileMessage(prepared.createdKeyFile));

            const outcome = await createTeamWithStorage(db, prepared.settings, {
              name,
              members: options.member ?? [],
              storage: storageRequestOf(options, prepared.settings.fileStores),
            });
            for (const warning of outcome.warnings) printError(`warning: ${warning}`);
            for (const error of outcome.errors) printError(`error: ${error}`);

            if (outcome.team === null) {
              // The errors name the bucket only in masked form, so the audit line may keep them.
              throw new CliChangeError(
                'BAD_USER_INPUT',
                `Team "${name}" was not created because its bucket failed ${outcome.errors.length === 1 ? 'a check' : `${outcome.errors.length} checks`}: fix the reported errors and run the command again.`,
                { errors: outcome.errors },
              );
            }
            printTeam(await describeTeam(db, outcome.team));
          },
        ),
      ),
    );
}

function storageRequestOf(
  options: TeamCreateOptions,
  fileStores: Parameters<typeof resolveStoreArgument>[0],
): TeamStorageRequest {
  const settings = {
    path: options.path,
    kmsKeyId: options.kmsKeyArn,
    azureTenantId: options.azureTenantId,
    azureClientId: options.azureClientId,
  };
  if (options.storage.trim().toLowerCase() === 'instance')
    return { level: 'instance', ...settings };
  return { level: 'team', address: resolveStoreArgument(fileStores, options.storage), ...settings };
}
