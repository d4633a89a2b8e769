// Root types, scalars and the Relay connection parts shared by every other schema file.
// Field names and argument lists follow the operations W&B's SDK sends, so those
// documents validate unchanged; fields with no meaning here resolve to null.
export const baseTypeDefs = /* GraphQL */ `
  scalar JSON
  scalar JSONString
  scalar DateTime
  scalar Int64

  type PageInfo {
    startCursor: String
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
  }

  type Query {
    viewer(entityName: String): User
    serverInfo: ServerInfo
    entity(name: String!): Entity
    models(
      entityName: String
      after: String
      first: Int
      before: String
      last: Int
      order: String
      anonymous: Boolean
    ): ProjectConnection
    projects(
      entityName: String
      after: String
      first: Int
      before: String
      last: Int
      order: String
      anonymous: Boolean
    ): ProjectConnection
    project(name: String, entityName: String): Project
    model(name: String, entityName: String): Project
    artifact(id: ID!): Artifact
    artifactCollection(id: ID!): ArtifactCollection
    clientIDMapping(clientID: ID!): ClientIDMapping
  }

  type Mutation {
    upsertBucket(input: UpsertBucketInput!): UpsertBucketPayload
    createRunFiles(input: CreateRunFilesInput!): CreateRunFilesPayload
    markRunFilesUploaded(input: MarkRunFilesUploadedInput!): MarkRunFilesUploadedPayload
    createArtifactType(input: CreateArtifactTypeInput!): CreateArtifactTypePayload
    createArtifact(input: CreateArtifactInput!): CreateArtifactPayload
    createArtifactManifest(input: CreateArtifactManifestInput!): CreateArtifactManifestPayload
    updateArtifactManifest(input: UpdateArtifactManifestInput!): UpdateArtifactManifestPayload
    createArtifactFiles(input: CreateArtifactFilesInput!): CreateArtifactFilesPayload
    completeMultipartUploadArtifact(
      input: CompleteMultipartUploadArtifactInput!
    ): CompleteMultipartUploadArtifactPayload
    refreshMultipartUploadUrls(
      input: RefreshMultipartUploadUrlsInput!
    ): RefreshMultipartUploadUrlsPayload
    commitArtifact(input: CommitArtifactInput!): CommitArtifactPayload
    useArtifact(input: UseArtifactInput!): UseArtifactPayload
  }

  type ServerInfo {
    cliVersionInfo: JSON
    latestLocalVersionInfo: LocalVersionInfo
    features: [ServerFeature!]!
    availableBucketProviders: [String!]!
    isPublicServer: Boolean!
    frontendHost: String
  }

  type LocalVersionInfo {
    outOfDate: Boolean!
    latestVersionString: String!
    versionOnThisInstanceString: String!
  }

  type ServerFeature {
    name: String!
    description: String
    isEnabled: Boolean!
  }
`;
