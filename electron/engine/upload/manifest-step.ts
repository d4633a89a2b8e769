// The last steps of an artifact upload: build the manifest from every file, register it
// with its digest to get its URL, PUT it, and commit the version.

import { RetryTracker } from '../../../shared/transfer/retry-policy';
import { parseHeaderList } from '../http/index';
import type { FileTransferRecord } from '../journal/index';
import type { TransferContext } from './context';
import { TransferError } from '../transfer/errors';
import type { FileJob } from './file-job';
import { buildManifest, md5Base64 } from './manifest';
import { sendWithRetry } from './send';

export interface ManifestCommit {
  artifactId: string;
  jobs: readonly FileJob[];
  entity: string;
  project: string;
}

/** Uploads the manifest and commits the artifact version. */
export async function commitManifest(ctx: TransferContext, commit: ManifestCommit): Promise<void> {
  const manifest = buildManifest(
    commit.jobs.map((job) => ({
      logicalPath: job.record.logicalPath,
      md5Base64: job.md5Base64,
      size: job.record.fingerprint.size,
      birthArtifactId: job.birthArtifactId,
    })),
  );
  const digest = md5Base64(manifest);

  const registerManifest = async () => {
    const data = await ctx.client.createArtifactManifest(
      {
        artifactID: commit.artifactId,
        baseArtifactID: null,
        name: 'wandb_manifest.json',
        digest,
        entityName: commit.entity,
        projectName: commit.project,
        runName: '',
        manifestType: 'FULL',
        includeUpload: true,
      },
      { signal: ctx.signal },
    );
    const file = data.createArtifactManifest!.artifactManifest.file;
    if (!file.uploadUrl) {
      throw new TransferError(
        'PLATFORM_ERROR',
        'createArtifactManifest returned no upload URL for the manifest; check that the platform accepts includeUpload.',
        {
          transferId: ctx.transferId,
          operation: 'createArtifactManifest',
        },
      );
    }
    return { url: file.uploadUrl, headers: parseHeaderList(file.uploadHeaders) };
  };

  let target = await registerManifest();
  // The manifest is not a file transfer of the journal; this record only names it in errors.
  const manifestFile: FileTransferRecord = {
    id: 0,
    transferId: ctx.transferId,
    logicalPath: 'wandb_manifest.json',
    localPath: '',
    fingerprint: { size: manifest.length, mtimeMs: null, md5Base64: digest },
    state: 'uploading',
    storagePath: null,
    uploadId: null,
    uploadMode: 'single',
    partSize: null,
    urlExpiresAtMs: null,
    bytesDone: 0,
    error: null,
    updatedAtMs: Date.now(),
    remoteEtag: null,
  };
  await sendWithRetry(ctx, {
    file: manifestFile,
    operation: 'put-manifest',
    body: manifest,
    headers: target.headers,
    url: async () => target.url,
    remint: async () => {
      target = await registerManifest();
    },
    tracker: new RetryTracker(ctx.options.retry),
  });

  ctx.events.emit('state', { transferId: ctx.transferId, state: 'completing' });
  await ctx.client.commitArtifact(commit.artifactId, { signal: ctx.signal });
}
