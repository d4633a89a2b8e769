// Start-up of team storage, shared by `serve` and the `team` commands: the deployment's
// rules, the configured file stores and the secrets key.
import type { SecretBox } from '../security/secrets';
import { loadSecretsKey } from '../security/secrets-key';
import type { StorageAddress } from '../storage/address';
import { describeStorageAddress } from '../storage/address';
import {
  DEFAULT_DEPLOYMENT,
  assertDeploymentStorage,
  type Deployment,
} from '../storage/deployment';
import type { BucketAddress } from '../storage/file-stores';
import type { TeamStorageSettings } from './team-storage';

export interface TeamStorageOptions {
  /** Default self-managed. */
  deployment?: Deployment;
  /** Buckets that admins may give teams (--file-stores or GORILLA_SUPPORTED_FILE_STORES). */
  fileStores?: readonly BucketAddress[];
  /** --secrets-key-file: a file with the base64 of 32 random bytes. */
  secretsKeyFile?: string;
  /** BYOB_SECRETS_KEY: the base64 of 32 random bytes. */
  secretsKey?: string;
}

export interface PreparedTeamStorage {
  settings: TeamStorageSettings;
  /** Path of the key file created by this start, which the caller should log; null otherwise. */
  createdKeyFile: string | null;
}

/**
 * Checks the storage configuration against the deployment and loads the secrets key (creating
 * `<dbPath>.key` when no other key is given). Throws one line when the deployment rejects it.
 */
export function prepareTeamStorage(
  options: TeamStorageOptions & { dbPath: string; instanceBucket: StorageAddress | null },
): PreparedTeamStorage {
  const deployment = options.deployment ?? DEFAULT_DEPLOYMENT;
  const fileStores = options.fileStores ?? [];
  assertDeploymentStorage(deployment, options.instanceBucket, fileStores);

  const { box, createdFile } = loadSecretsKey({
    keyFile: options.secretsKeyFile,
    base64Key: options.secretsKey,
    dbPath: options.dbPath,
  });
  return { settings: { deployment, fileStores, secrets: box }, createdKeyFile: createdFile };
}

/** Returns the line to log or print when a start created the key file at `path`. */
export function createdKeyFileMessage(path: string): string {
  return `created the secrets key file ${path}: back it up with the database, because team-level bucket credentials stored there cannot be decrypted without it`;
}

/** Fields for the start-up log line: no secrets, the key only by its source and id. */
export function describeTeamStorage(settings: TeamStorageSettings): Record<string, unknown> {
  return {
    deployment: settings.deployment,
    fileStores: settings.fileStores.map((store) => describeStorageAddress(store)),
    secretsKey: describeKey(settings.secrets),
  };
}

function describeKey(box: SecretBox): string {
  return `${box.source} (key ${box.keyId})`;
}
