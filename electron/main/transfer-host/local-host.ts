// LocalTransferHost runs the engines in the calling process. The worker host runs one of
// these off the main thread. Pause, resume and cancel go to the engine set that runs the
// transfer; a transfer that no set runs (one interrupted by a quit) is resumed by the current
// set when it belongs to the signed-in host.
import { HashPool, type HashPoolOptions } from '../../engine/hashing/index';
import { Journal, type TransferRecord } from '../../engine/journal/index';
import type { TransferEvent, Unsubscribe } from '../../../shared/ipc/index';
import { ServiceError } from '../services/errors';
import { findTransferRecord } from '../services/transfer-views';
import { forwardEngineEvents } from './engine-events';
import {
  closeEngineSet,
  configKey,
  createDownloadEngine,
  createEngineSet,
  type DownloaderFactory,
  type EngineLike,
  type EngineSet,
} from './engines';
import type {
  DownloadRunFilesCommand,
  DownloadVersionCommand,
  HostConfig,
  TransferHost,
  UploadArtifactCommand,
  UploadRunFilesCommand,
} from './host';
import { listDroppedPaths } from './listing';

const FINISHED_STATES = new Set(['committed', 'done', 'failed', 'paused', 'cancelled']);

export interface LocalTransferHostOptions {
  journalPath: string;
  /**
   * Builds the download engine of each engine set: the DownloadEngine when omitted, and none
   * for null (downloads then fail with NOT_SUPPORTED).
   */
  createDownloader?: DownloaderFactory | null;
  /** Options of the hashing pool; a bundled build passes its compiled worker's URL here. */
  hashPool?: HashPoolOptions;
}

export class LocalTransferHost implements TransferHost {
  private readonly journal: Journal;
  private readonly hashPool: HashPool;
  private readonly listeners = new Set<(event: TransferEvent) => void>();
  private current: EngineSet | null = null;
  /** Engine set of every transfer started or resumed here that has not stopped yet. */
  private readonly owners = new Map<string, EngineSet>();
  private readonly retired = new Set<EngineSet>();
  /** Downloads running here whose complete listing was not announced yet. */
  private readonly unlistedDownloads = new Set<string>();

  constructor(private readonly options: LocalTransferHostOptions) {
    this.journal = Journal.open(options.journalPath);
    this.hashPool = new HashPool(options.hashPool);
  }

  async configure(config: HostConfig | null): Promise<void> {
    if (config !== null && this.current?.key === configKey(config)) return;

    if (this.current) this.retire(this.current);
    this.current = null;
    if (config === null) return;

    const set = createEngineSet(config, {
      journal: this.journal,
      hashPool: this.hashPool,
      createDownloader:
        this.options.createDownloader === undefined
          ? createDownloadEngine
          : this.options.createDownloader,
    });
    forwardEngineEvents(set.upload.events, (event) => this.route(set, event));
    if (set.download) forwardEngineEvents(set.download.events, (event) => this.route(set, event));
    this.current = set;

    this.resumeInterrupted(set);
  }

  async uploadArtifact(command: UploadArtifactCommand): Promise<string> {
    const set = this.requireCurrent();
    const listed = listDroppedPaths(command.paths, (event) => this.emit(event));
    const id = set.upload.uploadArtifact({
      entity: command.entity,
      project: command.project,
      name: command.name,
      type: command.type,
      aliases: command.aliases,
      ...(command.description === undefined ? {} : { description: command.description }),
      files: listed.files,
    });
    listed.attach(id);
    this.owners.set(id, set);
    return id;
  }

  async uploadRunFiles(command: UploadRunFilesCommand): Promise<string> {
    const set = this.requireCurrent();
    const listed = listDroppedPaths(command.paths, (event) => this.emit(event));
    const id = set.upload.uploadRunFiles({ ...command, files: listed.files });
    listed.attach(id);
    this.owners.set(id, set);
    return id;
  }

  async downloadVersion(command: DownloadVersionCommand): Promise<string> {
    const set = this.requireCurrent();
    const id = this.requireDownloader(set).downloadArtifact({
      entity: command.entity,
      project: command.project,
      name: command.collection,
      version: command.version,
      root: command.destination,
      ...(command.files ? { files: command.files } : {}),
    });
    this.owners.set(id, set);
    this.unlistedDownloads.add(id);
    return id;
  }

  async downloadRunFiles(command: DownloadRunFilesCommand): Promise<string> {
    const set = this.requireCurrent();
    const id = this.requireDownloader(set).downloadRunFiles({
      entity: command.entity,
      project: command.project,
      run: command.run,
      root: command.destination,
      ...(command.files ? { files: command.files } : {}),
    });
    this.owners.set(id, set);
    this.unlistedDownloads.add(id);
    return id;
  }

  async pause(transferId: string): Promise<void> {
    const record = this.requireTransfer(transferId);
    const owner = this.owners.get(transferId);
    if (owner) {
      await this.engineFor(owner, record).pause(transferId);
      return;
    }

    // Nothing runs it here, for example after a quit: recording the pause is all there is to do.
    if (record.state === 'running' || record.state === 'queued') {
      this.journal.setTransferState(transferId, 'paused');
      this.emit({ type: 'state', transferId, path: null, state: 'paused', error: null });
    }
  }

  async resume(transferId: string): Promise<void> {
    const record = this.requireTransfer(transferId);
    if (this.owners.has(transferId)) return;

    const set = this.requireSetFor(record);
    this.engineFor(set, record).resume(transferId);
    this.owners.set(transferId, set);
    if (record.kind.startsWith('download')) this.unlistedDownloads.add(transferId);
    this.emit({ type: 'state', transferId, path: null, state: 'queued', error: null });
  }

  async cancel(transferId: string): Promise<void> {
    const record = this.requireTransfer(transferId);
    const set = this.owners.get(transferId) ?? this.requireSetFor(record);
    await this.engineFor(set, record).cancel(transferId);
  }

  subscribe(listener: (event: TransferEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    const sets = [...this.retired, ...(this.current ? [this.current] : [])];
    this.current = null;
    this.retired.clear();
    await Promise.all(sets.map((set) => closeEngineSet(set)));
    await this.hashPool.close();
    this.journal.close();
  }

  /** Resumes uploads and downloads of this host that a quit or crash left running. */
  private resumeInterrupted(set: EngineSet): void {
    const stale = this.journal
      .listTransfers({ states: ['running', 'queued'], limit: 1000 })
      .filter((record) => record.target.platformHost === set.host && !this.owners.has(record.id));

    for (const record of stale) {
      try {
        this.engineFor(set, record).resume(record.id);
        this.owners.set(record.id, set);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.emit({ type: 'warning', transferId: record.id, message });
      }
    }
  }

  private route(set: EngineSet, event: TransferEvent): void {
    if (event.type === 'state' && event.path === null && FINISHED_STATES.has(event.state)) {
      if (this.owners.get(event.transferId) === set) this.owners.delete(event.transferId);
      void this.closeIdleRetired();
    }
    if (event.type === 'state' && event.path === null)
      this.announceDownloadListing(event.transferId);
    if (event.type === 'progress' && this.unlistedDownloads.has(event.transferId)) {
      this.announceDownloadListing(event.transferId);
    }
    this.emit(event);
  }

  /**
   * Sends a download's file count and size as a listing event. A download lists remote files
   * and walks no folder, so no walk reports them. The first progress event and each
   * whole-transfer state change carry the journal's counts instead.
   */
  private announceDownloadListing(transferId: string): void {
    const record = findTransferRecord(this.journal, transferId);
    if (!record?.kind.startsWith('download')) return;
    if (record.listingComplete) this.unlistedDownloads.delete(transferId);
    this.emit({
      type: 'listing',
      transferId,
      files: record.totalFiles,
      bytes: record.totalBytes,
      skipped: 0,
      done: record.listingComplete,
    });
  }

  private emit(event: TransferEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private retire(set: EngineSet): void {
    this.retired.add(set);
    void this.closeIdleRetired();
  }

  private async closeIdleRetired(): Promise<void> {
    const busy = new Set(this.owners.values());
    for (const set of [...this.retired]) {
      if (busy.has(set)) continue;
      this.retired.delete(set);
      await closeEngineSet(set);
    }
  }

  private engineFor(set: EngineSet, record: TransferRecord): EngineLike {
    return record.kind.startsWith('upload') ? set.upload : this.requireDownloader(set);
  }

  private requireCurrent(): EngineSet {
    if (this.current) return this.current;
    throw new ServiceError(
      'NOT_SIGNED_IN',
      'No profile is signed in: sign in before starting a transfer.',
    );
  }

  private requireSetFor(record: TransferRecord): EngineSet {
    const set = this.requireCurrent();
    if (set.host === record.target.platformHost) return set;
    throw new ServiceError(
      'NOT_SIGNED_IN',
      `Transfer ${record.id} belongs to ${record.target.platformHost}, but ${set.host} is signed in: sign in to ${record.target.platformHost} to continue it.`,
    );
  }

  private requireDownloader(set: EngineSet) {
    if (set.download) return set.download;
    throw new ServiceError(
      'NOT_SUPPORTED',
      'Downloads are not available in this build of the app.',
    );
  }

  private requireTransfer(transferId: string): TransferRecord {
    const found = findTransferRecord(this.journal, transferId);
    if (found) return found;
    throw new ServiceError(
      'NOT_FOUND',
      `No transfer has id ${transferId}: reload the transfer list.`,
    );
  }
}
