export { IllegalTransitionError, JournalError, ReceiptConflictError } from './errors';
export type { JournalErrorCode } from './errors';
export { fingerprintMatches } from './fingerprint';
export type { StatLike } from './fingerprint';
export { Journal } from './journal';
export type { JournalOptions, NewTransfer } from './journal';
export {
  APP_FOLDER_NAME,
  appDataFolder,
  JOURNAL_FILE_NAME,
  resolveJournalPath,
  userDataFolder,
} from './location';
export type { AppFolderInputs } from './location';
export { SCHEMA_VERSION } from './migrations';
export { isProcessAlive, liveOwner, OWNER_HEARTBEAT_MS, OWNER_STALE_AFTER_MS } from './owner-store';
export type { ClaimResult, HeartbeatResult } from './owner-store';
export { redactUrl } from './redact';
export type { ListTransfersOptions } from './transfer-store';
export { FINISHED_FILE_STATES, nextFileStates, nextTransferStates } from './transitions';
export * from './types';
