// Stable codes of transfer failures, shared by the engines that raise them and the screens
// that explain them in the user's language.

export const TRANSFER_ERROR_CODES = [
  /** The local file's size or modification time changed after it was fingerprinted. */
  'FILE_CHANGED',
  /** The local file could not be read. */
  'FILE_UNREADABLE',
  /** Storage rejected a request with a status that is not retried. */
  'STORAGE_REJECTED',
  /** Retries or re-mints ran out without progress. */
  'RETRIES_EXHAUSTED',
  /** A 2xx part response without a readable ETag, usually missing CORS ExposeHeaders. */
  'MISSING_ETAG',
  /** The platform's GraphQL API failed or returned something unusable. */
  'PLATFORM_ERROR',
  /** The transfer was paused or cancelled while a request was in flight. */
  'ABORTED',
  /** The journal has no transfer with this id, or it cannot be resumed. */
  'NOT_RESUMABLE',
  /** Invalid input from the caller. */
  'INVALID_INPUT',
  /** Listing the caller's files failed, so the journal has only some of them. */
  'LISTING_FAILED',
  /** A downloaded file's MD5 differs from the platform's, also after fetching it again. */
  'CHECKSUM_MISMATCH',
  /** A logical path that would be written outside the download folder. */
  'UNSAFE_PATH',
  /** The disk or the user's quota is full (ENOSPC, EDQUOT). */
  'DISK_FULL',
  /** Writing, syncing or renaming a downloaded file failed for another reason. */
  'WRITE_FAILED',
  /** The remote object changed while it was downloaded, and restarting did not help. */
  'REMOTE_CHANGED',
] as const;

export type TransferErrorCode = (typeof TRANSFER_ERROR_CODES)[number];
