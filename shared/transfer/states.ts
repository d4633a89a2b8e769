// Kinds and states of transfers and of their files, as the journal stores them. The journal,
// the IPC schemas and the screens that translate them all use these lists.

export const TRANSFER_KINDS = [
  'upload-artifact',
  'upload-run-files',
  'download-artifact',
  'download-run-files',
] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export const TRANSFER_STATES = [
  'queued',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/**
 * States of one file transfer. Uploads use `uploading` and downloads `downloading` while bytes
 * move; every other state applies to both directions.
 */
export const FILE_STATES = [
  'pending',
  'hashing',
  'hashed',
  'waiting-for-urls',
  'uploading',
  'downloading',
  'completing',
  'done',
  'deduplicated',
  'failed',
  'cancelled',
  'skipped',
] as const;
export type FileState = (typeof FILE_STATES)[number];
