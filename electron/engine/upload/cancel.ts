// Cancelling a transfer's files: every unfinished file is marked cancelled, and each open
// S3 or GCS multipart upload is aborted through the platform's completeMultipartUploadArtifact
// with the action Abort, so the provider drops its stored parts. Azure needs no abort, because
// uncommitted blocks expire on their own (after 7 days, as Azure's BlockBlobClient.CommitBlockList documentation states).

import type { PlatformClient } from '../../platform-client/index';
import { completeMultipartUploadArtifactMutation } from '../../../shared/graphql/operations/index';
import type { FileTransferRecord, Journal, TransferWithFiles } from '../journal/index';
import type { TransferEventEmitter } from '../transfer/events';

const FINISHED = ['done', 'deduplicated', 'skipped', 'cancelled'];

/** Aborts the open multipart uploads of a transfer and marks its unfinished files cancelled. */
export async function cancelFiles(
  client: PlatformClient,
  journal: Journal,
  events: TransferEventEmitter,
  found: TransferWithFiles,
): Promise<void> {
  const artifactId = found.transfer.artifactId;

  for (const file of found.files) {
    if (FINISHED.includes(file.state)) continue;

    if (file.uploadMode === 'multipart' && artifactId !== null) {
      await abortMultipart(client, events, artifactId, file);
    }
    journal.setFileState(file.id, 'cancelled');
  }
}

async function abortMultipart(
  client: PlatformClient,
  events: TransferEventEmitter,
  artifactId: string,
  file: FileTransferRecord,
): Promise<void> {
  if (file.uploadId === null || file.storagePath === null) return;

  try {
    await client.request(completeMultipartUploadArtifactMutation, {
      completeMultipartAction: 'Abort',
      completedParts: [],
      artifactID: artifactId,
      storagePath: file.storagePath,
      uploadID: file.uploadId,
    });
  } catch (error) {
    // The transfer is cancelled either way, so a failed abort is reported and not retried.
    events.emit('warning', {
      transferId: file.transferId,
      message: `Aborting multipart upload ${file.uploadId} at ${file.storagePath} failed: ${(error as Error).message}. The bucket's lifecycle rules must remove its parts.`,
    });
  }
}
