// Files of a run: list them page by page, get pre-signed upload URLs, mark uploads done.
// Selections match W&B's `GetRunFiles` (wandb/tools/graphql_codegen/api/files.graphql),
// `CreateRunFiles` and `MarkRunFilesUploaded` (wandb/core/api/graphql/).
import type { DateTimeString, GraphQLId, Int64, PageInfoData } from './common';

export const runFileFields = /* GraphQL */ `
  fragment RunFileFields on File {
    id
    name
    url(upload: $upload)
    directUrl
    sizeBytes
    mimetype
    updatedAt
    md5
  }
`;

export interface RunFileFieldsData {
  id: GraphQLId;
  /** Path of the file inside the run, with `/` separators. */
  name: string;
  /** Download URL, or a pre-signed upload URL when `upload` is true. */
  url: string | null;
  /** Pre-signed download URL straight to the bucket. Never log it. */
  directUrl: string;
  sizeBytes: Int64;
  mimetype: string | null;
  updatedAt: DateTimeString | null;
  /** Base64-encoded MD5 of the content. */
  md5: string | null;
}

// W&B's SDK declares `$fileNames` as `[String]` (nullable items), so a compatible server's
// `files(names:)` argument must accept that type. This document keeps it to test exactly that.
export const runFilesQuery = /* GraphQL */ `
  query ListRunFiles(
    $entity: String!
    $project: String!
    $run: String!
    $cursor: String
    $perPage: Int = 50
    $fileNames: [String] = []
    $upload: Boolean = false
    $pattern: String
  ) {
    project(name: $project, entityName: $entity) {
      internalId
      run(name: $run) {
        fileCount
        files(names: $fileNames, after: $cursor, first: $perPage, pattern: $pattern) {
          pageInfo {
            endCursor
            hasNextPage
          }
          edges {
            node {
              ...RunFileFields
            }
          }
        }
      }
    }
  }
  ${runFileFields}
`;

export interface RunFilesVariables {
  entity: string;
  project: string;
  /** Run name (W&B's "run id"). */
  run: string;
  cursor?: string | null;
  /** Page size, 50 when omitted. */
  perPage?: number | null;
  /** Exact file names to return, all files when empty. Do not combine with `pattern`. */
  fileNames?: (string | null)[] | null;
  /** Ask for pre-signed upload URLs in `url` instead of download URLs. */
  upload?: boolean | null;
  /** SQL LIKE pattern such as `%.json`. */
  pattern?: string | null;
}

export interface RunFilesData {
  project: {
    internalId: GraphQLId | null;
    run: {
      fileCount: number | null;
      files: {
        pageInfo: PageInfoData;
        edges: { node: RunFileFieldsData | null }[];
      } | null;
    } | null;
  } | null;
}

export const createRunFilesMutation = /* GraphQL */ `
  mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
    createRunFiles(
      input: { entityName: $entity, projectName: $project, runName: $run, files: $files }
    ) {
      runID
      uploadHeaders
      files {
        name
        uploadUrl
      }
    }
  }
`;

export interface CreateRunFilesVariables {
  entity: string;
  project: string;
  run: string;
  /** File paths inside the run to upload. */
  files: string[];
}

export interface CreateRunFilesData {
  createRunFiles: {
    /** Storage id of the run. W&B's SDK treats an empty value as "run or project not found". */
    runID: GraphQLId;
    /** Headers for every upload PUT, each as `Name:value`. */
    uploadHeaders: string[] | null;
    /** One pre-signed PUT URL per requested file. Never log `uploadUrl`. */
    files: { name: string; uploadUrl: string | null }[] | null;
  } | null;
}

export const markRunFilesUploadedMutation = /* GraphQL */ `
  mutation MarkRunFilesUploaded(
    $entity: String!
    $project: String!
    $run: String!
    $files: [String!]!
  ) {
    markRunFilesUploaded(
      input: { entityName: $entity, projectName: $project, runName: $run, files: $files }
    ) {
      success
    }
  }
`;

export type MarkRunFilesUploadedVariables = CreateRunFilesVariables;

export interface MarkRunFilesUploadedData {
  markRunFilesUploaded: { success: boolean | null } | null;
}
