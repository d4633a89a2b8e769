import { describe, expect, it } from 'vitest';

import type { NewFile } from '../../../../electron/engine/journal';
import { UPLOAD_TARGET, openJournal, tempFolder } from './fixture';

const folder = tempFolder('scale');
const FILE_COUNT = 100_000;
const BATCH_SIZE = 5_000;
// A sanity bound on heap growth, far above what 100,000 inserted rows need when nothing keeps
// them: it catches a journal that buffers every row, not a slow one.
const HEAP_GROWTH_LIMIT = 256 * 1024 * 1024;

/** Builds one batch the way a folder walk would, without holding earlier batches. */
function batch(start: number): NewFile[] {
  return Array.from({ length: BATCH_SIZE }, (_, i) => {
    const n = start + i;
    return {
      logicalPath: `shards/${String(n % 100).padStart(2, '0')}/sample-${n}.npy`,
      localPath: `/data/shards/${n % 100}/sample-${n}.npy`,
      size: 4096 + (n % 7),
      mtimeMs: 1_700_000_000_000 + n,
    };
  });
}

describe('journal scale', () => {
  it('adds 100,000 files in batches', { timeout: 300_000 }, () => {
    const { journal } = openJournal(folder);
    const transfer = journal.createTransfer({ kind: 'upload-artifact', target: UPLOAD_TARGET });
    const heapBefore = process.memoryUsage().heapUsed;

    let lastId = 0;
    let expectedBytes = 0;
    for (let start = 0; start < FILE_COUNT; start += BATCH_SIZE) {
      const files = batch(start);
      const ids = journal.addFiles(transfer.id, files);

      expect(ids).toHaveLength(BATCH_SIZE);
      expect(ids[0]).toBeGreaterThan(lastId);
      lastId = ids.at(-1)!;
      expectedBytes += files.reduce((sum, file) => sum + file.size, 0);
    }

    const stored = journal.listTransfers()[0]!;
    expect(stored.totalFiles).toBe(FILE_COUNT);
    expect(stored.totalBytes).toBe(expectedBytes);

    // Stream the rows back without collecting them, checking order and content on the way.
    let count = 0;
    let previousId = 0;
    for (const file of journal.iterateFiles(transfer.id)) {
      expect(file.id).toBeGreaterThan(previousId);
      previousId = file.id;
      if (
        file.logicalPath !== `shards/${String(count % 100).padStart(2, '0')}/sample-${count}.npy`
      ) {
        throw new Error(`file ${count} came back as ${file.logicalPath}`);
      }
      count += 1;
    }
    expect(count).toBe(FILE_COUNT);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT);

    // The resume listing includes every file of the running transfer.
    journal.setTransferState(transfer.id, 'running');
    const [resumable] = journal.resumable();
    expect(resumable!.files).toHaveLength(FILE_COUNT);
    expect(resumable!.files[FILE_COUNT - 1]!.logicalPath).toBe(
      `shards/99/sample-${FILE_COUNT - 1}.npy`,
    );
    journal.close();
  });
});
