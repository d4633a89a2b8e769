// One download transfer from start to end. It starts the files already journaled, lists the
// rest from the platform while those run, and waits for every file. The transfer then fails
// with the first file failure, a failed listing, or the paths rejected as unsafe.

import { mkdir } from 'node:fs/promises';

import type { ErrorInfo, FileTransferRecord } from '../journal/index';
import { toTransferError, TransferError } from '../transfer/errors';
import type { DownloadContext } from './context';
import { diskError } from './disk-errors';
import { runFileDownload } from './file-runner';
import { listIntoJournal, type RefusedFile } from './listing';
import type { RemoteFileLister } from './remote-files';

export interface DownloadPlan {
  lister: RemoteFileLister;
  /** Logical paths to download, as journalled with the transfer. Undefined means every listed file. */
  requested: readonly string[] | undefined;
  /** A refusal of unsafe paths from an earlier run, which must still fail the transfer. */
  earlierRefusal: ErrorInfo | null;
}

/** Runs or resumes the download of transfer `ctx.transferId` until every file is finished. */
export async function runDownload(ctx: DownloadContext, plan: DownloadPlan): Promise<void> {
  const { transfer, files } = ctx.journal.getTransfer(ctx.transferId)!;
  // The counters start with the journal's total now; the listing adds every later batch.
  ctx.progress.addTotal(0);
  try {
    await mkdir(ctx.root, { recursive: true });
  } catch (error) {
    throw diskError(error, 'create the download folder', ctx.root, {
      transferId: ctx.transferId,
    });
  }

  const downloads: Promise<void>[] = [];
  const start = (records: readonly FileTransferRecord[]) => {
    for (const record of records) downloads.push(runFileDownload(ctx, record));
  };
  start(files);

  let listingError: unknown;
  let refused: RefusedFile[] = [];
  if (!transfer.listingComplete) {
    try {
      refused = await listIntoJournal(ctx, plan.lister, plan.requested, start);
    } catch (error) {
      listingError = error;
    }
  }

  const results = await Promise.allSettled(downloads);
  ctx.signal.throwIfAborted();
  if (listingError !== undefined) {
    const failure = toTransferError(listingError, 'PLATFORM_ERROR', {
      transferId: ctx.transferId,
      operation: 'list-files',
    });
    throw new TransferError(
      failure.code,
      `Listing the files failed: ${failure.message}`,
      failure.context,
      {
        cause: failure,
      },
    );
  }

  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    const first = toTransferError(failures[0], 'WRITE_FAILED', { transferId: ctx.transferId });
    const more = failures.length > 1 ? ` ${failures.length - 1} more files failed too.` : '';
    throw new TransferError(first.code, `${first.message}${more}`, first.context, {
      cause: first,
    });
  }
  throwRefusals(ctx, refused, plan.earlierRefusal);
}

function throwRefusals(
  ctx: DownloadContext,
  refused: readonly RefusedFile[],
  earlier: ErrorInfo | null,
): void {
  if (refused.length === 0 && earlier !== null) {
    throw new TransferError('UNSAFE_PATH', earlier.message, { transferId: ctx.transferId });
  }
  if (refused.length === 0) return;

  const examples = refused
    .slice(0, 3)
    .map((file) => JSON.stringify(file.logicalPath))
    .join(', ');
  throw new TransferError(
    'UNSAFE_PATH',
    `Refused ${refused.length} files whose paths would be written outside the download folder ${ctx.root}: ${examples}. The other files were downloaded.`,
    { transferId: ctx.transferId },
  );
}
