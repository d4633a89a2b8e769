export const artifactMutationTypeDefs = /* GraphQL */ `
  input ArtifactAliasInput {
    artifactCollectionName: String!
    alias: String!
  }

  input TagInput {
    tagName: String!
    tagCategoryName: String
    attributes: JSONString
  }

  input CreateArtifactTypeInput {
    entityName: String!
    projectName: String!
    name: String!
    description: String
    clientMutationId: String
  }

  type CreateArtifactTypePayload {
    artifactType: ArtifactType!
    clientMutationId: String
  }

  input CreateArtifactInput {
    entityName: String!
    projectName: String!
    artifactTypeName: String!
    artifactCollectionName: String
    artifactCollectionNames: [String!]
    runName: String
    digest: String!
    digestAlgorithm: ArtifactDigestAlgorithm!
    description: String
    labels: JSONString
    aliases: [ArtifactAliasInput!]
    tags: [TagInput!]
    metadata: JSONString
    ttlDurationSeconds: Int64
    historyStep: Int64
    enableDigestDeduplication: Boolean
    distributedID: String
    clientID: ID
    sequenceClientID: ID
    storageRegion: String
    clientMutationId: String
  }

  type CreateArtifactPayload {
    artifact: Artifact!
    clientMutationId: String
  }

  input CreateArtifactManifestInput {
    artifactID: ID!
    baseArtifactID: ID
    name: String!
    digest: String!
    entityName: String!
    projectName: String!
    runName: String
    type: ArtifactManifestType
    includeUpload: Boolean
    clientMutationId: String
  }

  type CreateArtifactManifestPayload {
    artifactManifest: ArtifactManifest!
    clientMutationId: String
  }

  input UpdateArtifactManifestInput {
    artifactManifestID: ID!
    digest: String
    baseArtifactID: ID
    clientMutationId: String
  }

  type UpdateArtifactManifestPayload {
    artifactManifest: ArtifactManifest!
    clientMutationId: String
  }

  input UploadPartsInput {
    partNumber: Int64!
    hexMD5: String!
  }

  input CreateArtifactFileSpecInput {
    artifactID: ID!
    name: String!
    md5: String!
    mimetype: String
    artifactManifestID: ID
    uploadPartsInput: [UploadPartsInput!]
  }

  input CreateArtifactFilesInput {
    artifactFiles: [CreateArtifactFileSpecInput!]!
    storageLayout: ArtifactStorageLayout!
    clientMutationId: String
  }

  type CreateArtifactFilesPayload {
    files: FileConnection!
    clientMutationId: String
  }

  "Abort is this platform's extension: it cancels the upload on the provider. W&B's SDK sends only Complete."
  enum CompleteMultipartAction {
    Complete
    Abort
  }

  input CompleteMultipartUploadArtifactInput {
    completeMultipartAction: CompleteMultipartAction!
    completedParts: [UploadPartsInput!]!
    artifactID: ID!
    storagePath: String!
    uploadID: String!
    clientMutationId: String
  }

  type CompleteMultipartUploadArtifactPayload {
    digest: String
    clientMutationId: String
  }

  input RefreshMultipartUploadUrlsInput {
    artifactID: ID!
    storagePath: String!
    uploadID: String!
    "The parts to sign; only partNumber is used."
    uploadPartsInput: [UploadPartsInput!]!
    clientMutationId: String
  }

  type RefreshMultipartUploadUrlsPayload {
    uploadUrlParts: [UploadUrlPart!]!
    clientMutationId: String
  }

  input CommitArtifactInput {
    artifactID: ID!
    clientMutationId: String
  }

  type CommitArtifactPayload {
    artifact: Artifact!
    clientMutationId: String
  }

  input UseArtifactInput {
    entityName: String!
    projectName: String!
    runName: String!
    artifactID: ID!
    usedAs: String
    artifactEntityName: String
    artifactProjectName: String
    clientMutationId: String
  }

  type UseArtifactPayload {
    artifact: Artifact!
    clientMutationId: String
  }
`;
