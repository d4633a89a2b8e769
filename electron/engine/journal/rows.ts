// Row shapes of the journal tables and their conversion to the records the journal returns.
// The SELECT lists below leave out every `url` column, so no record can carry a URL.

import type {
  FileState,
  RequestedState,
  FileTransferRecord,
  PartRecord,
  TransferKind,
  TransferRecord,
  TransferState,
  UploadMode,
} from './types';

export const TRANSFER_COLUMNS = `id, kind, state, platform_host, entity, project, artifact_name,
  artifact_type, artifact_aliases, artifact_description, run_id, download_root, artifact_id,
  manifest_id, digest, total_files, total_bytes, error_code, error_message, created_at_ms,
  updated_at_ms, artifact_version, metadata, listing_complete, owner_pid, owner_heartbeat_ms,
  requested_state, requested_files`;

export const FILE_COLUMNS = `id, transfer_id, logical_path, local_path, size, mtime_ms,
  md5_base64, state, storage_path, upload_id, upload_mode, part_size, url_expires_at_ms,
  bytes_done, error_code, error_message, updated_at_ms, remote_etag`;

export const PART_COLUMNS = `file_id, part_index, part_number, byte_offset, length, md5_hex,
  url_expires_at_ms, receipt, confirmed_at_ms`;

export interface TransferRow {
  id: string;
  kind: TransferKind;
  state: TransferState;
  platform_host: string;
  entity: string;
  project: string;
  artifact_name: string | null;
  artifact_type: string | null;
  /** JSON array of strings. */
  artifact_aliases: string;
  artifact_description: string | null;
  run_id: string | null;
  download_root: string | null;
  artifact_id: string | null;
  manifest_id: string | null;
  digest: string | null;
  total_files: number;
  total_bytes: number;
  error_code: string | null;
  error_message: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  artifact_version: string | null;
  /** JSON object of artifact metadata. */
  metadata: string | null;
  listing_complete: 0 | 1;
  owner_pid: number | null;
  owner_heartbeat_ms: number | null;
  requested_state: RequestedState | null;
  /** JSON array of the logical paths a download asked for. */
  requested_files: string | null;
}

export interface FileRow {
  id: number;
  transfer_id: string;
  logical_path: string;
  local_path: string;
  size: number;
  mtime_ms: number | null;
  md5_base64: string | null;
  state: FileState;
  storage_path: string | null;
  upload_id: string | null;
  upload_mode: UploadMode | null;
  part_size: number | null;
  url_expires_at_ms: number | null;
  bytes_done: number;
  error_code: string | null;
  error_message: string | null;
  updated_at_ms: number;
  remote_etag: string | null;
}

export interface PartRow {
  file_id: number;
  part_index: number;
  part_number: number;
  byte_offset: number;
  length: number;
  md5_hex: string | null;
  url_expires_at_ms: number | null;
  receipt: string | null;
  confirmed_at_ms: number | null;
}

export function toTransferRecord(row: TransferRow): TransferRecord {
  const target: TransferRecord['target'] = {
    platformHost: row.platform_host,
    entity: row.entity,
    project: row.project,
  };

  // Optional target fields appear only when set, so records compare equal to their input.
  if (row.artifact_name !== null) target.artifactName = row.artifact_name;
  if (row.artifact_type !== null) target.artifactType = row.artifact_type;
  const aliases = JSON.parse(row.artifact_aliases) as string[];
  if (aliases.length > 0) target.aliases = aliases;
  if (row.artifact_description !== null) target.artifactDescription = row.artifact_description;
  if (row.run_id !== null) target.runId = row.run_id;
  if (row.download_root !== null) target.downloadRoot = row.download_root;
  if (row.artifact_version !== null) target.artifactVersion = row.artifact_version;
  if (row.metadata !== null) {
    target.artifactMetadata = JSON.parse(row.metadata) as Record<string, unknown>;
  }
  if (row.requested_files !== null) {
    target.requestedFiles = JSON.parse(row.requested_files) as string[];
  }

  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    target,
    artifactId: row.artifact_id,
    manifestId: row.manifest_id,
    digest: row.digest,
    totalFiles: row.total_files,
    totalBytes: row.total_bytes,
    error: toError(row.error_code, row.error_message),
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
    listingComplete: row.listing_complete === 1,
    owner:
      row.owner_pid === null || row.owner_heartbeat_ms === null
        ? null
        : { pid: row.owner_pid, heartbeatAtMs: row.owner_heartbeat_ms },
    requestedState: row.requested_state,
  };
}

export function toFileRecord(row: FileRow): FileTransferRecord {
  return {
    id: row.id,
    transferId: row.transfer_id,
    logicalPath: row.logical_path,
    localPath: row.local_path,
    fingerprint: { size: row.size, mtimeMs: row.mtime_ms, md5Base64: row.md5_base64 },
    state: row.state,
    storagePath: row.storage_path,
    uploadId: row.upload_id,
    uploadMode: row.upload_mode,
    partSize: row.part_size,
    urlExpiresAtMs: row.url_expires_at_ms,
    bytesDone: row.bytes_done,
    error: toError(row.error_code, row.error_message),
    updatedAtMs: row.updated_at_ms,
    remoteEtag: row.remote_etag,
  };
}

export function toPartRecord(row: PartRow): PartRecord {
  return {
    fileId: row.file_id,
    index: row.part_index,
    partNumber: row.part_number,
    offset: row.byte_offset,
    length: row.length,
    md5Hex: row.md5_hex,
    urlExpiresAtMs: row.url_expires_at_ms,
    receipt: row.receipt,
    confirmedAtMs: row.confirmed_at_ms,
  };
}

function toError(code: string | null, message: string | null): TransferRecord['error'] {
  return code === null ? null : { code, message: message ?? '' };
}
