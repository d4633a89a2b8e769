import type { Generated, Insertable, Selectable } from 'kysely';

// Row types of the platform database. Timestamps are ISO 8601 strings and JSON columns are
// text, so the same migrations run on SQLite and PostgreSQL.

export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string | null;
  /** Organisation role: only `admin` may create teams through the API (createTeam). */
  role: 'admin' | 'member';
  entity_id: number;
  created_at: string;
}

export interface ApiKeysTable {
  id: Generated<number>;
  user_id: number;
  /** First characters of the key, kept so an operator can tell keys apart. */
  prefix: string;
  /** SHA-256 of the whole key, hex. */
  key_hash: string;
  description: string | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Users and teams share one namespace of entity names, as on W&B. */
export interface EntitiesTable {
  id: Generated<number>;
  name: string;
  kind: 'user' | 'team';
  /** Null means the instance-level bucket; otherwise a team-level bucket row. */
  storage_bucket_id: number | null;
  /** Prefix inside the bucket under which every object of this entity lives. */
  storage_path: string;
  created_at: string;
}

export interface TeamMembersTable {
  entity_id: number;
  user_id: number;
  role: 'admin' | 'member';
  created_at: string;
}

export interface StorageBucketsTable {
  id: Generated<number>;
  provider: 's3' | 'gcs' | 'azure';
  name: string;
  /** The address with its secrets masked, for display. */
  display_address: string;
  /** The full address, encrypted at rest; null for the instance bucket, which comes from the command line. */
  address_encrypted: string | null;
  /** Provider, endpoint and bucket without credentials or sub-path, such as `azure:http://127.0.0.1:10000/devstoreaccount1/data`. */
  location: string | null;
  /** The address's own sub-path, which comes before each entity's storage path; '' for none. */
  address_path: string | null;
  /** AWS KMS key (ARN, key id or alias) for SSE-KMS on uploads; S3 only. */
  kms_key_id: string | null;
  azure_tenant_id: string | null;
  azure_client_id: string | null;
  created_at: string;
}

export interface ProjectsTable {
  id: Generated<number>;
  entity_id: number;
  name: string;
  description: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface RunsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  display_name: string | null;
  state: string;
  description: string | null;
  notes: string | null;
  config: string | null;
  summary_metrics: string | null;
  tags: string;
  group_name: string | null;
  job_type: string | null;
  commit_hash: string | null;
  host: string | null;
  program: string | null;
  sweep_name: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  heartbeat_at: string | null;
}

export interface RunFilesTable {
  id: Generated<number>;
  run_id: number;
  name: string;
  storage_path: string;
  /** `pending` until the object is seen in the bucket. */
  state: 'pending' | 'stored';
  size: number | null;
  md5: string | null;
  mimetype: string | null;
  created_at: string;
  updated_at: string;
}

export interface ArtifactTypesTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  description: string | null;
  created_at: string;
}

export interface ArtifactCollectionsTable {
  id: Generated<number>;
  project_id: number;
  type_id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface ArtifactsTable {
  id: Generated<number>;
  collection_id: number;
  /** Assigned at commit, so abandoned uploads do not use up version numbers. */
  version_index: number | null;
  state: 'PENDING' | 'COMMITTED' | 'DELETED';
  /** Hex MD5 of the manifest entries (W&B's MANIFEST_MD5). */
  digest: string;
  description: string | null;
  metadata: string | null;
  client_id: string | null;
  sequence_client_id: string | null;
  requested_aliases: string;
  run_id: number | null;
  created_by: number;
  size: number | null;
  file_count: number | null;
  commit_hash: string | null;
  ttl_duration_seconds: number | null;
  history_step: number | null;
  created_at: string;
  updated_at: string;
  committed_at: string | null;
}

export interface ArtifactAliasesTable {
  id: Generated<number>;
  collection_id: number;
  artifact_id: number;
  alias: string;
  created_at: string;
}

export interface ArtifactManifestsTable {
  id: Generated<number>;
  artifact_id: number;
  name: string;
  type: 'FULL' | 'INCREMENTAL' | 'PATCH';
  /** Base64 MD5 of the manifest JSON; empty until the client knows it. */
  digest: string;
  storage_path: string;
  base_artifact_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ArtifactFilesTable {
  id: Generated<number>;
  artifact_id: number;
  name: string;
  /** Base64 MD5 of the content. */
  md5: string;
  size: number | null;
  storage_path: string;
  /** The artifact whose upload first stored this content. */
  birth_artifact_id: number;
  upload_state: 'pending' | 'deduplicated' | 'stored';
  upload_id: string | null;
  mimetype: string | null;
  created_at: string;
  updated_at: string;
}

/** Content a team's bucket is known to hold, keyed by MD5: the source of deduplication. */
export interface ContentObjectsTable {
  entity_id: number;
  md5: string;
  size: number;
  storage_path: string;
  birth_artifact_id: number;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  api_keys: ApiKeysTable;
  entities: EntitiesTable;
  team_members: TeamMembersTable;
  storage_buckets: StorageBucketsTable;
  projects: ProjectsTable;
  runs: RunsTable;
  run_files: RunFilesTable;
  artifact_types: ArtifactTypesTable;
  artifact_collections: ArtifactCollectionsTable;
  artifacts: ArtifactsTable;
  artifact_aliases: ArtifactAliasesTable;
  artifact_manifests: ArtifactManifestsTable;
  artifact_files: ArtifactFilesTable;
  content_objects: ContentObjectsTable;
}

export type User = Selectable<UsersTable>;
export type Entity = Selectable<EntitiesTable>;
export type StorageBucket = Selectable<StorageBucketsTable>;
export type Project = Selectable<ProjectsTable>;
export type Run = Selectable<RunsTable>;
export type RunFile = Selectable<RunFilesTable>;
export type ArtifactType = Selectable<ArtifactTypesTable>;
export type ArtifactCollection = Selectable<ArtifactCollectionsTable>;
export type Artifact = Selectable<ArtifactsTable>;
export type ArtifactManifest = Selectable<ArtifactManifestsTable>;
export type ArtifactFile = Selectable<ArtifactFilesTable>;
export type NewArtifactFile = Insertable<ArtifactFilesTable>;
