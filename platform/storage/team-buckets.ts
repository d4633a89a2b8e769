// Opening team-level buckets from their database rows: the address is decrypted only here,
// in memory, when the registry first needs the bucket.
import type { Logger } from 'pino';

import { PlatformError } from '../core/errors';
import type { PlatformDb } from '../db/open';
import type { SecretBox } from '../security/secrets';
import { parseStorageAddress, redactStorageAddress } from './address';
import { openProvider } from './open-provider';
import type { UrlLifetimes } from './provider';
import type { TeamBucketLoader } from './registry';

/** The purpose an encrypted bucket address is bound to, so it decrypts only in this column. */
export const BUCKET_ADDRESS_PURPOSE = 'storage_buckets.address_encrypted';

export interface TeamBucketLoaderOptions {
  db: PlatformDb;
  secrets: SecretBox;
  lifetimes: UrlLifetimes;
  log: Logger;
}

/**
 * Returns a loader for StorageRegistry. The provider is opened without a prefix, because
 * object paths already start with the team's storage path, and with the row's KMS key.
 */
export function createTeamBucketLoader(options: TeamBucketLoaderOptions): TeamBucketLoader {
  return async (bucketId) => {
    const row = await options.db
      .selectFrom('storage_buckets')
      .select(['display_address', 'address_encrypted', 'kms_key_id'])
      .where('id', '=', bucketId)
      .executeTakeFirst();
    if (!row || row.address_encrypted === null) {
      throw new PlatformError(
        'STORAGE_ERROR',
        `Team-level bucket ${bucketId} has no stored address: the database row is missing or damaged, so re-create the team.`,
      );
    }

    try {
      const text = options.secrets.decrypt(row.address_encrypted, BUCKET_ADDRESS_PURPOSE);
      const address = parseStorageAddress(text);
      return openProvider(address, options.lifetimes, { kmsKeyId: row.kms_key_id ?? undefined });
    } catch (error) {
      // The reason can name the key file or the server's setup, so it goes to the log only.
      const reason = redactStorageAddress(error instanceof Error ? error.message : String(error));
      options.log.error(
        { bucketId, bucket: row.display_address, reason },
        'team bucket failed to open',
      );
      throw new PlatformError(
        'STORAGE_ERROR',
        `The team-level bucket ${row.display_address} failed to open: an operator can find the reason in the platform log.`,
      );
    }
  };
}
