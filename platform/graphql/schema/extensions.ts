// Operations this platform adds to W&B's API. Each name starts with `byob` so it cannot clash
// with a W&B operation, and each is advertised in `serverInfo.features`, so a client checks
// for it there and falls back to W&B's own operations on servers that lack it.
export const extensionTypeDefs = /* GraphQL */ `
  extend type Mutation {
    """
    byob-platform extension (feature BYOB_RESIGN_UPLOAD_PARTS): mints fresh part URLs for a
    multipart upload that createArtifactFiles opened, so a client can finish it after the
    first URLs expire without uploading the finished parts again. Azure buckets have no
    multipart uploads; request a new upload URL with createArtifactFiles there.
    """
    byobResignUploadParts(input: ByobResignUploadPartsInput!): ByobResignUploadPartsPayload
  }

  input ByobResignUploadPartsInput {
    "The artifact the upload belongs to, as in completeMultipartUploadArtifact."
    artifactID: ID!
    "The file's storagePath from createArtifactFiles."
    storagePath: String!
    "The uploadID from the file's uploadMultipartUrls."
    uploadID: String!
    "Parts to sign, each 1 to 10,000; usually the parts not uploaded yet."
    partNumbers: [Int!]!
    clientMutationId: String
  }

  type ByobResignUploadPartsPayload {
    uploadID: String!
    uploadUrlParts: [UploadUrlPart!]!
    "When the new part URLs stop working."
    expiresAt: DateTime!
    clientMutationId: String
  }
`;
