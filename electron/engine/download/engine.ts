// DownloadEngine: the public API of the download side of the transfer engine, parallel to
// UploadEngine. Each transfer runs in the background. Its progress is in the journal, so
// `resume` after a crash or a pause fetches only what is missing.

import { resolve } from 'node:path';

import type { ErrorInfo } from '../journal/index';
import { EngineBase } from '../transfer/engine-base';
import { TransferError } from '../transfer/errors';
import type { RunHandle } from '../transfer/runner';
import { pinArtifactVersion } from './artifact-version';
import { cancelDownloads } from './cancel';
import type { DownloadContext } from './context';
import { runDownload } from './download-flow';
import {
  resolveDownloadOptions,
  type DownloadEngineOptions,
  type ResolvedDownloadOptions,
} from './options';
import { artifactFileLister, ListingUrlSource, runFileLister } from './remote-files';

export interface ArtifactDownloadRequest {
  entity: string;
  project: string;
  /** Artifact collection name. */
  name: string;
  /** Version such as `v3`, or an alias such as `latest`. */
  version: string;
  /** Folder to write into; created when missing. */
  root: string;
  /** Logical paths to download; every file of the version when omitted. */
  files?: string[];
}

export interface RunFilesDownloadRequest {
  entity: string;
  project: string;
  /** Run id (W&B's run `name`). */
  run: string;
  root: string;
  files?: string[];
}

export class DownloadEngine extends EngineBase {
  private readonly options: ResolvedDownloadOptions;

  constructor(private readonly config: DownloadEngineOptions) {
    const options = resolveDownloadOptions(config);
    super({
      ...config,
      ...options,
      completedState: 'done',
      kinds: ['download-artifact', 'download-run-files'],
    });
    this.options = options;
  }

  /** Starts downloading an artifact version in the background and returns its transfer id. */
  downloadArtifact(request: ArtifactDownloadRequest): string {
    const transfer = this.config.journal.createTransfer({
      kind: 'download-artifact',
      target: {
        platformHost: this.config.client.host,
        entity: request.entity,
        project: request.project,
        artifactName: request.name,
        artifactVersion: request.version,
        downloadRoot: rootOf(request.root),
        ...requestedFilesOf(request.files),
      },
    });
    this.start(transfer.id);
    return transfer.id;
  }

  /** Starts downloading run files in the background and returns its transfer id. */
  downloadRunFiles(request: RunFilesDownloadRequest): string {
    const transfer = this.config.journal.createTransfer({
      kind: 'download-run-files',
      target: {
        platformHost: this.config.client.host,
        entity: request.entity,
        project: request.project,
        runId: request.run,
        downloadRoot: rootOf(request.root),
        ...requestedFilesOf(request.files),
      },
    });
    this.start(transfer.id);
    return transfer.id;
  }

  /** Continues a paused, failed or interrupted download from the journal. */
  override resume(transferId: string): void {
    if (this.runner.isActive(transferId)) return;
    this.runner.requireResumable(transferId);
    this.start(transferId);
  }

  /** Aborts the transfer, deletes the `.part` files it made and marks it cancelled. */
  async cancel(transferId: string): Promise<void> {
    await this.runner.cancel(transferId, (found) =>
      cancelDownloads(this.config.journal, this.events, found),
    );
  }

  private start(transferId: string): void {
    // Starting clears the stored error, so a refusal of unsafe paths is read first.
    const stored = this.config.journal.getTransfer(transferId)!.transfer;
    const earlierRefusal: ErrorInfo | null =
      stored.error?.code === 'UNSAFE_PATH' ? stored.error : null;

    this.runner.start(transferId, async (run) => {
      const ctx = this.context(transferId, run, stored.target.downloadRoot!);
      const lister =
        stored.kind === 'download-artifact'
          ? artifactFileLister(this.config.client, stored.target, await pinArtifactVersion(ctx))
          : runFileLister(this.config.client, stored.target);
      ctx.urls = new ListingUrlSource(
        this.config.journal,
        lister,
        run.signal,
        this.options.urlExpiryMarginMs,
      );
      await runDownload(ctx, {
        lister,
        requested: stored.target.requestedFiles,
        earlierRefusal,
      });
    });
  }

  private context(transferId: string, run: RunHandle, root: string): DownloadContext {
    const events = this.events;
    return this.contextFor(transferId, run, {
      options: this.options,
      root,
      urls: {
        refresh: () => Promise.reject(new Error('The download URL source is not set yet.')),
      },
      warn: (message: string, logicalPath?: string) =>
        events.emit('warning', {
          transferId,
          message,
          ...(logicalPath === undefined ? {} : { logicalPath }),
        }),
    });
  }
}

/** Returns the target field that journals a file filter, so a resume lists the same files. */
function requestedFilesOf(files: readonly string[] | undefined): { requestedFiles?: string[] } {
  if (files === undefined) return {};
  if (files.length === 0) {
    throw new TransferError(
      'INVALID_INPUT',
      'The list of files to download is empty; leave it out to download every file, or name at least one file.',
    );
  }
  return { requestedFiles: [...files] };
}

function rootOf(root: string): string {
  if (typeof root !== 'string' || root === '') {
    throw new TransferError(
      'INVALID_INPUT',
      'The download folder is empty; pass the folder to write the files into, such as ./data.',
    );
  }
  return resolve(root);
}
