// The allowed state changes of transfers and file transfers. The journal checks every state
// change with `checkTransferTransition` or `checkFileTransition` before it writes the new state.

import { IllegalTransitionError } from './errors';
import type { FileState, TransferState } from './types';

const TRANSFER_TRANSITIONS: Readonly<Record<TransferState, readonly TransferState[]>> = {
  queued: ['running', 'paused', 'failed', 'cancelled'],
  running: ['paused', 'completed', 'failed', 'cancelled'],
  // A paused or failed transfer goes back to the scheduler queue or straight to running.
  paused: ['queued', 'running', 'failed', 'cancelled'],
  failed: ['queued', 'running', 'cancelled'],
  completed: [],
  cancelled: [],
};

// NOTE: file transitions are not checked against the state of their transfer, so the engine
// itself must stop moving files of a paused or cancelled transfer.
//
// `pending` is reachable from every unfinished state because `restartFile` resets a file there
// after its local copy changed. `waiting-for-urls` is reachable from the byte-moving states so
// the engine can re-mint URLs that are about to expire.
const FILE_TRANSITIONS: Readonly<Record<FileState, readonly FileState[]>> = {
  pending: ['hashing', 'waiting-for-urls', 'skipped', 'failed', 'cancelled'],
  hashing: ['hashed', 'pending', 'failed', 'cancelled'],
  hashed: ['waiting-for-urls', 'deduplicated', 'pending', 'failed', 'cancelled'],
  'waiting-for-urls': [
    'uploading',
    'downloading',
    'deduplicated',
    'pending',
    'failed',
    'cancelled',
  ],
  uploading: ['completing', 'done', 'waiting-for-urls', 'pending', 'failed', 'cancelled'],
  downloading: ['completing', 'done', 'waiting-for-urls', 'pending', 'failed', 'cancelled'],
  completing: ['done', 'waiting-for-urls', 'pending', 'failed', 'cancelled'],
  // A failed file resumes where it stopped, restarts, or is skipped by the user.
  failed: [
    'pending',
    'hashing',
    'waiting-for-urls',
    'uploading',
    'downloading',
    'completing',
    'skipped',
    'cancelled',
  ],
  done: [],
  deduplicated: [],
  skipped: [],
  cancelled: [],
};

/** File states after which nothing more happens to the file; `failed` resumes, so it is not one. */
export const FINISHED_FILE_STATES: readonly FileState[] = [
  'done',
  'deduplicated',
  'skipped',
  'cancelled',
];

/** Transfer states that `Journal.resumable` lists. */
export const RESUMABLE_TRANSFER_STATES: readonly TransferState[] = ['running', 'paused', 'failed'];

/** File states that need every part confirmed first, so no file completes with a gap. */
export const STATES_NEEDING_ALL_PARTS: readonly FileState[] = ['completing', 'done'];

/**
 * Throws `IllegalTransitionError` unless a transfer may move from `from` to `to`. Returns false
 * when the states are equal, because a repeated state change is a no-op that lets the engine
 * replay its last step after a crash.
 */
export function checkTransferTransition(
  id: string,
  from: TransferState,
  to: TransferState,
): boolean {
  if (from === to) return false;

  const allowed = TRANSFER_TRANSITIONS[from];
  if (!allowed.includes(to)) throw new IllegalTransitionError('transfer', id, from, to, allowed);
  return true;
}

/** Throws `IllegalTransitionError` unless a file may move from `from` to `to`; false when equal. */
export function checkFileTransition(id: number, from: FileState, to: FileState): boolean {
  if (from === to) return false;

  const allowed = FILE_TRANSITIONS[from];
  if (!allowed.includes(to)) throw new IllegalTransitionError('file', id, from, to, allowed);
  return true;
}

/** Lists the states a transfer may move to from `from`. */
export function nextTransferStates(from: TransferState): readonly TransferState[] {
  return TRANSFER_TRANSITIONS[from];
}

/** Lists the states a file may move to from `from`. */
export function nextFileStates(from: FileState): readonly FileState[] {
  return FILE_TRANSITIONS[from];
}
