// Creating a team with its storage: on the instance-level bucket, or on a team-level bucket
// that is checked, encrypted and saved with the team. The `team create` command and the
// createTeam mutation both go through createTeamWithStorage.

import { badInput } from '../core/errors';
import { checkName } from '../core/names';
import type { PlatformDb } from '../db/open';
import type { Entity } from '../db/tables';
import type { SecretBox } from '../security/secrets';
import { describeStorageAddress } from '../storage/address';
import { formatStorageAddress } from '../storage/address-format';
import {
  assertInstanceBucketAllowed,
  assertTeamBucketAllowed,
  type Deployment,
} from '../storage/deployment';
import { bucketLocation, bucketName, type BucketAddress } from '../storage/file-stores';
import { BUCKET_ADDRESS_PURPOSE } from '../storage/team-buckets';
import { validateBucket } from '../storage/validate';
import type { ValidationIssue } from '../storage/validation-issue';
import { assertTeamBucketPathFree, joinStoragePrefix, normaliseStoragePath } from './storage-paths';
import { assertTeamNameFree, createTeam } from './teams';
import { findUser } from './users';

/** Start-up settings that decide which storage a new team may get. */
export interface TeamStorageSettings {
  deployment: Deployment;
  /** External buckets that admins may pick through the API (--file-stores). */
  fileStores: readonly BucketAddress[];
  secrets: SecretBox;
}

export interface TeamStorageRequest {
  level: 'instance' | 'team';
  /** The team-level bucket; required when `level` is `team`. */
  address?: BucketAddress;
  /** Folder of the team's objects in the bucket; default: the team name. */
  path?: string;
  /** AWS KMS key for SSE-KMS on uploads (S3 only). */
  kmsKeyId?: string;
  /**
   * Microsoft Entra tenant and application ids of the team's identity (Azure only).
   * NOTE: They are stored and shown, but URLs are still signed with the store's account key.
   */
  azureTenantId?: string;
  azureClientId?: string;
}

export interface CreateTeamRequest {
  name: string;
  members?: string[];
  storage: TeamStorageRequest;
}

export interface CreateTeamOutcome {
  /** The new team, or null when a bucket check failed. */
  team: Entity | null;
  /** Bucket checks that failed; the team was not created. */
  errors: string[];
  /** Bucket settings worth fixing; the team was created anyway. */
  warnings: string[];
  /** The errors with their codes and params. */
  errorIssues: ValidationIssue[];
  /** The warnings with their codes and params. */
  warningIssues: ValidationIssue[];
}

// Entra ids are GUIDs: 8-4-4-4-12 hex digits.
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// AWS limits a KMS key ARN to 2048 characters; a key id or alias is shorter.
const MAX_KMS_KEY_LENGTH = 2048;

/**
 * Creates a team on the storage the request names. Input and deployment problems throw;
 * failed bucket checks return `errors` and create nothing.
 */
export async function createTeamWithStorage(
  db: PlatformDb,
  settings: TeamStorageSettings,
  request: CreateTeamRequest,
): Promise<CreateTeamOutcome> {
  const name = checkName('team', request.name);
  const storage = request.storage;
  const storagePath = normaliseStoragePath(storage.path ?? name);
  await assertTeamNameFree(db, name);
  // Unknown members fail here, before a slow bucket check.
  await Promise.all((request.members ?? []).map((member) => findUser(db, member)));

  if (storage.level === 'instance') {
    assertInstanceOptions(storage);
    assertInstanceBucketAllowed(
      settings.deployment,
      'a team on the instance-level bucket',
      'give the team its own S3 or GCS bucket (team create --storage <store>, or storage level TEAM)',
    );
    const team = await createTeam(db, { name, members: request.members, storagePath });
    return { team, errors: [], warnings: [], errorIssues: [], warningIssues: [] };
  }

  const address = storage.address;
  if (!address) {
    throw badInput(
      `Team "${name}" requests a team-level bucket but names none: give a configured file store or a full storage address.`,
      { reason: 'TEAM_BUCKET_MISSING', params: { team: name } },
    );
  }
  assertTeamBucketAllowed(settings.deployment, address.provider);
  const kmsKeyId = checkKmsKey(address, storage.kmsKeyId);
  const azure = checkAzureIdentity(address, storage.azureTenantId, storage.azureClientId);

  // Checked before the slow bucket probe, and again when the row is inserted.
  // NOTE: Only other team-level rows are compared, so a file store that is also the instance
  // bucket can overlap the folders of instance-level teams.
  const location = bucketLocation(address);
  const label = describeStorageAddress(address);
  await assertTeamBucketPathFree(db, location, joinStoragePrefix(address.path, storagePath), label);

  const validation = await validateBucket(address, { prefix: storagePath, kmsKeyId });
  if (validation.errors.length > 0) return { team: null, ...validation };

  const team = await createTeam(db, {
    name,
    members: request.members,
    storagePath,
    bucket: {
      provider: address.provider,
      name: bucketName(address),
      display_address: label,
      address_encrypted: settings.secrets.encrypt(
        formatStorageAddress(address),
        BUCKET_ADDRESS_PURPOSE,
      ),
      location,
      address_path: address.path,
      kms_key_id: kmsKeyId ?? null,
      azure_tenant_id: azure?.tenantId ?? null,
      azure_client_id: azure?.clientId ?? null,
    },
  });
  return {
    team,
    errors: [],
    warnings: validation.warnings,
    errorIssues: [],
    warningIssues: validation.warningIssues,
  };
}

function assertInstanceOptions(storage: TeamStorageRequest): void {
  const teamOnly = [
    storage.kmsKeyId !== undefined && 'a KMS key',
    (storage.azureTenantId !== undefined || storage.azureClientId !== undefined) &&
      'Azure tenant and client ids',
  ].filter((item): item is string => typeof item === 'string');

  if (teamOnly.length > 0) {
    throw badInput(
      `Teams on the instance-level bucket cannot have ${teamOnly.join(' or ')}: set them only with a team-level bucket.`,
      { reason: 'INSTANCE_STORAGE_OPTIONS' },
    );
  }
}

function checkKmsKey(address: BucketAddress, kmsKeyId: string | undefined): string | undefined {
  if (kmsKeyId === undefined) return undefined;
  if (address.provider !== 's3') {
    throw badInput(
      `A KMS key applies only to S3 buckets, but ${describeStorageAddress(address)} is on ${address.provider}: remove the KMS key.`,
      {
        reason: 'KMS_KEY_NOT_S3',
        params: { bucket: describeStorageAddress(address), provider: address.provider },
      },
    );
  }

  const key = kmsKeyId.trim();
  if (key === '' || key.length > MAX_KMS_KEY_LENGTH || /[\s\p{Cc}]/u.test(key)) {
    throw badInput(
      `Invalid KMS key "${kmsKeyId}": give a key ARN, key id or alias of 1 to ${MAX_KMS_KEY_LENGTH} characters without spaces.`,
      { reason: 'INVALID_KMS_KEY', params: { key: kmsKeyId, max: String(MAX_KMS_KEY_LENGTH) } },
    );
  }
  return key;
}

function checkAzureIdentity(
  address: BucketAddress,
  tenantId: string | undefined,
  clientId: string | undefined,
): { tenantId: string; clientId: string } | null {
  if (tenantId === undefined && clientId === undefined) return null;
  if (address.provider !== 'azure') {
    throw badInput(
      `Azure tenant and client ids apply only to Azure containers, but ${describeStorageAddress(address)} is on ${address.provider}: remove them.`,
      {
        reason: 'AZURE_IDS_NOT_AZURE',
        params: { bucket: describeStorageAddress(address), provider: address.provider },
      },
    );
  }
  if (tenantId === undefined || clientId === undefined) {
    throw badInput(
      'Azure tenant and client ids go together: give both --azure-tenant-id and --azure-client-id, or neither.',
      { reason: 'AZURE_IDS_INCOMPLETE' },
    );
  }

  for (const [kind, value, reason] of [
    ['tenant', tenantId, 'INVALID_AZURE_TENANT_ID'],
    ['client', clientId, 'INVALID_AZURE_CLIENT_ID'],
  ] as const) {
    if (!GUID.test(value.trim())) {
      throw badInput(
        `Invalid Azure ${kind} id "${value}": give the GUID from Microsoft Entra ID, such as 00000000-0000-0000-0000-000000000000.`,
        { reason, params: { value } },
      );
    }
  }
  return { tenantId: tenantId.trim().toLowerCase(), clientId: clientId.trim().toLowerCase() };
}
