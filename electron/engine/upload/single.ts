// Strategy for a file sent in one PUT: the whole file as the body, with the headers the
// platform returned (such as Content-MD5 and x-ms-blob-type), to the whole-file URL.

import { RetryTracker } from '../../../shared/transfer/retry-policy';
import type { TransferContext } from './context';
import type { FileJob } from './file-job';
import { sendWithRetry } from './send';

export interface UrlSource {
  /** Requests a new whole-file URL from the platform and journals it. */
  remintFileUrl(job: FileJob): Promise<void>;
}

/** Returns the file's journaled URL, minting a new one first when it expires within the margin. */
export async function currentFileUrl(
  ctx: TransferContext,
  job: FileJob,
  urls: UrlSource,
): Promise<string> {
  const fileId = job.record.id;
  if (ctx.journal.fileNeedsUrl(fileId, Date.now(), ctx.options.urlExpiryMarginMs)) {
    ctx.fileState(job.record, 're-minting');
    await urls.remintFileUrl(job);
    ctx.fileState(job.record, 'uploading');
  }
  return ctx.journal.fileUrl(fileId)!.url;
}

/** Sends the whole file in one PUT and marks it done. */
export async function uploadSingle(
  ctx: TransferContext,
  job: FileJob,
  urls: UrlSource,
): Promise<void> {
  const size = job.record.fingerprint.size;

  await sendWithRetry(ctx, {
    file: job.record,
    operation: 'put-object',
    body: { offset: 0, length: size },
    headers: job.headers,
    url: () => currentFileUrl(ctx, job, urls),
    remint: () => urls.remintFileUrl(job),
    tracker: new RetryTracker(ctx.options.retry),
  });

  ctx.journal.inTransaction(() => {
    ctx.journal.recordProgress(job.record.id, size);
    ctx.journal.setFileState(job.record.id, 'done');
  });
  ctx.fileState(job.record, 'done');
}
