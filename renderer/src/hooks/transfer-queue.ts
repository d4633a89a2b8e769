// The transfer queue as the Transfers screen shows it: the journal's history merged with the
// live events main pushes. A pure reducer, so the merge rules are tested without React.
import type {
  ActivityState,
  TransferEvent,
  TransferState,
  TransferSummary,
} from '../../../shared/ipc/index';

export interface LiveProgress {
  bytesDone: number;
  bytesTotal: number;
  rateBytesPerSecond: number;
  etaSeconds: number | null;
}

/** Live state of one transfer from the events received since the app started. */
export interface LiveInfo {
  activity: ActivityState | null;
  progress: LiveProgress | null;
  /** Files found so far by the folder walk, and whether it finished. */
  listing: { files: number; bytes: number; skipped: number; done: boolean } | null;
  retries: number;
  warnings: string[];
}

export interface QueueState {
  /** Newest first. */
  order: string[];
  transfers: Record<string, TransferSummary>;
  live: Record<string, LiveInfo>;
}

export type QueueAction =
  | { type: 'history'; transfers: TransferSummary[] }
  | { type: 'replace'; transfer: TransferSummary }
  | { type: 'event'; event: TransferEvent };

export const EMPTY_QUEUE: QueueState = { order: [], transfers: {}, live: {} };

const EMPTY_LIVE: LiveInfo = {
  activity: null,
  progress: null,
  listing: null,
  retries: 0,
  warnings: [],
};

// The transfer-level state an activity implies, for transfers whose summary is older.
const STATE_OF_ACTIVITY: Partial<Record<ActivityState, TransferState>> = {
  queued: 'queued',
  paused: 'paused',
  failed: 'failed',
  cancelled: 'cancelled',
  completed: 'completed',
  committed: 'completed',
  deduplicated: 'completed',
  verified: 'completed',
  // A download's last whole-transfer state.
  done: 'completed',
};

export function queueReducer(state: QueueState, action: QueueAction): QueueState {
  switch (action.type) {
    case 'history':
      return mergeHistory(state, action.transfers);
    case 'replace':
      return upsert(state, action.transfer, false);
    case 'event':
      return applyEvent(state, action.event);
  }
}

// Older pages append; a transfer the events already brought keeps its newer record.
function mergeHistory(state: QueueState, history: TransferSummary[]): QueueState {
  const transfers = { ...state.transfers };
  const order = [...state.order];
  for (const transfer of history) {
    if (transfers[transfer.id] !== undefined) continue;
    transfers[transfer.id] = transfer;
    order.push(transfer.id);
  }
  return { ...state, order, transfers };
}

function upsert(state: QueueState, transfer: TransferSummary, atTop: boolean): QueueState {
  const known = state.transfers[transfer.id] !== undefined;
  const order = known
    ? state.order
    : atTop
      ? [transfer.id, ...state.order]
      : [...state.order, transfer.id];
  return { ...state, order, transfers: { ...state.transfers, [transfer.id]: transfer } };
}

function withLive(state: QueueState, id: string, change: (live: LiveInfo) => LiveInfo): QueueState {
  const live = change(state.live[id] ?? EMPTY_LIVE);
  return { ...state, live: { ...state.live, [id]: live } };
}

function applyEvent(state: QueueState, event: TransferEvent): QueueState {
  switch (event.type) {
    case 'created':
      return upsert(state, event.transfer, true);

    case 'state': {
      // File-level states show in the transfer's file list, not in the queue.
      if (event.path !== null) return state;
      const next = withLive(state, event.transferId, (live) => ({
        ...live,
        activity: event.state,
      }));
      const summary = next.transfers[event.transferId];
      const implied = STATE_OF_ACTIVITY[event.state] ?? 'running';
      if (summary === undefined) return next;
      const updated = {
        ...summary,
        state: implied,
        error: event.error ?? (implied === 'failed' ? summary.error : null),
      };
      return { ...next, transfers: { ...next.transfers, [event.transferId]: updated } };
    }

    case 'progress':
      return withLive(state, event.transferId, (live) => ({ ...live, progress: event.transfer }));

    case 'listing': {
      const { files, bytes, skipped, done } = event;
      const next = withLive(state, event.transferId, (live) => ({
        ...live,
        listing: { files, bytes, skipped, done },
      }));
      const summary = next.transfers[event.transferId];
      if (summary === undefined) return next;
      const updated = { ...summary, totalFiles: files, totalBytes: bytes, listingComplete: done };
      return { ...next, transfers: { ...next.transfers, [event.transferId]: updated } };
    }

    case 'retry':
      return withLive(state, event.transferId, (live) => ({ ...live, retries: live.retries + 1 }));

    case 'warning':
      return withLive(state, event.transferId, (live) => ({
        ...live,
        warnings: [...live.warnings, event.message].slice(-20),
      }));

    case 'skip':
      return state;
  }
}

/** Fraction of bytes done (0-1), or null when unknown. */
export function doneFraction(summary: TransferSummary, live: LiveInfo | undefined): number | null {
  if (summary.state === 'completed') return 1;
  const progress = live?.progress;
  if (progress !== null && progress !== undefined && progress.bytesTotal > 0) {
    return Math.min(1, progress.bytesDone / progress.bytesTotal);
  }
  // A transfer from history has no live progress yet, so the journal's count is used.
  if (summary.totalBytes === 0) return null;
  return Math.min(1, summary.bytesDone / summary.totalBytes);
}
