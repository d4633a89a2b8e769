// The `browse` namespace: one page per request of projects, artifact types, collections,
// versions, a version's files, runs and a run's files. No response carries a pre-signed URL:
// downloads go through `transfers`, so URLs stay in main.
import { z } from 'zod';

import { invoke } from './define';
import {
  byteCountSchema,
  collectionNameSchema,
  nameSchema,
  pageRequestFields,
  pageSchema,
  timeSchema,
  versionSchema,
} from './values';

const projectSchema = z.strictObject({
  name: z.string(),
  entity: z.string(),
  createdAt: timeSchema,
});

const artifactTypeSchema = z.strictObject({
  name: z.string(),
  description: z.string().nullable(),
  createdAt: timeSchema,
});

const collectionSchema = z.strictObject({
  name: z.string(),
  type: z.string(),
  description: z.string().nullable(),
  createdAt: timeSchema,
  /** `sequence`: versions logged to it. `portfolio`: links to versions of other collections. */
  kind: z.enum(['sequence', 'portfolio']),
});

const versionSummarySchema = z.strictObject({
  id: z.string(),
  /** Version name in this collection, such as `v3`. */
  version: z.string(),
  aliases: z.array(z.string()),
  state: z.enum(['PENDING', 'COMMITTED', 'DELETED']),
  /** Total bytes of all files. */
  size: byteCountSchema,
  fileCount: z.int().min(0),
  digest: z.string(),
  description: z.string().nullable(),
  createdAt: timeSchema,
});

/** A file of an artifact version or a run. */
const remoteFileSchema = z.strictObject({
  /** `/`-separated path inside the version or run. */
  path: z.string(),
  size: byteCountSchema,
  /** Base64 MD5 of the content, when the platform knows it. */
  md5: z.string().nullable(),
  /** The artifact manifest's digest of the file (its base64 MD5 on W&B). */
  digest: z.string().nullable(),
  updatedAt: timeSchema.nullable(),
});

const runSchema = z.strictObject({
  name: z.string(),
  displayName: z.string().nullable(),
  state: z.string().nullable(),
  createdAt: timeSchema.nullable(),
});

const inEntity = { entity: nameSchema };
const inProject = { entity: nameSchema, project: nameSchema };

export type ProjectItem = z.output<typeof projectSchema>;
export type ArtifactTypeItem = z.output<typeof artifactTypeSchema>;
export type CollectionItem = z.output<typeof collectionSchema>;
export type VersionItem = z.output<typeof versionSummarySchema>;
export type RemoteFileItem = z.output<typeof remoteFileSchema>;
export type RunItem = z.output<typeof runSchema>;

export const browse = {
  projects: invoke(
    'browse:projects',
    z.strictObject({ ...inEntity, ...pageRequestFields }),
    pageSchema(projectSchema),
  ),
  artifactTypes: invoke(
    'browse:artifact-types',
    z.strictObject({ ...inProject, ...pageRequestFields }),
    pageSchema(artifactTypeSchema),
  ),
  collections: invoke(
    'browse:collections',
    z.strictObject({ ...inProject, type: nameSchema, ...pageRequestFields }),
    pageSchema(collectionSchema),
  ),
  versions: invoke(
    'browse:versions',
    z.strictObject({
      ...inProject,
      type: nameSchema,
      collection: collectionNameSchema,
      ...pageRequestFields,
    }),
    pageSchema(versionSummarySchema),
  ),
  /** Files of one version, such as `v3` or `latest`. */
  versionFiles: invoke(
    'browse:version-files',
    z.strictObject({
      ...inProject,
      collection: collectionNameSchema,
      version: versionSchema,
      ...pageRequestFields,
    }),
    pageSchema(remoteFileSchema),
  ),
  runs: invoke(
    'browse:runs',
    z.strictObject({ ...inProject, ...pageRequestFields }),
    pageSchema(runSchema),
  ),
  runFiles: invoke(
    'browse:run-files',
    z.strictObject({ ...inProject, run: nameSchema, ...pageRequestFields }),
    pageSchema(remoteFileSchema),
  ),
} as const;
