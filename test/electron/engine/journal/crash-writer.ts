// Child process for crash.test.ts: opens the journal, confirms parts in index order and adds
// batches of files, reporting each commit to the parent over IPC. The parent kills it with
// SIGKILL part-way; if it is never killed it stops by itself after the last part.

import { Journal } from '../../../../electron/engine/journal';

const [path, transferId, fileIdText, batchSizeText] = process.argv.slice(2);
const fileId = Number(fileIdText);
const batchSize = Number(batchSizeText);

/** Sends a message and waits until it is handed to the IPC channel. */
function report(message: object): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send!(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

async function main(): Promise<void> {
  const journal = Journal.open(path!);
  const parts = journal.pendingParts(fileId);

  for (const part of parts) {
    journal.confirmPart(fileId, part.index, `"etag-${part.index}"`);
    await report({ kind: 'confirmed', index: part.index });

    // Every 25th part also adds a batch of files, so the kill may land inside a multi-row
    // transaction as well as inside a single receipt.
    if (part.index % 25 === 0) {
      const batch = part.index / 25;
      const files = Array.from({ length: batchSize }, (_, i) => ({
        logicalPath: `batch-${batch}/file-${i}.bin`,
        localPath: `/data/batch-${batch}/file-${i}.bin`,
        size: 1000 + i,
        mtimeMs: 1_700_000_000_000,
      }));
      journal.addFiles(transferId!, files);
      await report({ kind: 'batch', batch });
    }
  }

  journal.close();
  await report({ kind: 'finished' });
  process.disconnect();
}

void main();
