// UploadEngine: the public API of the upload side of the transfer engine. Each transfer
// runs in the background. Its progress is in the journal, so `resume` after a crash or a
// pause continues from the last receipt.

import { setMaxListeners } from 'node:events';

import PQueue from 'p-queue';

import { BandwidthLimiter } from '../http/index';
import { HashPool } from '../hashing/index';
import type { TransferKind, TransferState } from '../journal/index';
import { cancelFiles } from './cancel';
import { runArtifactUpload, type ArtifactExtras } from './artifact-flow';
import { TransferProgress, type TransferContext } from './context';
import { abortReason, toTransferError, TransferError } from './errors';
import { UploadEventEmitter } from './events';
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

interface ActiveTransfer {
  controller: AbortController;
  done: Promise<void>;
}

export class UploadEngine {
  readonly events = new UploadEventEmitter();
  private readonly options: ResolvedUploadOptions;
  private readonly hashPool: HashPool;
  private readonly ownsHashPool: boolean;
  private readonly limiter: BandwidthLimiter | undefined;
  private readonly requests: PQueue;
  private readonly files: PQueue;
  private readonly active = new Map<string, ActiveTransfer>();

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
      },
    });
    this.start(transfer.id, async (ctx) => {
      await listFiles(ctx, request.files);
      await runArtifactUpload(ctx, {
        ...(request.metadata === undefined ? {} : { metadata: request.metadata }),
      });
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

  /** Continues a paused, failed or interrupted upload from the journal. */
  resume(transferId: string): void {
    if (this.active.has(transferId)) return;
    const found = this.config.journal.getTransfer(transferId);
    const state = found?.transfer.state;
    if (
      !found ||
      state === 'completed' ||
      state === 'cancelled' ||
      !isUpload(found.transfer.kind)
    ) {
      throw new TransferError(
        'NOT_RESUMABLE',
        `Transfer ${transferId} cannot be resumed: it is ${found ? `a ${found.transfer.kind} in state ${state}` : 'not in the journal'}. Resume a running, paused or failed upload.`,
        { transferId },
      );
    }
    if (found.transfer.error?.code === 'LISTING_FAILED') {
      throw new TransferError(
        'NOT_RESUMABLE',
        `Transfer ${transferId} cannot be resumed: listing its files failed (${found.transfer.error.message}), so the journal lacks some of them. Start a new upload.`,
        { transferId },
      );
    }
    this.start(transferId, (ctx) =>
      found.transfer.kind === 'upload-artifact'
        ? runArtifactUpload(ctx, {})
        : runRunFilesUpload(ctx),
    );
  }

  /** Resumes every unfinished upload in the journal, except failed listings, and returns their ids. */
  resumeAll(): string[] {
    const ids = this.config.journal
      .resumable()
      .filter(
        (entry) =>
          isUpload(entry.transfer.kind) &&
          !this.active.has(entry.transfer.id) &&
          entry.transfer.error?.code !== 'LISTING_FAILED',
      )
      .map((entry) => entry.transfer.id);
    for (const id of ids) this.resume(id);
    return ids;
  }

  /** Stops sending, aborts requests in flight, and keeps the provider upload and the journal. */
  async pause(transferId: string): Promise<void> {
    await this.stop(transferId, 'paused');
    // A transfer that finished or failed before the abort took effect keeps its state.
    const state = this.config.journal.getTransfer(transferId)?.transfer.state;
    if (state !== 'queued' && state !== 'running') return;
    this.config.journal.setTransferState(transferId, 'paused');
    this.events.emit('state', { transferId, state: 'paused' });
  }

  /**
   * Aborts the transfer and the provider's multipart uploads, and marks it cancelled. A
   * completed or already cancelled transfer is left as it is.
   */
  async cancel(transferId: string): Promise<void> {
    await this.stop(transferId, 'cancelled');
    const found = this.config.journal.getTransfer(transferId);
    const state = found?.transfer.state;
    if (!found || state === 'completed' || state === 'cancelled') return;

    await cancelFiles(this.config.client, this.config.journal, this.events, found);
    this.config.journal.setTransferState(transferId, 'cancelled');
    this.events.emit('state', { transferId, state: 'cancelled' });
  }

  /** Resolves with the transfer's state once it stops running. */
  async wait(transferId: string): Promise<TransferState> {
    await this.active.get(transferId)?.done;
    const found = this.config.journal.getTransfer(transferId);
    if (!found)
      throw new TransferError(
        'NOT_RESUMABLE',
        `Transfer ${transferId} is not in the journal; check the id against the transfer history.`,
        {
          transferId,
        },
      );
    return found.transfer.state;
  }

  /** Pauses every running transfer and closes the hashing pool the engine created. */
  async close(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.pause(id)));
    if (this.ownsHashPool) await this.hashPool.close();
  }

  private start(transferId: string, body: (ctx: TransferContext) => Promise<void>): void {
    const controller = new AbortController();
    // Every queued request and file listens on this signal, so thousands of listeners are expected.
    setMaxListeners(0, controller.signal);
    const journal = this.config.journal;
    // The total is known only once the file list is journaled, so the counters start on first use.
    let progress: TransferProgress | undefined;
    const options = this.options;
    const events = this.events;
    const ctx: TransferContext = {
      transferId,
      client: this.config.client,
      journal,
      dispatcher: this.config.dispatcher,
      hashPool: this.hashPool,
      limiter: this.limiter,
      options,
      events,
      requests: this.requests,
      files: this.files,
      signal: controller.signal,
      get progress() {
        if (progress === undefined) {
          const total = journal.getTransfer(transferId)?.transfer.totalBytes ?? 0;
          progress = new TransferProgress(transferId, total, options.progressIntervalMs, events);
        }
        return progress;
      },
      fileState: (file, state, error) =>
        events.emit('state', {
          transferId,
          logicalPath: file.logicalPath,
          state,
          ...(error ? { error: error.toInfo() } : {}),
        }),
    };

    journal.setTransferState(transferId, 'running');
    const done = body(ctx)
      .then(
        () => {
          journal.setTransferState(transferId, 'completed');
          this.events.emit('state', { transferId, state: 'committed' });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const failure = toTransferError(error, 'PLATFORM_ERROR', { transferId });
          journal.setTransferState(transferId, 'failed', failure.toInfo());
          this.events.emit('state', { transferId, state: 'failed', error: failure.toInfo() });
        },
      )
      .finally(() => {
        progress?.finish();
        this.active.delete(transferId);
      });
    this.active.set(transferId, { controller, done });
  }

  private async stop(transferId: string, kind: 'paused' | 'cancelled'): Promise<void> {
    const entry = this.active.get(transferId);
    if (!entry) return;
    entry.controller.abort(abortReason(kind, transferId));
    await entry.done;
  }
}

function isUpload(kind: TransferKind): boolean {
  return kind === 'upload-artifact' || kind === 'upload-run-files';
}
