// The `transfers` namespace. Starting and controlling transfers goes to the TransferHost,
// which may run in another thread or process. History, details and exports read the journal
// directly, because SQLite in WAL mode lets this process read while the host writes.
import type { Journal } from '../../engine/journal/index';
import type {
  IpcContract,
  RequestOf,
  ResponseOf,
  TransferSummary,
} from '../../../shared/ipc/index';
import type { TransferHost } from '../transfer-host/host';
import type { Dialogs } from './dialogs';
import { ServiceError } from './errors';
import type { SessionState } from './session';
import { exportTransferResults } from './transfer-export';
import { findTransferRecord, toFileSummary, toTransferSummary } from './transfer-views';
import type { EventSink, NamespaceService } from './types';

type Transfers = IpcContract['transfers'];
type Request<M extends keyof Transfers> = RequestOf<Transfers[M]>;
type Response<M extends keyof Transfers> = ResponseOf<Transfers[M]>;

export interface TransfersServiceDeps {
  host: TransferHost;
  /** A journal connection for reads; the host keeps its own for writes. */
  journal: Journal;
  session: SessionState;
  events: EventSink;
  dialogs: Dialogs;
  /** The download folder setting, for the folder dialog's start. */
  downloadFolder: () => string;
}

export class TransfersService implements NamespaceService<Transfers> {
  constructor(private readonly deps: TransfersServiceDeps) {}

  async uploadArtifact(request: Request<'uploadArtifact'>): Promise<Response<'uploadArtifact'>> {
    this.deps.session.require();
    return this.started(await this.deps.host.uploadArtifact(request));
  }

  async uploadRunFiles(request: Request<'uploadRunFiles'>): Promise<Response<'uploadRunFiles'>> {
    this.deps.session.require();
    return this.started(await this.deps.host.uploadRunFiles(request));
  }

  async downloadVersion(request: Request<'downloadVersion'>): Promise<Response<'downloadVersion'>> {
    this.deps.session.require();
    return this.started(await this.deps.host.downloadVersion(request));
  }

  async downloadRunFiles(
    request: Request<'downloadRunFiles'>,
  ): Promise<Response<'downloadRunFiles'>> {
    this.deps.session.require();
    return this.started(await this.deps.host.downloadRunFiles(request));
  }

  async list(request: Request<'list'>): Promise<Response<'list'>> {
    const records = this.deps.journal.listTransfers({
      limit: request.limit + 1,
      ...(request.beforeId === null ? {} : { beforeId: request.beforeId }),
    });
    const page = records.slice(0, request.limit);
    return {
      transfers: page.map((record) =>
        toTransferSummary(record, this.deps.journal.bytesDone(record.id)),
      ),
      nextBeforeId: records.length > request.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  async show(request: Request<'show'>): Promise<Response<'show'>> {
    const transfer = this.summary(request.transferId);
    const offset = parseOffset(request.cursor);

    // The cursor is the index of the first file of the page in the journal's order.
    const files = [];
    let index = 0;
    for (const record of this.deps.journal.iterateFiles(request.transferId)) {
      if (index >= offset + request.pageSize) break;
      if (index >= offset) files.push(toFileSummary(record));
      index += 1;
    }
    const nextOffset = offset + files.length;
    return {
      transfer,
      files: {
        items: files,
        nextCursor: nextOffset < transfer.totalFiles ? String(nextOffset) : null,
        totalCount: transfer.totalFiles,
      },
    };
  }

  async pause(request: Request<'pause'>): Promise<TransferSummary> {
    await this.deps.host.pause(request.transferId);
    return this.summary(request.transferId);
  }

  async resume(request: Request<'resume'>): Promise<TransferSummary> {
    await this.deps.host.resume(request.transferId);
    return this.summary(request.transferId);
  }

  async retry(request: Request<'retry'>): Promise<TransferSummary> {
    const state = this.summary(request.transferId).state;
    if (state !== 'failed') {
      throw new ServiceError(
        'TRANSFER',
        `Transfer ${request.transferId} is ${state}, not failed: retry applies to failed transfers; resume a paused one.`,
        { reason: 'NOT_RESUMABLE' },
      );
    }
    await this.deps.host.resume(request.transferId);
    return this.summary(request.transferId);
  }

  async cancel(request: Request<'cancel'>): Promise<TransferSummary> {
    await this.deps.host.cancel(request.transferId);
    return this.summary(request.transferId);
  }

  async exportResults(request: Request<'exportResults'>): Promise<Response<'exportResults'>> {
    this.summary(request.transferId);
    const name = `byob-transfer-${request.transferId}.${request.format}`;
    const target = await this.deps.dialogs.chooseSavePath(name, request.format);
    if (target === null) return { path: null, files: 0 };

    const files = await exportTransferResults(
      this.deps.journal,
      request.transferId,
      request.format,
      target,
    );
    return { path: target, files };
  }

  async pickSources(request: Request<'pickSources'>): Promise<Response<'pickSources'>> {
    return { paths: await this.deps.dialogs.chooseSources(request.select) };
  }

  async pickFolder(): Promise<Response<'pickFolder'>> {
    return { path: await this.deps.dialogs.chooseFolder(this.deps.downloadFolder()) };
  }

  private started(transferId: string): { transferId: string } {
    this.deps.events.emit('transfers.onEvent', {
      type: 'created',
      transfer: this.summary(transferId),
    });
    return { transferId };
  }

  private summary(transferId: string): TransferSummary {
    const record = findTransferRecord(this.deps.journal, transferId);
    if (!record) {
      throw new ServiceError(
        'NOT_FOUND',
        `No transfer has id ${transferId}: reload the transfer list.`,
      );
    }
    return toTransferSummary(record, this.deps.journal.bytesDone(transferId));
  }
}

function parseOffset(cursor: string | null): number {
  if (cursor === null) return 0;
  const offset = Number(cursor);
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ServiceError(
      'INVALID_REQUEST',
      `Invalid cursor "${cursor}": pass the nextCursor of the previous page.`,
      {
        fields: ['cursor'],
      },
    );
  }
  return offset;
}
