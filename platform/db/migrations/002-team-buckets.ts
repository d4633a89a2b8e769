import type { Kysely } from 'kysely';

// Columns for team-level buckets. Each team-level team has its own storage_buckets row, so
// teams that share a bucket can each keep their own KMS key and Azure identity. `location`
// and `address_path` are the non-secret parts of the encrypted address that the platform
// needs without decrypting it: which bucket the row reaches (to keep teams that share a
// bucket in separate folders) and the address's own sub-path.

export function teamBucketsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const columns = [
        'location',
        'address_path',
        'kms_key_id',
        'azure_tenant_id',
        'azure_client_id',
      ];
      for (const column of columns) {
        await db.schema.alterTable('storage_buckets').addColumn(column, 'text').execute();
      }

      await db.schema
        .createIndex('storage_buckets_location')
        .on('storage_buckets')
        .column('location')
        .execute();
    },
  };
}
