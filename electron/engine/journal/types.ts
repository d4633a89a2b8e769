// Values the journal stores and returns. Times are milliseconds since the Unix epoch and sizes
// are bytes. Records returned by the journal contain no pre-signed URL, so they are safe to log
// or export. The URLs themselves come only from `Journal.fileUrl` and `Journal.partUrl`.
import type { FileState, TransferKind, TransferState } from '../../../shared/transfer/states';

export * from '../../../shared/transfer/states';

/** Upload method of one file: one PUT, S3/GCS multipart, or Azure blocks. */
export const UPLOAD_MODES = ['single', 'multipart', 'azure-blocks'] as const;
export type UploadMode = (typeof UPLOAD_MODES)[number];

/** Destination of an upload or source of a download. The kind decides which fields are required. */
export interface TransferTarget {
  /**
   * Base URL of the W&B-compatible platform, such as `https://api.wandb.ai`. The journal rejects
   * a user name, password, query or fragment here, so an API key cannot end up in it.
   */
  platformHost: string;
  entity: string;
  project: string;
  /** Artifact name; required for artifact kinds. */
  artifactName?: string;
  /** Artifact type such as `dataset`; required for `upload-artifact`. */
  artifactType?: string;
  aliases?: string[];
  artifactDescription?: string;
  /** Run id; required for run-file kinds. */
  runId?: string;
  /** Local folder that downloads write into; required for download kinds. */
  downloadRoot?: string;
  /** Version (`v3`) or alias (`latest`) an artifact download asked for. */
  artifactVersion?: string;
  /** Artifact metadata sent with `createArtifact`, kept so a resumed upload sends it too. */
  artifactMetadata?: Record<string, unknown>;
  /**
   * Logical paths a download requested, kept so a resume whose listing did not finish still
   * lists only these. Every listed file when absent.
   */
  requestedFiles?: string[];
}

/** Failure recorded on a transfer or a file transfer: a stable code and a one-line message. */
export interface ErrorInfo {
  code: string;
  message: string;
}

/** Ids the platform assigns while an artifact upload proceeds. */
export interface PlatformIds {
  artifactId?: string;
  manifestId?: string;
  /** Manifest digest (hex MD5 of the manifest entries, as W&B computes it). */
  digest?: string;
}

export interface TransferRecord {
  /** Sortable id: creation time first, then random characters. */
  id: string;
  kind: TransferKind;
  state: TransferState;
  target: TransferTarget;
  artifactId: string | null;
  manifestId: string | null;
  digest: string | null;
  totalFiles: number;
  totalBytes: number;
  error: ErrorInfo | null;
  createdAtMs: number;
  updatedAtMs: number;
  /** True once every file of the transfer is in the journal. */
  listingComplete: boolean;
  /** Process that runs the transfer now, with its last heartbeat; null when none claimed it. */
  owner: TransferOwner | null;
  /** State another process asked the owner to move the transfer to. */
  requestedState: RequestedState | null;
}

/** States one process may ask the process running a transfer to move it to. */
export type RequestedState = 'paused' | 'cancelled';

export interface TransferOwner {
  pid: number;
  heartbeatAtMs: number;
}

/** One file as the caller lists it when creating a transfer or adding files in batches. */
export interface NewFile {
  /** Path inside the artifact or run, with `/` separators and no leading `/`. */
  logicalPath: string;
  localPath: string;
  /** Size in bytes: the local size for uploads, the expected size for downloads. */
  size: number;
  /** `fs.Stats.mtimeMs` of the local file; omitted for downloads before the file exists. */
  mtimeMs?: number;
  /** Whole-file MD5, base64; known up front for downloads (from the manifest). */
  md5Base64?: string;
}

/** Identity of a local file: size, modification time and, once hashed, its MD5. */
export interface FileFingerprint {
  size: number;
  /** Whole milliseconds, the floor of `fs.Stats.mtimeMs`. */
  mtimeMs: number | null;
  md5Base64: string | null;
}

export interface FileTransferRecord {
  id: number;
  transferId: string;
  logicalPath: string;
  localPath: string;
  fingerprint: FileFingerprint;
  state: FileState;
  /** Object key inside the bucket, once the platform has assigned it. */
  storagePath: string | null;
  /** Provider's multipart handle (S3 or GCS XML API); null for single PUTs and Azure. */
  uploadId: string | null;
  uploadMode: UploadMode | null;
  partSize: number | null;
  /** Expiry of the whole-file URL (single PUT or download GET); the URL itself is not here. */
  urlExpiresAtMs: number | null;
  bytesDone: number;
  error: ErrorInfo | null;
  updatedAtMs: number;
  /** ETag of the object a download reads, sent as `If-Match` when it resumes. */
  remoteEtag: string | null;
}

/** A transfer with its file transfers, as history and resume listings return it. */
export interface TransferWithFiles {
  transfer: TransferRecord;
  files: FileTransferRecord[];
}

export interface PlannedPart {
  offset: number;
  length: number;
  /** MD5 of the part's bytes, lowercase hex. */
  md5Hex?: string;
}

/** Part layout of one file, recorded before its first byte is sent. */
export interface PartPlan {
  uploadMode: UploadMode;
  /** Nominal part size in bytes; every part but the last has this length. */
  partSize: number;
  /** Whole-file MD5, base64, when hashing produced it together with the part MD5s. */
  md5Base64?: string;
  /** Parts in index order, covering the file from offset 0 without gaps. */
  parts: PlannedPart[];
}

export interface PartRecord {
  fileId: number;
  /** 0-based position inside the engine. */
  index: number;
  /** 1-based number sent on the wire (`index + 1`). */
  partNumber: number;
  offset: number;
  length: number;
  md5Hex: string | null;
  urlExpiresAtMs: number | null;
  /** ETag exactly as the provider returned it, or the acknowledged Azure block id. */
  receipt: string | null;
  confirmedAtMs: number | null;
}

export interface ConfirmedPart extends PartRecord {
  receipt: string;
  confirmedAtMs: number;
}

/** A pre-signed URL and the time it stops working. */
export interface PresignedUrl {
  url: string;
  expiresAtMs: number;
}

export interface PartUrl extends PresignedUrl {
  index: number;
}
