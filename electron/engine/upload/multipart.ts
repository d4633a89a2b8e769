// Strategy for S3 and GCS multipart uploads. Every pending part goes with its Content-MD5 to
// its own pre-signed URL, and each receipt (the ETag exactly as returned) is journaled as it
// arrives. completeMultipartUploadArtifact then assembles the object from the receipts.

import { headerValue } from '../http/index';
import { RetryTracker } from '../../../shared/transfer/retry-policy';
import type { PartRecord } from '../journal/index';
import type { TransferContext } from './context';
import { TransferError } from '../transfer/errors';
import type { FileJob } from './file-job';
import { checkUnchanged, sendWithRetry } from './send';

export interface PartUrlSource {
  /**
   * Requests new URLs for the parts whose URL expires within the margin, plus `forced` parts,
   * and journals them. May instead open a new upload when the platform cannot refresh URLs;
   * `generation` then grows and every receipt must be sent again.
   */
  refreshPartUrls(job: FileJob, forced?: readonly number[]): Promise<void>;
  generation(job: FileJob): number;
}

/** Sends the pending parts of a file, then completes the multipart upload. */
export async function uploadMultipart(
  ctx: TransferContext,
  job: FileJob,
  artifactId: string,
  urls: PartUrlSource,
): Promise<void> {
  const fileId = job.record.id;

  // A re-opened upload resets every receipt, so the loop runs until a pass leaves none pending.
  for (let pending = ctx.journal.pendingParts(fileId); pending.length > 0;) {
    await Promise.all(pending.map((part) => sendPart(ctx, job, part, urls)));
    pending = ctx.journal.pendingParts(fileId);
  }

  await checkUnchanged(job.record);
  ctx.journal.setFileState(fileId, 'completing');
  ctx.fileState(job.record, 'completing');

  const record = ctx.journal.getFile(fileId);
  const completedParts = ctx.journal
    .confirmedParts(fileId)
    .map((part) => ({ partNumber: part.partNumber, hexMD5: part.receipt }));
  try {
    // W&B's SDK sends each part's ETag in the field named hexMD5.
    await ctx.client.completeMultipartUpload(
      {
        artifactID: artifactId,
        storagePath: record.storagePath!,
        uploadID: record.uploadId!,
        completedParts,
      },
      { signal: ctx.signal },
    );
  } catch (error) {
    ctx.signal.throwIfAborted();
    throw new TransferError(
      'PLATFORM_ERROR',
      `Completing the multipart upload of "${record.logicalPath}" failed: ${(error as Error).message}`,
      {
        transferId: ctx.transferId,
        logicalPath: record.logicalPath,
        operation: 'completeMultipartUploadArtifact',
      },
      { cause: error },
    );
  }
  ctx.journal.setFileState(fileId, 'done');
  ctx.fileState(record, 'done');
}

async function sendPart(
  ctx: TransferContext,
  job: FileJob,
  part: PartRecord,
  urls: PartUrlSource,
): Promise<void> {
  const fileId = job.record.id;
  const generation = urls.generation(job);
  const headers: Record<string, string> = {};
  if (part.md5Hex !== null)
    headers['Content-MD5'] = Buffer.from(part.md5Hex, 'hex').toString('base64');

  const response = await sendWithRetry(ctx, {
    file: job.record,
    operation: 'put-part',
    partNumber: part.partNumber,
    body: { offset: part.offset, length: part.length },
    headers,
    url: async () => {
      const needing = ctx.journal.partsNeedingUrls(
        fileId,
        Date.now(),
        ctx.options.urlExpiryMarginMs,
      );
      if (needing.some((entry) => entry.index === part.index)) {
        ctx.fileState(job.record, 're-minting');
        await urls.refreshPartUrls(job);
        ctx.fileState(job.record, 'uploading');
      }
      return ctx.journal.partUrl(fileId, part.index)!.url;
    },
    remint: () => urls.refreshPartUrls(job, [part.index]),
    tracker: new RetryTracker(ctx.options.retry),
  });

  // The receipt belongs to an upload that was replaced while this part was in flight.
  if (urls.generation(job) !== generation) return;

  const etag = headerValue(response, 'etag');
  if (etag === undefined || etag === '') {
    throw new TransferError(
      'MISSING_ETAG',
      `Storage stored part ${part.partNumber} of "${job.record.logicalPath}" but returned no readable ETag, so the upload cannot be completed. Add ETag to the bucket's CORS ExposeHeaders.`,
      {
        transferId: ctx.transferId,
        logicalPath: job.record.logicalPath,
        operation: 'put-part',
        partNumber: part.partNumber,
        status: response.status,
      },
    );
  }
  ctx.journal.confirmPart(fileId, part.index, etag);
}
