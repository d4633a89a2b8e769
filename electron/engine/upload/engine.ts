// UploadEngine: the public API of the upload side of the transfer engine. Each transfer
// runs in the background. Its progress is in the journal, so `resume` after a crash or a
// pause continues from the last receipt.

import { EngineBase } from '../transfer/engine-base';
import { TransferError } from '../transfer/errors';
import type { RunHandle } from '../transfer/runner';
import { cancelFiles } from './cancel';
import { runArtifactUpload, type ArtifactExtras } from './artifact-flow';
import type { TransferContext } from './context';
import { listFiles, type ListedBatchHandler, type UploadFileList } from './intake';
import { ListingHashes } from './listing-hashes';
import {
  resolveUploadOptions,
  type ResolvedUploadOptions,
  type UploadEngineOptions,
} from './options';
import { RunFilesSender, runRunFilesUpload } from './run-files-flow';

export interface ArtifactUploadRequest extends ArtifactExtras {
  files: UploadFileList;
  entity: string;
  project: string;
  /** Artifact collection name. */
  name: string;
  /** Artifact type, such as `dataset` or `model`. */
  type: string;
  aliases?: string[];
}

export interface RunFilesUploadRequest {
  entity: string;
  project: string;
  /** Run id (W&B's run `name`). */
  run: string;
  files: UploadFileList;
}

export class UploadEngine extends EngineBase {
  private readonly options: ResolvedUploadOptions;

  constructor(private readonly config: UploadEngineOptions) {
    const options = resolveUploadOptions(config);
    // Byte budget: at most maxRequestsInFlight requests each stream one part of at most
    // partSize bytes, so maxRequestsInFlight × partSize bytes are in flight at once.
    super({
      ...config,
      ...options,
      completedState: 'committed',
      kinds: ['upload-artifact', 'upload-run-files'],
    });
    this.options = options;
  }

  /** Starts an artifact upload in the background and returns its transfer id. */
  uploadArtifact(request: ArtifactUploadRequest): string {
    const transfer = this.config.journal.createTransfer({
      kind: 'upload-artifact',
      target: {
        platformHost: this.config.client.host,
        entity: request.entity,
        project: request.project,
        artifactName: request.name,
        artifactType: request.type,
        aliases: request.aliases ?? [],
        ...(request.description === undefined ? {} : { artifactDescription: request.description }),
        ...(request.metadata === undefined ? {} : { artifactMetadata: request.metadata }),
      },
    });
    this.start(transfer.id, async (ctx) => {
      const hashing = new ListingHashes(ctx);
      await listWhileWorking(ctx, request.files, hashing, (records) => hashing.add(records));
      await runArtifactUpload(ctx, await hashing.finish());
    });
    return transfer.id;
  }

  /** Starts an upload of run files in the background and returns its transfer id. */
  uploadRunFiles(request: RunFilesUploadRequest): string {
    const transfer = this.config.journal.createTransfer({
      kind: 'upload-run-files',
      target: {
        platformHost: this.config.client.host,
        entity: request.entity,
        project: request.project,
        runId: request.run,
      },
    });
    this.start(transfer.id, async (ctx) => {
      const sender = new RunFilesSender(ctx);
      await listWhileWorking(ctx, request.files, sender, (records) => sender.sendListed(records));
      await sender.finish();
    });
    return transfer.id;
  }

  /**
   * Continues a paused, failed or interrupted upload from the journal. Throws NOT_RESUMABLE
   * for an upload whose file listing never completed, because the journal lacks some of its
   * files and resuming would upload an incomplete artifact.
   */
  override resume(transferId: string): void {
    if (this.runner.isActive(transferId)) return;
    const kind = this.runner.requireResumable(transferId);
    if (!this.config.journal.getTransfer(transferId)!.transfer.listingComplete) {
      throw new TransferError(
        'NOT_RESUMABLE',
        `Transfer ${transferId} cannot be resumed: it stopped before all its files were listed, so the journal lacks some of them. Start a new upload of the same files.`,
        { transferId },
      );
    }
    this.start(transferId, (ctx) =>
      kind === 'upload-artifact' ? runArtifactUpload(ctx) : runRunFilesUpload(ctx),
    );
  }

  /**
   * Resumes every unfinished upload in the journal, except failed or unfinished listings, and
   * returns their ids.
   */
  override resumeAll(): string[] {
    const ids = this.runner
      .resumableIds()
      .filter((id) => this.config.journal.getTransfer(id)?.transfer.listingComplete === true);
    for (const id of ids) this.resume(id);
    return ids;
  }

  /**
   * Aborts the transfer and the provider's multipart uploads, and marks it cancelled. A
   * completed or already cancelled transfer is left as it is.
   */
  async cancel(transferId: string): Promise<void> {
    await this.runner.cancel(transferId, (found) =>
      cancelFiles(this.config.client, this.config.journal, this.events, found),
    );
  }

  private start(transferId: string, body: (ctx: TransferContext) => Promise<void>): void {
    this.runner.start(transferId, (run: RunHandle) =>
      body(this.contextFor(transferId, run, { options: this.options })),
    );
  }
}

/**
 * Lists the files, handing each journaled batch to `onBatch`. When the walk fails or is
 * paused, the work already started settles before the error is thrown, so no file changes
 * state after its transfer has failed.
 */
async function listWhileWorking(
  ctx: TransferContext,
  files: UploadFileList,
  work: { settle(): Promise<void> },
  onBatch: ListedBatchHandler,
): Promise<void> {
  try {
    await listFiles(ctx, files, onBatch);
  } catch (error) {
    await work.settle();
    throw error;
  }
}
