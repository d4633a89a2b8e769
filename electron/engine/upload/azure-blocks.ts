// Strategy for Azure block blobs: each part is staged with Put Block (`comp=block`) under a
// fixed-length base64 block id on the one upload SAS URL, and Put Block List
// (`comp=blocklist`) commits them in order with the file's MD5 as x-ms-blob-content-md5.
// Staged blocks stay on the blob until committed or until they expire after 7 days (Azure's
// BlockBlobClient.CommitBlockList documentation), so a resumed upload sends only the blocks
// without a receipt.

import { RetryTracker } from '../../../shared/transfer/retry-policy';
import { azureBlockId } from '../../../shared/transfer/part-plan';
import type { PartRecord } from '../journal/index';
import type { TransferContext } from './context';
import type { FileJob } from './file-job';
import { currentFileUrl, type UrlSource } from './single';
import { checkUnchanged, sendWithRetry } from './send';

/** Stages the pending blocks of a file, then commits the block list. */
export async function uploadAzureBlocks(
  ctx: TransferContext,
  job: FileJob,
  urls: UrlSource,
): Promise<void> {
  const fileId = job.record.id;
  await Promise.all(
    ctx.journal.pendingParts(fileId).map((part) => stageBlock(ctx, job, part, urls)),
  );

  await checkUnchanged(job.record);
  ctx.journal.setFileState(fileId, 'completing');
  ctx.fileState(job.record, 'completing');

  const ids = ctx.journal.confirmedParts(fileId).map((part) => part.receipt);
  const blockList = Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`,
    'utf8',
  );
  await sendWithRetry(ctx, {
    file: job.record,
    operation: 'put-block-list',
    body: blockList,
    headers: { 'x-ms-blob-content-md5': job.md5Base64, 'content-type': 'application/xml' },
    url: async () => `${await currentFileUrl(ctx, job, urls)}&comp=blocklist`,
    remint: () => urls.remintFileUrl(job),
    tracker: new RetryTracker(ctx.options.retry),
  });
  ctx.journal.setFileState(fileId, 'done');
  ctx.fileState(job.record, 'done');
}

async function stageBlock(
  ctx: TransferContext,
  job: FileJob,
  part: PartRecord,
  urls: UrlSource,
): Promise<void> {
  const blockId = azureBlockId(part.index);
  const headers: Record<string, string> = {};
  if (part.md5Hex !== null)
    headers['Content-MD5'] = Buffer.from(part.md5Hex, 'hex').toString('base64');

  await sendWithRetry(ctx, {
    file: job.record,
    operation: 'put-block',
    partNumber: part.partNumber,
    body: { offset: part.offset, length: part.length },
    headers,
    url: async () =>
      `${await currentFileUrl(ctx, job, urls)}&comp=block&blockid=${encodeURIComponent(blockId)}`,
    remint: () => urls.remintFileUrl(job),
    tracker: new RetryTracker(ctx.options.retry),
  });
  // Put Block returns 201 without a body, so the acknowledged block id is the receipt.
  ctx.journal.confirmPart(job.record.id, part.index, blockId);
}
