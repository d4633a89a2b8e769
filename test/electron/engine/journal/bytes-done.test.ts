// The journal's count of bytes already at their destination, which history screens show
// before any live progress arrives.
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Journal } from '../../../../electron/engine/journal';
import { tempFolder } from './fixture';

const folder = tempFolder('bytes-done');

describe('Journal.bytesDone', () => {
  it('sums the bytes already stored', () => {
    const journal = Journal.open(join(folder, 'bytes.sqlite'));
    const transfer = journal.createTransfer({
      kind: 'upload-run-files',
      target: {
        platformHost: 'http://127.0.0.1:1',
        entity: 'kappa',
        project: 'vision',
        runId: 'r1',
      },
      files: ['a', 'b', 'c'].map((name) => ({
        logicalPath: `${name}.bin`,
        localPath: `/data/${name}.bin`,
        size: 100,
      })),
    });
    const [skipped, partial] = journal.getTransfer(transfer.id)!.files;

    journal.setFileState(skipped!.id, 'skipped');
    journal.recordProgress(partial!.id, 40);

    expect(journal.bytesDone(transfer.id)).toBe(140);
    expect(journal.bytesDone('no-such-transfer')).toBe(0);
    journal.close();
  });
});
