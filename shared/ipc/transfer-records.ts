// Transfers and file transfers as the history and the queue show them: the journal's records
// without local secrets or URLs, with times as ISO 8601 strings.
import { z } from 'zod';

import { FILE_STATES, TRANSFER_KINDS, TRANSFER_STATES } from '../transfer/states';
import { byteCountSchema, timeSchema } from './values';

export * from '../transfer/states';

/** A failure as the engine records it: a stable code and one English line. */
export const transferErrorSchema = z.strictObject({ code: z.string(), message: z.string() });

export const transferTargetSchema = z.strictObject({
  host: z.string(),
  entity: z.string(),
  project: z.string(),
  /** Artifact collection, for artifact transfers. */
  artifactName: z.string().nullable(),
  artifactType: z.string().nullable(),
  aliases: z.array(z.string()),
  /** Version or alias a download asked for. */
  artifactVersion: z.string().nullable(),
  runId: z.string().nullable(),
  /** Local folder a download writes into. */
  downloadRoot: z.string().nullable(),
});

export const transferSummarySchema = z.strictObject({
  id: z.string(),
  kind: z.enum(TRANSFER_KINDS),
  state: z.enum(TRANSFER_STATES),
  target: transferTargetSchema,
  totalFiles: z.int().min(0),
  totalBytes: byteCountSchema,
  /** Bytes already at their destination, as the journal recorded them. */
  bytesDone: byteCountSchema,
  /** False while the folder walk still adds files. */
  listingComplete: z.boolean(),
  /** Artifact version id once the platform created it. */
  artifactId: z.string().nullable(),
  error: transferErrorSchema.nullable(),
  createdAt: timeSchema,
  updatedAt: timeSchema,
});

export type TransferSummary = z.output<typeof transferSummarySchema>;

export const fileSummarySchema = z.strictObject({
  /** Path inside the artifact or run. */
  path: z.string(),
  localPath: z.string(),
  size: byteCountSchema,
  state: z.enum(FILE_STATES),
  bytesDone: byteCountSchema,
  /** Base64 MD5 once hashed, or as the platform reported it for downloads. */
  md5: z.string().nullable(),
  error: transferErrorSchema.nullable(),
  updatedAt: timeSchema,
});

export type FileSummary = z.output<typeof fileSummarySchema>;
