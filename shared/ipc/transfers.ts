// The `transfers` namespace: start uploads from local paths and downloads into a folder, list
// and inspect the journal's history, control transfers, export per-file results, and
// subscribe to progress. Dropped folders are walked in main, so a request carries only the
// paths the user dropped or picked.
import { z } from 'zod';

import { event, invoke } from './define';
import { transferEventSchema } from './transfer-events';
import { fileSummarySchema, transferSummarySchema } from './transfer-records';
import {
  collectionNameSchema,
  localPathSchema,
  logicalPathSchema,
  nameSchema,
  noRequest,
  pageRequestFields,
  pageSchema,
  transferIdRequest,
  versionSchema,
} from './values';

/** Files and folders dropped or picked: each folder is walked in full. */
const sourcePaths = z.array(localPathSchema).min(1).max(10_000);

/**
 * Paths inside the version or run to download; every file when omitted. An entry that ends in
 * `/` selects every file under that folder.
 */
const selection = z.array(logicalPathSchema).min(1).max(100_000).optional();

export const uploadArtifactRequestSchema = z.strictObject({
  entity: nameSchema,
  project: nameSchema,
  /** Collection: a new artifact, or a new version of an existing one. */
  name: collectionNameSchema,
  /** Artifact type, such as `dataset` or `model`. */
  type: nameSchema,
  aliases: z.array(collectionNameSchema).max(100).default([]),
  description: z.string().max(10_000).optional(),
  paths: sourcePaths,
});

export const uploadRunFilesRequestSchema = z.strictObject({
  entity: nameSchema,
  project: nameSchema,
  run: nameSchema,
  paths: sourcePaths,
});

export const downloadVersionRequestSchema = z.strictObject({
  entity: nameSchema,
  project: nameSchema,
  collection: collectionNameSchema,
  /** Version (`v3`) or alias (`latest`). */
  version: versionSchema,
  destination: localPathSchema,
  files: selection,
});

export const downloadRunFilesRequestSchema = z.strictObject({
  entity: nameSchema,
  project: nameSchema,
  run: nameSchema,
  destination: localPathSchema,
  files: selection,
});

export type UploadArtifactRequest = z.input<typeof uploadArtifactRequestSchema>;
export type UploadRunFilesRequest = z.input<typeof uploadRunFilesRequestSchema>;
export type DownloadVersionRequest = z.input<typeof downloadVersionRequestSchema>;
export type DownloadRunFilesRequest = z.input<typeof downloadRunFilesRequestSchema>;

const started = z.strictObject({ transferId: z.string() });

const transferList = z.strictObject({
  transfers: z.array(transferSummarySchema),
  /** Pass as `beforeId` for older transfers; null when there are none. */
  nextBeforeId: z.string().nullable(),
});

const transferDetail = z.strictObject({
  transfer: transferSummarySchema,
  files: pageSchema(fileSummarySchema),
});

export const EXPORT_FORMATS = ['csv', 'json'] as const;

export const transfers = {
  uploadArtifact: invoke('transfers:upload-artifact', uploadArtifactRequestSchema, started),
  uploadRunFiles: invoke('transfers:upload-run-files', uploadRunFilesRequestSchema, started),
  downloadVersion: invoke('transfers:download-version', downloadVersionRequestSchema, started),
  downloadRunFiles: invoke('transfers:download-run-files', downloadRunFilesRequestSchema, started),
  /** History, newest first. */
  list: invoke(
    'transfers:list',
    z.strictObject({
      limit: z.int().min(1).max(500).default(100),
      beforeId: z.string().max(64).nullable().default(null),
    }),
    transferList,
  ),
  /** One transfer with one page of its files. */
  show: invoke(
    'transfers:show',
    z.strictObject({ ...transferIdRequest.shape, ...pageRequestFields }),
    transferDetail,
  ),
  pause: invoke('transfers:pause', transferIdRequest, transferSummarySchema),
  /** Continues a paused transfer. */
  resume: invoke('transfers:resume', transferIdRequest, transferSummarySchema),
  /** Continues a failed transfer from its last confirmed part. */
  retry: invoke('transfers:retry', transferIdRequest, transferSummarySchema),
  cancel: invoke('transfers:cancel', transferIdRequest, transferSummarySchema),
  /**
   * Asks where to save (a native save dialog in the app) and writes one row per file. `path`
   * is null when the user closed the dialog.
   */
  exportResults: invoke(
    'transfers:export-results',
    z.strictObject({ ...transferIdRequest.shape, format: z.enum(EXPORT_FORMATS) }),
    z.strictObject({ path: z.string().nullable(), files: z.int().min(0) }),
  ),
  /** Native open dialog for the upload picker; an empty list when the user closed it. */
  pickSources: invoke(
    'transfers:pick-sources',
    z.strictObject({ select: z.enum(['files', 'folders']) }),
    z.strictObject({ paths: z.array(z.string()) }),
  ),
  /** Native folder dialog for a download destination; null when the user closed it. */
  pickFolder: invoke(
    'transfers:pick-folder',
    noRequest,
    z.strictObject({ path: z.string().nullable() }),
  ),
  onEvent: event('transfers:event', transferEventSchema),
} as const;
