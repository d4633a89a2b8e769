import type { CreateTableBuilder, Kysely } from 'kysely';
import { sql } from 'kysely';

// The first schema. Column types stay within what SQLite and PostgreSQL share; the one
// difference, the auto-increment key, goes through addId.

function addId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: 'sqlite' | 'postgres',
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export function initialMigration(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await addId(db.schema.createTable('storage_buckets'), dialect)
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('display_address', 'text', (c) => c.notNull())
        .addColumn('address_encrypted', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await addId(db.schema.createTable('entities'), dialect)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('storage_bucket_id', 'integer', (c) => c.references('storage_buckets.id'))
        .addColumn('storage_path', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await addId(db.schema.createTable('users'), dialect)
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await addId(db.schema.createTable('api_keys'), dialect)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();

      await db.schema
        .createTable('team_members')
        .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('team_members_pk', ['entity_id', 'user_id'])
        .execute();

      await addId(db.schema.createTable('projects'), dialect)
        .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('projects_entity_name', ['entity_id', 'name'])
        .execute();

      await addId(db.schema.createTable('runs'), dialect)
        .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('notes', 'text')
        .addColumn('config', 'text')
        .addColumn('summary_metrics', 'text')
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('group_name', 'text')
        .addColumn('job_type', 'text')
        .addColumn('commit_hash', 'text')
        .addColumn('host', 'text')
        .addColumn('program', 'text')
        .addColumn('sweep_name', 'text')
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('heartbeat_at', 'text')
        .addUniqueConstraint('runs_project_name', ['project_id', 'name'])
        .execute();

      await addId(db.schema.createTable('run_files'), dialect)
        .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('storage_path', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint')
        .addColumn('md5', 'text')
        .addColumn('mimetype', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('run_files_run_name', ['run_id', 'name'])
        .execute();

      await addId(db.schema.createTable('artifact_types'), dialect)
        .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('artifact_types_project_name', ['project_id', 'name'])
        .execute();

      await addId(db.schema.createTable('artifact_collections'), dialect)
        .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
        .addColumn('type_id', 'integer', (c) => c.notNull().references('artifact_types.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('artifact_collections_project_name', ['project_id', 'name'])
        .execute();

      await addId(db.schema.createTable('artifacts'), dialect)
        .addColumn('collection_id', 'integer', (c) =>
          c.notNull().references('artifact_collections.id'),
        )
        .addColumn('version_index', 'integer')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('metadata', 'text')
        .addColumn('client_id', 'text')
        .addColumn('sequence_client_id', 'text')
        .addColumn('requested_aliases', 'text', (c) => c.notNull())
        .addColumn('run_id', 'integer', (c) => c.references('runs.id'))
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('size', 'bigint')
        .addColumn('file_count', 'integer')
        .addColumn('commit_hash', 'text')
        .addColumn('ttl_duration_seconds', 'bigint')
        .addColumn('history_step', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('committed_at', 'text')
        .addUniqueConstraint('artifacts_collection_version', ['collection_id', 'version_index'])
        .execute();
      await db.schema
        .createIndex('artifacts_collection_digest')
        .on('artifacts')
        .columns(['collection_id', 'digest'])
        .execute();

      await addId(db.schema.createTable('artifact_aliases'), dialect)
        .addColumn('collection_id', 'integer', (c) =>
          c.notNull().references('artifact_collections.id'),
        )
        .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.id'))
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('artifact_aliases_collection_alias', ['collection_id', 'alias'])
        .execute();

      await addId(db.schema.createTable('artifact_manifests'), dialect)
        .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('storage_path', 'text', (c) => c.notNull())
        .addColumn('base_artifact_id', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('artifact_manifests_artifact_name', ['artifact_id', 'name'])
        .execute();

      await addId(db.schema.createTable('artifact_files'), dialect)
        .addColumn('artifact_id', 'integer', (c) => c.notNull().references('artifacts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('md5', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint')
        .addColumn('storage_path', 'text', (c) => c.notNull())
        .addColumn('birth_artifact_id', 'integer', (c) => c.notNull())
        .addColumn('upload_state', 'text', (c) => c.notNull())
        .addColumn('upload_id', 'text')
        .addColumn('mimetype', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('artifact_files_artifact_name', ['artifact_id', 'name'])
        .execute();

      await db.schema
        .createTable('content_objects')
        .addColumn('entity_id', 'integer', (c) => c.notNull().references('entities.id'))
        .addColumn('md5', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('storage_path', 'text', (c) => c.notNull())
        .addColumn('birth_artifact_id', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('content_objects_pk', ['entity_id', 'md5'])
        .execute();

      // Keyset paging reads these in order.
      await sql`CREATE INDEX runs_project_created ON runs (project_id, id)`.execute(db);
      await sql`CREATE INDEX run_files_state ON run_files (run_id, state)`.execute(db);
    },
  };
}
