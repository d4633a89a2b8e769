// Cancelling a download: every unfinished file loses the `.part` file the engine made and is
// marked cancelled. Finished files and files that were already on disk stay as they are.

import { FINISHED_FILE_STATES, type Journal, type TransferWithFiles } from '../journal/index';
import type { TransferEventEmitter } from '../transfer/events';
import { removePart } from './part-file';

/** Deletes the `.part` files of a transfer's unfinished files and marks those files cancelled. */
export async function cancelDownloads(
  journal: Journal,
  events: TransferEventEmitter,
  found: TransferWithFiles,
): Promise<void> {
  for (const file of found.files) {
    if (FINISHED_FILE_STATES.includes(file.state)) continue;

    try {
      await removePart(file);
    } catch (error) {
      // The transfer is cancelled either way, so a file that cannot be deleted is reported.
      events.emit('warning', {
        transferId: file.transferId,
        logicalPath: file.logicalPath,
        message: `Deleting the partial file of "${file.logicalPath}" failed: ${(error as Error).message}. Delete ${file.localPath}.part by hand.`,
      });
    }
    journal.setFileState(file.id, 'cancelled');
  }
}
