// Events of the `transfers` namespace: one discriminated union pushed on one channel, so the
// renderer keeps a single subscription for the queue. Payloads carry paths inside the transfer
// and byte counts, never URLs.
import { z } from 'zod';

import { byteCountSchema } from './values';
import { transferErrorSchema, transferSummarySchema } from './transfer-records';

/**
 * Activity of a transfer or one of its files. Upload steps: hashing, waiting-for-urls,
 * uploading, re-minting (fresh URLs for expired ones), completing, then committed, or
 * deduplicated when the team already stores the content. Download steps: downloading,
 * verifying, then done, or skipped for a file already on disk. A transfer ends in completed
 * (or committed for an artifact upload), failed, paused or cancelled.
 */
export const ACTIVITY_STATES = [
  'queued',
  'listing',
  'hashing',
  'waiting-for-urls',
  'uploading',
  're-minting',
  'completing',
  'deduplicated',
  'committed',
  'downloading',
  'verifying',
  'verified',
  'done',
  'skipped',
  'completed',
  'failed',
  'paused',
  'cancelled',
] as const;

export type ActivityState = (typeof ACTIVITY_STATES)[number];

const progressSnapshotSchema = z.strictObject({
  bytesDone: byteCountSchema,
  bytesTotal: byteCountSchema,
  /** Smoothed rate in bytes per second. */
  rateBytesPerSecond: z.number().min(0),
  /** Estimated seconds left, null while the rate is unknown. */
  etaSeconds: z.number().min(0).nullable(),
});

const createdEvent = z.strictObject({
  type: z.literal('created'),
  transfer: transferSummarySchema,
});

const stateEvent = z.strictObject({
  type: z.literal('state'),
  transferId: z.string(),
  /** Path of the file inside the transfer, or null for the transfer itself. */
  path: z.string().nullable(),
  state: z.enum(ACTIVITY_STATES),
  error: transferErrorSchema.nullable(),
});

const progressEvent = z.strictObject({
  type: z.literal('progress'),
  transferId: z.string(),
  transfer: progressSnapshotSchema,
  /** Files whose bytes moved since the previous progress event. */
  files: z.array(progressSnapshotSchema.extend({ path: z.string() })),
});

const retryEvent = z.strictObject({
  type: z.literal('retry'),
  transferId: z.string(),
  path: z.string(),
  /** 1-based part number, null for a single request. */
  partNumber: z.int().min(1).nullable(),
  /** `retry`: the same URL again after a delay. `remint`: a fresh URL first. */
  action: z.enum(['retry', 'remint']),
  delayMs: z.number().min(0).nullable(),
  status: z.int().nullable(),
  /** Network error kind or HTTP status as text. */
  failure: z.string(),
});

const warningEvent = z.strictObject({
  type: z.literal('warning'),
  transferId: z.string(),
  message: z.string(),
});

/** Progress of the folder walk of an upload, which runs while the first files already upload. */
const listingEvent = z.strictObject({
  type: z.literal('listing'),
  transferId: z.string(),
  files: z.int().min(0),
  bytes: byteCountSchema,
  /** Paths left out so far (hidden, unreadable, special files, links outside the folder). */
  skipped: z.int().min(0),
  done: z.boolean(),
});

/** One path the folder walk left out, with the reason. */
const skipEvent = z.strictObject({
  type: z.literal('skip'),
  transferId: z.string(),
  localPath: z.string(),
  reason: z.string(),
  message: z.string(),
});

export const transferEventSchema = z.discriminatedUnion('type', [
  createdEvent,
  stateEvent,
  progressEvent,
  retryEvent,
  warningEvent,
  listingEvent,
  skipEvent,
]);

export type TransferEvent = z.output<typeof transferEventSchema>;
