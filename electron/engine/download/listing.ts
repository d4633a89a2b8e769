// Adds the platform's file list to the journal while downloads run: files arrive page by
// page, are journaled in batches with their URLs, and each batch starts downloading at once.
// A resumed transfer whose listing did not finish lists again and skips the files it has.

import { urlExpiresAtMs } from '../http/index';
import type { FileTransferRecord, NewFile } from '../journal/index';
import { TransferError } from '../transfer/errors';
import type { DownloadContext } from './context';
import { localTargetOf } from './local-paths';
import type { RemoteFile, RemoteFileLister } from './remote-files';

/** Files per journal transaction while listing. */
const LISTING_BATCH = 100;

// 16 bytes encode to 22 base64 characters plus `==` padding.
const MD5_BASE64 = /^[A-Za-z0-9+/]{22}==$/;

/** Files the listing refused to write, kept to fail the transfer once the others are done. */
export interface RefusedFile {
  logicalPath: string;
  error: TransferError;
}

/**
 * Lists the remote files into the journal, calling `start` with every journaled batch, and
 * returns the refused files. Throws INVALID_INPUT when a requested name is not listed.
 */
export async function listIntoJournal(
  ctx: DownloadContext,
  lister: RemoteFileLister,
  requested: readonly string[] | undefined,
  start: (files: FileTransferRecord[]) => void,
): Promise<RefusedFile[]> {
  const known = new Set(ctx.journal.getTransfer(ctx.transferId)!.files.map((f) => f.logicalPath));
  const wanted = requested?.map((name) => name.normalize('NFC'));
  const seen = new Set<string>();
  const refused: RefusedFile[] = [];
  let batch: RemoteFile[] = [];

  for await (const remote of lister(wanted, ctx.signal)) {
    seen.add(remote.logicalPath);
    if (known.has(remote.logicalPath)) continue;
    known.add(remote.logicalPath);

    try {
      localTargetOf(ctx.root, remote.logicalPath);
    } catch (error) {
      if (!(error instanceof TransferError)) throw error;
      const refusal = new TransferError(error.code, error.message, {
        ...error.context,
        transferId: ctx.transferId,
      });
      refused.push({ logicalPath: remote.logicalPath, error: refusal });
      ctx.events.emit('state', {
        transferId: ctx.transferId,
        logicalPath: remote.logicalPath,
        state: 'failed',
        error: refusal.toInfo(),
      });
      continue;
    }

    batch.push(remote);
    if (batch.length >= LISTING_BATCH) {
      start(journalBatch(ctx, batch));
      batch = [];
    }
  }
  if (batch.length > 0) start(journalBatch(ctx, batch));

  const missing = (wanted ?? []).filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new TransferError(
      'INVALID_INPUT',
      `${missing.length} requested files are not in the listing, such as "${missing[0]}"; check the names against the artifact version or run.`,
      { transferId: ctx.transferId },
    );
  }
  ctx.journal.markListingComplete(ctx.transferId);
  return refused;
}

/** Journals one batch with its URLs, reports mapped names, and returns the new records. */
function journalBatch(ctx: DownloadContext, batch: readonly RemoteFile[]): FileTransferRecord[] {
  const newFiles: NewFile[] = batch.map((remote) => {
    const target = localTargetOf(ctx.root, remote.logicalPath);
    if (target.mapped) {
      ctx.warn(
        `"${remote.logicalPath}" is saved as "${target.relativePath}", because Windows does not accept its name as it is.`,
        remote.logicalPath,
      );
    }
    const hasMd5 = remote.md5Base64 !== null && MD5_BASE64.test(remote.md5Base64);
    if (!hasMd5) {
      // NOTE: without an MD5 from the platform only the size is checked after the download.
      ctx.warn(
        `The platform lists no MD5 for "${remote.logicalPath}", so only its size is checked after the download.`,
        remote.logicalPath,
      );
    }
    return {
      logicalPath: remote.logicalPath,
      localPath: target.localPath,
      size: remote.size,
      ...(hasMd5 ? { md5Base64: remote.md5Base64! } : {}),
    };
  });

  const ids = ctx.journal.addFiles(ctx.transferId, newFiles);
  const now = Date.now();
  let bytes = 0;
  const records = ids.map((id, index) => {
    const url = batch[index]!.directUrl;
    ctx.journal.recordFileUrl(id, { url, expiresAtMs: urlExpiresAtMs(url, now) });
    bytes += batch[index]!.size;
    return ctx.journal.getFile(id);
  });
  ctx.progress.addTotal(bytes);
  return records;
}
