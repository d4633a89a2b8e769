// The journal's records as the IPC contract shows them: ISO times, no local-only columns.
import type { FileTransferRecord, Journal, TransferRecord } from '../../engine/journal/index';
import type { FileSummary, TransferSummary } from '../../../shared/ipc/index';

/** Converts a journal record; `bytesDone` comes from `Journal.bytesDone`. */
export function toTransferSummary(record: TransferRecord, bytesDone: number): TransferSummary {
  const target = record.target;
  return {
    id: record.id,
    kind: record.kind,
    state: record.state,
    target: {
      host: target.platformHost,
      entity: target.entity,
      project: target.project,
      artifactName: target.artifactName ?? null,
      artifactType: target.artifactType ?? null,
      aliases: target.aliases ?? [],
      artifactVersion: target.artifactVersion ?? null,
      runId: target.runId ?? null,
      downloadRoot: target.downloadRoot ?? null,
    },
    totalFiles: record.totalFiles,
    totalBytes: record.totalBytes,
    bytesDone,
    listingComplete: record.listingComplete,
    artifactId: record.artifactId,
    error: record.error,
    createdAt: new Date(record.createdAtMs).toISOString(),
    updatedAt: new Date(record.updatedAtMs).toISOString(),
  };
}

export function toFileSummary(file: FileTransferRecord): FileSummary {
  return {
    path: file.logicalPath,
    localPath: file.localPath,
    size: file.fingerprint.size,
    state: file.state,
    bytesDone: file.bytesDone,
    md5: file.fingerprint.md5Base64,
    error: file.error,
    updatedAt: new Date(file.updatedAtMs).toISOString(),
  };
}

/**
 * Returns one transfer without its files (Journal.getTransfer reads every file row).
 * listTransfers returns ids below `beforeId`, newest first, and `id + "\u0000"` sorts just
 * above `id`, so the first row is the transfer itself when it exists.
 */
export function findTransferRecord(
  journal: Journal,
  transferId: string,
): TransferRecord | undefined {
  const [record] = journal.listTransfers({ limit: 1, beforeId: `${transferId}\u0000` });
  return record?.id === transferId ? record : undefined;
}
