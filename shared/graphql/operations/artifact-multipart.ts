// Fresh part URLs for a multipart upload that createArtifactFiles opened, so an upload can
// go on after its first URLs expire without sending finished parts again. The document
// matches wandb-core's `RefreshMultipartUploadUrls`
// (wandb/core/api/graphql/mutation_refresh_multipart_upload_urls.graphql). Servers that lack
// the mutation reject the document in validation, and the client then falls back to
// createArtifactFiles, which opens a new upload.
import type { UploadPartsInput } from './artifact-inputs';
import type { GraphQLId, Int64 } from './common';

export const refreshMultipartUploadUrlsMutation = /* GraphQL */ `
  mutation RefreshMultipartUploadUrls(
    $artifactID: ID!
    $uploadID: String!
    $storagePath: String!
    $uploadPartsInput: [UploadPartsInput!]!
  ) {
    refreshMultipartUploadUrls(
      input: {
        artifactID: $artifactID
        uploadID: $uploadID
        storagePath: $storagePath
        uploadPartsInput: $uploadPartsInput
      }
    ) {
      uploadUrlParts {
        partNumber
        uploadUrl
      }
    }
  }
`;

export interface RefreshMultipartUploadUrlsVariables {
  /** The artifact the upload belongs to, as in completeMultipartUploadArtifact. */
  artifactID: GraphQLId;
  /** The `uploadID` from the file's `uploadMultipartUrls`. */
  uploadID: string;
  /** The file's `storagePath` from createArtifactFiles. */
  storagePath: string;
  /** The parts that need new URLs, each with its 1-based number and hex MD5. */
  uploadPartsInput: UploadPartsInput[];
}

export interface RefreshMultipartUploadUrlsData {
  refreshMultipartUploadUrls: {
    /** One pre-signed PUT URL per requested part. Never log `uploadUrl`. */
    uploadUrlParts: { partNumber: Int64; uploadUrl: string }[] | null;
  } | null;
}
