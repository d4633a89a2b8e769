// The W&B artifact upload order, driven from the journal. A fresh upload and a resumed one
// take the same path and skip the steps already recorded. The order is
// createArtifact → createArtifactManifest (digest "") → createArtifactFiles in batches →
// PUT the bytes → completeMultipartUploadArtifact per multipart file → PUT the manifest →
// commitArtifact.

import { randomBytes } from 'node:crypto';

import { ArtifactFileBatcher } from '../../platform-client/index';
import type { TransferContext } from './context';
import { TransferError } from '../transfer/errors';
import { applyUploadTarget, type FileJob } from './file-job';
import { prepareJobs } from './hash-step';
import { artifactDigest } from './manifest';
import { commitManifest } from './manifest-step';
import { runFileUploads, type FileUploader } from './file-runner';
import { ArtifactUrls } from './urls';

/** Optional artifact fields of an upload request. The journal stores both, so a resume sends them too. */
export interface ArtifactExtras {
  description?: string;
  /** JSON object sent as the version's metadata, such as `{"epochs": 10}`. */
  metadata?: Record<string, unknown>;
}

/**
 * Runs or resumes the artifact upload of transfer `ctx.transferId` until it is committed.
 * `hashed` contains the jobs of files hashed while the folder was walked.
 */
export async function runArtifactUpload(
  ctx: TransferContext,
  hashed?: ReadonlyMap<number, FileJob>,
): Promise<void> {
  const { transfer, files } = ctx.journal.getTransfer(ctx.transferId)!;
  const target = transfer.target;
  const jobs = await prepareJobs(ctx, files, hashed);
  for (const job of jobs)
    ctx.progress.track(
      job.record.logicalPath,
      job.record.fingerprint.size,
      bytesConfirmed(ctx, job),
    );

  const digest = artifactDigest(
    jobs.map((job) => ({
      logicalPath: job.record.logicalPath,
      md5Base64: job.md5Base64,
      size: job.record.fingerprint.size,
      birthArtifactId: null,
    })),
  );

  // A changed digest (a file restarted after it changed) needs a new version.
  let artifactId = transfer.digest === digest ? transfer.artifactId : null;
  if (artifactId === null) {
    const created = await ctx.client.createArtifact(
      {
        entityName: target.entity,
        projectName: target.project,
        artifactTypeName: target.artifactType!,
        artifactCollectionName: target.artifactName!,
        digest,
        description: target.artifactDescription ?? null,
        metadata:
          target.artifactMetadata === undefined ? null : JSON.stringify(target.artifactMetadata),
        aliases: (target.aliases ?? []).map((alias) => ({
          alias,
          artifactCollectionName: target.artifactName!,
        })),
        clientID: randomBytes(16).toString('hex'),
        sequenceClientID: randomBytes(16).toString('hex'),
      },
      { signal: ctx.signal },
    );
    const artifact = created.createArtifact!.artifact;
    artifactId = artifact.id;
    ctx.journal.recordPlatformIds(ctx.transferId, { artifactId, digest });

    if (artifact.state === 'COMMITTED') {
      // Identical content is already a committed version: nothing to upload.
      for (const job of jobs) markDeduplicated(ctx, job);
      return;
    }
  }

  let manifestId = artifactId === transfer.artifactId ? transfer.manifestId : null;
  if (manifestId === null) {
    const manifest = await ctx.client.createArtifactManifest(
      {
        artifactID: artifactId,
        baseArtifactID: null,
        name: 'wandb_manifest.json',
        digest: '',
        entityName: target.entity,
        projectName: target.project,
        runName: '',
        includeUpload: false,
        manifestType: 'FULL',
      },
      { signal: ctx.signal },
    );
    manifestId = manifest.createArtifactManifest!.artifactManifest.id;
    ctx.journal.recordPlatformIds(ctx.transferId, { manifestId });
  }

  const urls = new ArtifactUrls(ctx, artifactId, manifestId);
  const uploader: FileUploader = { urls, artifactId };
  const uploads: Promise<void>[] = [];
  const unregistered: FileJob[] = [];

  for (const job of jobs) {
    const state = job.record.state;
    if (state === 'done') {
      job.birthArtifactId = artifactId;
    } else if (state === 'deduplicated' || job.record.uploadMode === null) {
      // A deduplicated file is registered again only to learn its birth artifact.
      unregistered.push(job);
    } else {
      uploads.push(runFileUploads(ctx, uploader, job));
    }
  }

  await registerInBatches(ctx, urls, unregistered, (job) => {
    const upload = runFileUploads(ctx, uploader, job);
    uploads.push(upload);
    return upload;
  });
  const results = await Promise.allSettled(uploads);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;

  await commitManifest(ctx, { artifactId, jobs, entity: target.entity, project: target.project });
}

/** Registers files with createArtifactFiles in batches the batcher sizes, starting each upload as its batch returns. */
async function registerInBatches(
  ctx: TransferContext,
  urls: ArtifactUrls,
  jobs: readonly FileJob[],
  startUpload: (job: FileJob) => Promise<void>,
): Promise<void> {
  const batcher = new ArtifactFileBatcher();
  for (let start = 0; start < jobs.length;) {
    const batch = jobs.slice(start, start + batcher.nextBatchSize());
    ctx.journal.inTransaction(() => {
      for (const job of batch) {
        if (job.record.state !== 'deduplicated') {
          ctx.journal.setFileState(job.record.id, 'waiting-for-urls');
          ctx.fileState(job.record, 'waiting-for-urls');
        }
      }
    });

    let data;
    try {
      data = await ctx.client.createArtifactFiles(
        batch.map((job) => urls.specFor(job, true)),
        { signal: ctx.signal },
      );
      batcher.recordSuccess();
    } catch (error) {
      batcher.recordFailure();
      ctx.signal.throwIfAborted();
      throw new TransferError(
        'PLATFORM_ERROR',
        `createArtifactFiles for ${batch.length} files failed: ${(error as Error).message}`,
        {
          transferId: ctx.transferId,
          operation: 'createArtifactFiles',
        },
        { cause: error },
      );
    }

    // The whole batch's URLs and plans commit together. Uploads start only after the commit,
    // so a file never goes out before its plan is in the journal.
    const edges = data.createArtifactFiles!.files.edges;
    const toUpload = ctx.journal.inTransaction(() =>
      batch.filter((job, index) => {
        const node = edges[index]!.node!;
        if (job.record.state === 'deduplicated') {
          job.birthArtifactId = node.artifact?.id ?? null;
          return false;
        }
        if (applyUploadTarget(ctx, job, node) !== 'deduplicated') return true;
        markDeduplicated(ctx, job);
        batcher.recordCompleted(1);
        return false;
      }),
    );
    for (const job of toUpload) {
      // The batcher sizes later batches from how fast files finish, so count each upload as it ends.
      startUpload(job).then(
        () => batcher.recordCompleted(1),
        () => undefined,
      );
    }
    start += batch.length;
  }
}

function markDeduplicated(ctx: TransferContext, job: FileJob): void {
  const state = ctx.journal.getFile(job.record.id).state;
  if (state === 'deduplicated' || state === 'done') return;
  ctx.journal.setFileState(job.record.id, 'deduplicated');
  ctx.fileState(job.record, 'deduplicated');
  ctx.progress.credit(job.record.logicalPath, job.record.fingerprint.size);
}

/** Bytes of a file already stored by an earlier run: confirmed parts, or all of a finished file. */
function bytesConfirmed(ctx: TransferContext, job: FileJob): number {
  const state = job.record.state;
  if (state === 'done' || state === 'deduplicated') return job.record.fingerprint.size;
  return ctx.journal.confirmedParts(job.record.id).reduce((sum, part) => sum + part.length, 0);
}
