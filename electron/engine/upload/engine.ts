// UploadEngine: the public API of the upload side of the transfer engine. Each transfer
// runs in the background. Its progress is in the journal, so `resume` after a crash or a
// pause continues from the last receipt.

import PQueue from 'p-queue';

import { BandwidthLimiter } from '../http/index';
import { HashPool } from '../hashing/index';
import type { TransferState } from '../journal/index';
import { TransferError } from '../transfer/errors';
import { TransferEventEmitter } from '../transfer/events';
import { TransferRunner, type RunHandle } from '../transfer/runner';
import { cancelFiles } from './cancel';
import { runArtifactUpload, type ArtifactExtras } from './artifact-flow';
import type { TransferContext } from './context';
import { listFiles, type UploadFileList } from './intake';
import {
  resolveUploadOptions,
  type ResolvedUploadOptions,
  type UploadEngineOptions,
} from './options';
import { runRunFilesUpload } from './run-files-flow';

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

export class UploadEngine {
  readonly events = new TransferEventEmitter();
  private readonly options: ResolvedUploadOptions;
  private readonly hashPool: HashPool;
  private readonly ownsHashPool: boolean;
  private readonly limiter: BandwidthLimiter | undefined;
  private readonly requests: PQueue;
  private readonly files: PQueue;
  private readonly runner: TransferRunner;

  constructor(private readonly config: UploadEngineOptions) {
    this.options = resolveUploadOptions(config);
    this.ownsHashPool = config.hashPool === undefined;
    this.hashPool = config.hashPool ?? new HashPool();
    this.limiter =
      config.bandwidthBytesPerSecond === undefined
        ? undefined
        : new BandwidthLimiter(config.bandwidthBytesPerSecond);
    // Byte budget: at most maxRequestsInFlight requests each stream one part of at most
    // partSize bytes, so maxRequestsInFlight × partSize bytes are in flight at once.
    this.requests = new PQueue({ concurrency: this.options.maxRequestsInFlight });
    this.files = new PQueue({ concurrency: this.options.maxFilesInFlight });
    this.runner = new TransferRunner({
      journal: config.journal,
      events: this.events,
      progressIntervalMs: this.options.progressIntervalMs,
      completedState: 'committed',
      kinds: ['upload-artifact', 'upload-run-files'],
    });
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
      await listFiles(ctx, request.files);
      await runArtifactUpload(ctx);
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
      await listFiles(ctx, request.files);
      await runRunFilesUpload(ctx);
    });
    return transfer.id;
  }

  /**
   * Continues a paused, failed or interrupted upload from the journal. Throws NOT_RESUMABLE
   * for an upload whose file listing never completed, because the journal lacks some of its
   * files and resuming would upload an incomplete artifact.
   */
  resume(transferId: string): void {
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
  resumeAll(): string[] {
    const ids = this.runner
      .resumableIds()
      .filter((id) => this.config.journal.getTransfer(id)?.transfer.listingComplete === true);
    for (const id of ids) this.resume(id);
    return ids;
  }

  /** Stops sending, aborts requests in flight, and keeps the provider upload and the journal. */
  async pause(transferId: string): Promise<void> {
    await this.runner.pause(transferId);
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

  /** Resolves with the transfer's state once it stops running. */
  async wait(transferId: string): Promise<TransferState> {
    return this.runner.wait(transferId);
  }

  /** Pauses every running transfer and closes the hashing pool the engine created. */
  async close(): Promise<void> {
    await this.runner.pauseAll();
    if (this.ownsHashPool) await this.hashPool.close();
  }

  private start(transferId: string, body: (ctx: TransferContext) => Promise<void>): void {
    const events = this.events;
    this.runner.start(transferId, (run: RunHandle) =>
      body({
        transferId,
        client: this.config.client,
        journal: this.config.journal,
        dispatcher: this.config.dispatcher,
        hashPool: this.hashPool,
        limiter: this.limiter,
        options: this.options,
        events,
        requests: this.requests,
        files: this.files,
        signal: run.signal,
        get progress() {
          return run.progress;
        },
        fileState: (file, state, error) =>
          events.emit('state', {
            transferId,
            logicalPath: file.logicalPath,
            state,
            ...(error ? { error: error.toInfo() } : {}),
          }),
      }),
    );
  }
}
