// Run files: upsertBucket creates or finds the run, createRunFiles returns one PUT URL per
// file plus headers shared by the batch, and each file goes up in one PUT. Run files need no
// MD5 (createRunFiles takes only names), so nothing is hashed; the fingerprint is checked
// before every attempt instead.

import { parseHeaderList, urlExpiresAtMs } from '../http/index';
import type { TransferContext } from './context';
import { TransferError } from '../transfer/errors';
import type { FileJob } from './file-job';
import { runFileUploads } from './file-runner';
import type { PartUrlSource } from './multipart';
import type { UrlSource } from './single';

/** Files per createRunFiles request. */
const RUN_FILES_BATCH = 100;

export async function runRunFilesUpload(ctx: TransferContext): Promise<void> {
  const { transfer, files } = ctx.journal.getTransfer(ctx.transferId)!;
  const target = transfer.target;
  await ctx.client.upsertRun(
    { entity: target.entity, project: target.project, name: target.runId! },
    { signal: ctx.signal },
  );

  const jobs: FileJob[] = files
    .filter((record) => record.state !== 'done')
    .map((record) => ({
      record,
      md5Base64: '',
      parts: [],
      partSize: Math.max(1, record.fingerprint.size),
      headers: {},
      birthArtifactId: null,
    }));
  for (const record of files) {
    ctx.progress.track(
      record.logicalPath,
      record.fingerprint.size,
      record.state === 'done' ? record.fingerprint.size : 0,
    );
  }

  const mint = async (batch: readonly FileJob[]) => {
    const data = await ctx.client.createRunFiles(
      {
        entity: target.entity,
        project: target.project,
        run: target.runId!,
        files: batch.map((job) => job.record.logicalPath),
      },
      { signal: ctx.signal },
    );
    const payload = data.createRunFiles!;
    const headers = parseHeaderList(payload.uploadHeaders);
    const now = Date.now();
    for (const job of batch) {
      const url = payload.files?.find((entry) => entry.name === job.record.logicalPath)?.uploadUrl;
      if (!url) {
        throw new TransferError(
          'PLATFORM_ERROR',
          `createRunFiles returned no upload URL for "${job.record.logicalPath}"; check the run file name.`,
          {
            transferId: ctx.transferId,
            logicalPath: job.record.logicalPath,
            operation: 'createRunFiles',
          },
        );
      }
      job.headers = headers;
      if (job.record.uploadMode === null) {
        ctx.journal.recordPlan(job.record.id, {
          uploadMode: 'single',
          partSize: job.partSize,
          parts: [],
        });
      }
      ctx.journal.recordFileUrl(job.record.id, { url, expiresAtMs: urlExpiresAtMs(url, now) });
      job.record = ctx.journal.getFile(job.record.id);
    }
  };
  const urls: UrlSource & PartUrlSource = {
    remintFileUrl: (job) => mint([job]),
    refreshPartUrls: () => Promise.reject(new Error('Run files are never sent in parts.')),
    generation: () => 0,
  };

  const uploads: Promise<void>[] = [];
  for (let start = 0; start < jobs.length; start += RUN_FILES_BATCH) {
    const batch = jobs.slice(start, start + RUN_FILES_BATCH);
    for (const job of batch) {
      if (job.record.state === 'pending' || job.record.state === 'failed') {
        ctx.journal.setFileState(job.record.id, 'waiting-for-urls');
        ctx.fileState(job.record, 'waiting-for-urls');
      }
    }
    await mint(batch);
    for (const job of batch) uploads.push(runFileUploads(ctx, { urls, artifactId: '' }, job));
  }

  const results = await Promise.allSettled(uploads);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
}
