// Per-file results of a transfer as CSV or JSON, streamed from the journal row by row, so an
// export of 100,000 files never keeps them all in memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

import type { Journal } from '../../engine/journal/index';
import { findTransferRecord, toFileSummary, toTransferSummary } from './transfer-views';

export const CSV_COLUMNS = [
  'path',
  'local_path',
  'size',
  'state',
  'bytes_done',
  'md5',
  'error_code',
  'error_message',
] as const;

/** Writes the results of `transferId` to `path` and returns the number of files written. */
export async function exportTransferResults(
  journal: Journal,
  transferId: string,
  format: 'csv' | 'json',
  path: string,
): Promise<number> {
  const found = findTransferRecord(journal, transferId);
  const out = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
  let count = 0;

  try {
    if (format === 'csv') {
      await write(out, `${CSV_COLUMNS.join(',')}\r\n`);
    } else {
      const transfer = found ? toTransferSummary(found, journal.bytesDone(transferId)) : null;
      await write(out, `{"transfer":${JSON.stringify(transfer)},"files":[`);
    }

    for (const record of journal.iterateFiles(transferId)) {
      const file = toFileSummary(record);
      if (format === 'csv') {
        const cells = [
          file.path,
          file.localPath,
          file.size,
          file.state,
          file.bytesDone,
          file.md5,
          file.error?.code,
          file.error?.message,
        ];
        await write(out, `${cells.map(csvCell).join(',')}\r\n`);
      } else {
        await write(out, `${count === 0 ? '\n' : ',\n'}${JSON.stringify(file)}`);
      }
      count += 1;
    }

    if (format === 'json') await write(out, '\n]}\n');
  } finally {
    out.end();
    await once(out, 'close');
  }
  return count;
}

/**
 * Quotes a CSV cell as RFC 4180 defines it, and prefixes cells that spreadsheets would run as a
 * formula (=, +, -, @) with an apostrophe, since file names come from users.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
