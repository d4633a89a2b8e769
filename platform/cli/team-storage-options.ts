import type { Command } from 'commander';

import type { TeamStorageOptions } from '../accounts/team-storage-setup';
import { SECRETS_KEY_ENV } from '../security/secrets-key';
import { DEPLOYMENT_ENV, parseDeployment } from '../storage/deployment';
import { FILE_STORES_ENV, parseFileStores } from '../storage/file-stores';

/** The options of withTeamStorageOptions as commander parses them. */
export interface TeamStorageCliOptions {
  fileStores?: string;
  deployment?: string;
  secretsKeyFile?: string;
}

/** Adds --file-stores, --deployment and --secrets-key-file, shared by `serve` and `team`. */
export function withTeamStorageOptions(command: Command): Command {
  return command
    .option(
      '--file-stores <addresses>',
      `comma-separated storage addresses that admins may give teams as team-level buckets (default: $${FILE_STORES_ENV})`,
    )
    .option(
      '--deployment <kind>',
      `self-managed, dedicated or saas; saas has no instance-level bucket and team buckets on S3 and GCS only (default: $${DEPLOYMENT_ENV} or self-managed)`,
    )
    .option(
      '--secrets-key-file <path>',
      `file with the base64 of the 32-byte key that encrypts bucket credentials (default: $${SECRETS_KEY_ENV}, else <db>.key, created on first start)`,
    );
}

/** Reads the options, falling back to their environment variables. */
export function teamStorageOptionsOf(options: TeamStorageCliOptions): TeamStorageOptions {
  const deploymentText = options.deployment ?? process.env[DEPLOYMENT_ENV];
  return {
    deployment: deploymentText ? parseDeployment(deploymentText) : undefined,
    fileStores: parseFileStores(options.fileStores ?? process.env[FILE_STORES_ENV]),
    secretsKeyFile: options.secretsKeyFile,
    secretsKey: process.env[SECRETS_KEY_ENV],
  };
}
