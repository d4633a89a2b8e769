// Runs the upload of one file transfer inside the shared file queue, picks its strategy from
// the journaled upload mode, and journals the outcome. A pause or cancel leaves the file's
// state as it was, so a resume continues from its last receipt.

import type { TransferContext } from './context';
import { toTransferError } from '../transfer/errors';
import type { FileJob } from './file-job';
import { uploadAzureBlocks } from './azure-blocks';
import { uploadMultipart, type PartUrlSource } from './multipart';
import { uploadSingle, type UrlSource } from './single';

export interface FileUploader {
  urls: UrlSource & PartUrlSource;
  /** The artifact being saved, for completeMultipartUploadArtifact; empty for run files. */
  artifactId: string;
}

/** Uploads one file through the file queue; rejects with a TransferError or the abort reason. */
export async function runFileUploads(
  ctx: TransferContext,
  uploader: FileUploader,
  job: FileJob,
): Promise<void> {
  await ctx.files.add(() => uploadOne(ctx, uploader, job), { signal: ctx.signal });
}

async function uploadOne(
  ctx: TransferContext,
  uploader: FileUploader,
  job: FileJob,
): Promise<void> {
  const fileId = job.record.id;
  try {
    let record = ctx.journal.getFile(fileId);
    // Headers of a single PUT are not journaled, so a resumed file requests a fresh URL first.
    const needsHeaders = record.uploadMode !== 'multipart' && Object.keys(job.headers).length === 0;
    if (needsHeaders && record.state !== 'completing') await uploader.urls.remintFileUrl(job);

    record = ctx.journal.getFile(fileId);
    if (record.state !== 'completing') {
      ctx.journal.setFileState(fileId, 'uploading');
      ctx.fileState(record, 'uploading');
    }
    job.record = ctx.journal.getFile(fileId);

    switch (job.record.uploadMode) {
      case 'multipart':
        await uploadMultipart(ctx, job, uploader.artifactId, uploader.urls);
        break;
      case 'azure-blocks':
        await uploadAzureBlocks(ctx, job, uploader.urls);
        break;
      default:
        await uploadSingle(ctx, job, uploader.urls);
    }
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const failure = toTransferError(error, 'PLATFORM_ERROR', {
      transferId: ctx.transferId,
      logicalPath: job.record.logicalPath,
    });
    ctx.journal.setFileState(fileId, 'failed', failure.toInfo());
    ctx.fileState(job.record, 'failed', failure);
    throw failure;
  }
}
