// New pre-signed URLs for a running artifact upload: a whole-file URL through
// createArtifactFiles, part URLs through refreshMultipartUploadUrls, and for platforms
// without that mutation a new multipart upload through createArtifactFiles.

import { isPlatformRequestError } from '../../platform-client/index';
import type { CreateArtifactFileSpecInput } from '../../../shared/graphql/operations/index';
import { urlExpiresAtMs } from '../http/index';
import type { TransferContext } from './context';
import { TransferError } from '../transfer/errors';
import { applyUploadTarget, refreshRecord, type FileJob } from './file-job';
import type { PartUrlSource } from './multipart';
import type { UrlSource } from './single';

export class ArtifactUrls implements UrlSource, PartUrlSource {
  private readonly generations = new Map<number, number>();
  private readonly locks = new Map<number, Promise<void>>();

  constructor(
    private readonly ctx: TransferContext,
    private readonly artifactId: string,
    private readonly manifestId: string,
  ) {}

  /** Builds the file spec for createArtifactFiles, with part MD5s only when the file is sent in parts. */
  specFor(job: FileJob, withParts: boolean): CreateArtifactFileSpecInput {
    return {
      artifactID: this.artifactId,
      name: job.record.logicalPath,
      md5: job.md5Base64,
      artifactManifestID: this.manifestId,
      ...(withParts && job.parts.length > 1
        ? {
            uploadPartsInput: job.parts.map((part, index) => ({
              partNumber: index + 1,
              hexMD5: part.md5Hex!,
            })),
          }
        : {}),
    };
  }

  generation(job: FileJob): number {
    return this.generations.get(job.record.id) ?? 0;
  }

  async remintFileUrl(job: FileJob): Promise<void> {
    await this.serialised(job, async () => {
      const withParts = job.record.uploadMode === 'azure-blocks';
      const node = await this.register(job, withParts);
      if (node.uploadUrl === null) {
        throw new TransferError(
          'PLATFORM_ERROR',
          `createArtifactFiles returned no upload URL for "${job.record.logicalPath}" while it was uploading; start the upload again.`,
          {
            transferId: this.ctx.transferId,
            logicalPath: job.record.logicalPath,
            operation: 'createArtifactFiles',
          },
        );
      }
      applyUploadTarget(this.ctx, job, node);
    });
  }

  async refreshPartUrls(job: FileJob, forced: readonly number[] = []): Promise<void> {
    await this.serialised(job, async () => {
      const fileId = job.record.id;
      const needing = new Set(
        this.ctx.journal
          .partsNeedingUrls(fileId, Date.now(), this.ctx.options.urlExpiryMarginMs)
          .map((part) => part.index),
      );
      for (const index of forced) needing.add(index);
      if (needing.size === 0) return;

      const record = refreshRecord(this.ctx, job);
      const parts = this.ctx.journal.allParts(fileId).filter((part) => needing.has(part.index));
      try {
        const data = await this.ctx.client.refreshMultipartUploadUrls(
          {
            artifactID: this.artifactId,
            uploadID: record.uploadId!,
            storagePath: record.storagePath!,
            uploadPartsInput: parts.map((part) => ({
              partNumber: part.partNumber,
              hexMD5: part.md5Hex!,
            })),
          },
          { signal: this.ctx.signal },
        );
        const now = Date.now();
        this.ctx.journal.recordPartUrls(
          fileId,
          data.refreshMultipartUploadUrls!.uploadUrlParts!.map((entry) => ({
            index: Number(entry.partNumber) - 1,
            url: entry.uploadUrl,
            expiresAtMs: urlExpiresAtMs(entry.uploadUrl, now),
          })),
        );
      } catch (error) {
        if (!isPlatformRequestError(error, 'NOT_SUPPORTED'))
          throw this.platformError(job, 'refreshMultipartUploadUrls', error);
        await this.reopenUpload(job);
      }
    });
  }

  /**
   * Opens a new multipart upload for the file, because the platform cannot re-sign parts of
   * the old one. Receipts of the old upload are void, so the journal restarts the file.
   */
  private async reopenUpload(job: FileJob): Promise<void> {
    // NOTE: this fallback runs only against platforms without refreshMultipartUploadUrls; the
    // tests run against byob-platform, which has it, so this path has no test.
    const fileId = job.record.id;
    this.ctx.journal.restartFile(fileId);
    this.ctx.journal.recordHash(fileId, job.md5Base64);
    this.ctx.journal.setFileState(fileId, 'waiting-for-urls');
    refreshRecord(this.ctx, job);
    this.generations.set(fileId, this.generation(job) + 1);

    const node = await this.register(job, true);
    applyUploadTarget(this.ctx, job, node);
    this.ctx.journal.setFileState(fileId, 'uploading');
  }

  private async register(job: FileJob, withParts: boolean) {
    try {
      const data = await this.ctx.client.createArtifactFiles([this.specFor(job, withParts)], {
        signal: this.ctx.signal,
      });
      return data.createArtifactFiles!.files.edges[0]!.node!;
    } catch (error) {
      throw this.platformError(job, 'createArtifactFiles', error);
    }
  }

  /** Runs URL requests of one file one at a time, so parallel parts do not re-mint twice at once. */
  private async serialised(job: FileJob, step: () => Promise<void>): Promise<void> {
    const fileId = job.record.id;
    const previous = this.locks.get(fileId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(step);
    this.locks.set(fileId, next);
    await next;
  }

  private platformError(job: FileJob, operation: string, error: unknown): unknown {
    if (this.ctx.signal.aborted || error instanceof TransferError) return error;
    return new TransferError(
      'PLATFORM_ERROR',
      `${operation} for "${job.record.logicalPath}" failed: ${(error as Error).message}`,
      { transferId: this.ctx.transferId, logicalPath: job.record.logicalPath, operation },
      { cause: error },
    );
  }
}
