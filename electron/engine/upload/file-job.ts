// A file transfer as the engine keeps it while it runs: the journal record plus what the
// journal does not store (part MD5s before the plan is recorded, PUT headers, birth artifact).

import type { CreatedArtifactFileData } from '../../../shared/graphql/operations/index';
import { parseHeaderList, urlExpiresAtMs } from '../http/index';
import type { FileTransferRecord, PlannedPart, UploadMode } from '../journal/index';
import type { TransferContext } from './context';

export interface FileJob {
  record: FileTransferRecord;
  /** Whole-file MD5, base64. */
  md5Base64: string;
  /** Planned parts with their MD5s; empty for a file sent in one PUT. */
  parts: PlannedPart[];
  partSize: number;
  /** Headers of the single PUT from createArtifactFiles or createRunFiles. */
  headers: Record<string, string>;
  /** Artifact that first stored the content, for the manifest. */
  birthArtifactId: string | null;
}

/** Reloads the journal record, whose state and fingerprint the steps check. */
export function refreshRecord(ctx: TransferContext, job: FileJob): FileTransferRecord {
  job.record = ctx.journal.getFile(job.record.id);
  return job.record;
}

/**
 * Records what createArtifactFiles returned for a file and returns how to send it:
 * `deduplicated` (no URL), `multipart` (part URLs), `azure-blocks` (one Azure SAS URL for a
 * file planned in parts) or `single`. The plan is journaled here, before any byte is sent.
 */
export function applyUploadTarget(
  ctx: TransferContext,
  job: FileJob,
  node: CreatedArtifactFileData,
): UploadMode | 'deduplicated' {
  const fileId = job.record.id;
  const now = Date.now();
  job.birthArtifactId = node.artifact?.id ?? job.birthArtifactId;
  job.headers = parseHeaderList(node.uploadHeaders);

  const multipart = node.uploadMultipartUrls;
  if (multipart?.uploadUrlParts && multipart.uploadUrlParts.length > 0) {
    ctx.journal.recordStorage(fileId, {
      ...(node.storagePath ? { storagePath: node.storagePath } : {}),
      uploadId: multipart.uploadID,
    });
    recordPlan(ctx, job, 'multipart');
    ctx.journal.recordPartUrls(
      fileId,
      multipart.uploadUrlParts.map((part) => ({
        index: Number(part.partNumber) - 1,
        url: part.uploadUrl,
        expiresAtMs: urlExpiresAtMs(part.uploadUrl, now),
      })),
    );
    return 'multipart';
  }

  if (node.uploadUrl === null) return 'deduplicated';

  if (node.storagePath) ctx.journal.recordStorage(fileId, { storagePath: node.storagePath });
  const isAzure = Object.keys(job.headers).some((name) => name.toLowerCase() === 'x-ms-blob-type');
  const mode: UploadMode = isAzure && job.parts.length > 1 ? 'azure-blocks' : 'single';
  recordPlan(ctx, job, mode);
  ctx.journal.recordFileUrl(fileId, {
    url: node.uploadUrl,
    expiresAtMs: urlExpiresAtMs(node.uploadUrl, now),
  });
  return mode;
}

function recordPlan(ctx: TransferContext, job: FileJob, mode: UploadMode): void {
  const record = refreshRecord(ctx, job);
  if (record.uploadMode !== null) return;

  // A file planned in parts but sent in one PUT (a provider without multipart and not Azure)
  // journals no parts, so nothing waits for part receipts.
  const parts = mode === 'single' ? [] : job.parts;
  ctx.journal.recordPlan(record.id, {
    uploadMode: mode,
    partSize: mode === 'single' ? Math.max(1, record.fingerprint.size) : job.partSize,
    md5Base64: job.md5Base64,
    parts,
  });
  refreshRecord(ctx, job);
}
