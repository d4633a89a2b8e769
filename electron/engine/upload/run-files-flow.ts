// Run files: upsertBucket creates or finds the run, createRunFiles returns one PUT URL per
// file plus headers shared by the batch, and each file goes up in one PUT. Run files need no
// MD5 (createRunFiles takes only names), so nothing is hashed; the fingerprint is checked
// before every attempt instead. A fresh upload sends each batch while the folder walk goes on.

import { parseHeaderList, urlExpiresAtMs } from '../http/index';
import type { TransferContext } from './context';
import type { FileTransferRecord, TransferTarget } from '../journal/index';
import { TransferError } from '../transfer/errors';
import type { FileJob } from './file-job';
import { runFileUploads } from './file-runner';
import type { PartUrlSource } from './multipart';
import type { UrlSource } from './single';

/** Files per createRunFiles request. */
const RUN_FILES_BATCH = 100;

/** Runs or resumes the upload of the run files journaled for transfer `ctx.transferId`. */
export async function runRunFilesUpload(ctx: TransferContext): Promise<void> {
  const sender = new RunFilesSender(ctx);
  await sender.send(ctx.journal.getTransfer(ctx.transferId)!.files);
  await sender.finish();
}

/** Sends run files batch by batch as they are listed, then waits for every upload. */
export class RunFilesSender {
  private readonly target: TransferTarget;
  private readonly uploads: Promise<void>[] = [];
  private runReady: Promise<unknown> | undefined;
  /** The first failure of a send made while listing, thrown once the listing is complete. */
  private failure: { error: unknown } | undefined;
  private readonly urls: UrlSource & PartUrlSource = {
    remintFileUrl: (job) => this.mint([job]),
    refreshPartUrls: () => Promise.reject(new Error('Run files are never sent in parts.')),
    generation: () => 0,
  };

  constructor(private readonly ctx: TransferContext) {
    this.target = ctx.journal.getTransfer(ctx.transferId)!.transfer.target;
  }

  /**
   * Requests URLs for `records` in batches of RUN_FILES_BATCH and starts their PUTs. The first
   * call creates or finds the run with upsertBucket. Resolves once every URL is minted.
   */
  async send(records: readonly FileTransferRecord[]): Promise<void> {
    const ctx = this.ctx;
    await this.ensureRun();

    const jobs: FileJob[] = records
      .filter((record) => record.state !== 'done')
      .map((record) => ({
        record,
        md5Base64: '',
        parts: [],
        partSize: Math.max(1, record.fingerprint.size),
        headers: {},
        birthArtifactId: null,
      }));
    for (const record of records) {
      ctx.progress.track(
        record.logicalPath,
        record.fingerprint.size,
        record.state === 'done' ? record.fingerprint.size : 0,
      );
    }

    for (let start = 0; start < jobs.length; start += RUN_FILES_BATCH) {
      const batch = jobs.slice(start, start + RUN_FILES_BATCH);
      for (const job of batch) {
        if (job.record.state === 'pending' || job.record.state === 'failed') {
          ctx.journal.setFileState(job.record.id, 'waiting-for-urls');
          ctx.fileState(job.record, 'waiting-for-urls');
        }
      }
      await this.mint(batch);
      for (const job of batch) {
        this.uploads.push(runFileUploads(ctx, { urls: this.urls, artifactId: '' }, job));
      }
    }
  }

  /**
   * Sends a batch the walk has just journaled. A failure is kept for `finish` and stops later
   * sends, but not the walk, so the journal lists every file and a resume works as before.
   */
  async sendListed(records: readonly FileTransferRecord[]): Promise<void> {
    if (this.failure !== undefined) return;
    try {
      await this.send(records);
    } catch (error) {
      this.failure = { error };
    }
  }

  /** Waits for every started upload and throws the first failure. */
  async finish(): Promise<void> {
    if (this.failure === undefined) await this.ensureRun();
    const results = await Promise.allSettled(this.uploads);
    const failure = results.find((result) => result.status === 'rejected');
    if (this.failure !== undefined) throw this.failure.error;
    if (failure) throw (failure as PromiseRejectedResult).reason;
  }

  /** Waits for every started upload without throwing, as a failed or paused walk ends. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.uploads);
  }

  /** Creates or finds the run once, before the first createRunFiles. */
  private async ensureRun(): Promise<void> {
    this.runReady ??= this.ctx.client.upsertRun(
      { entity: this.target.entity, project: this.target.project, name: this.target.runId! },
      { signal: this.ctx.signal },
    );
    await this.runReady;
  }

  private async mint(batch: readonly FileJob[]): Promise<void> {
    const ctx = this.ctx;
    const data = await ctx.client.createRunFiles(
      {
        entity: this.target.entity,
        project: this.target.project,
        run: this.target.runId!,
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
  }
}
