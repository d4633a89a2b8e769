export const runTypeDefs = /* GraphQL */ `
  type Run {
    id: ID!
    name: String!
    displayName: String
    state: String
    description: String
    notes: String
    config: JSONString
    summaryMetrics: JSONString
    systemMetrics: JSONString
    tags: [String!]!
    group: String
    jobType: String
    commit: String
    host: String
    program: String
    sweepName: String
    readOnly: Boolean
    createdAt: DateTime!
    updatedAt: DateTime
    heartbeatAt: DateTime
    historyLineCount: Int
    historyKeys: JSON
    eventsLineCount: Int
    logLineCount: Int
    historyTail: String
    eventsTail: String
    stopped: Boolean
    wandbConfig(keys: [String!]): JSONString
    history(samples: Int): [String]
    events(samples: Int): [String]
    sampledHistory(specs: [JSONString!]!): [JSON]
    projectId: ID!
    project: Project
    user: User
    fileCount: Int!
    files(
      names: [String]
      after: String
      first: Int
      before: String
      last: Int
      pattern: String
    ): FileConnection
    inputArtifacts(after: String, first: Int): ArtifactConnection
    outputArtifacts(after: String, first: Int): ArtifactConnection
  }

  type RunConnection {
    totalCount: Int
    edges: [RunEdge!]!
    pageInfo: PageInfo!
  }

  type RunEdge {
    node: Run
    cursor: String!
  }

  input UpsertBucketInput {
    id: String
    name: String
    groupName: String
    modelName: String
    entityName: String
    description: String
    displayName: String
    notes: String
    commit: String
    config: JSONString
    host: String
    debug: Boolean
    jobProgram: String
    jobRepo: String
    jobType: String
    state: String
    sweep: String
    tags: [String!]
    summaryMetrics: JSONString
    clientMutationId: String
  }

  type UpsertBucketPayload {
    bucket: Run
    inserted: Boolean
    updateAvailable: Boolean
    clientMutationId: String
  }

  input CreateRunFilesInput {
    entityName: String!
    projectName: String!
    runName: String!
    files: [String!]!
    clientMutationId: String
  }

  type CreateRunFilesPayload {
    runID: ID!
    uploadHeaders: [String!]!
    files: [RunUploadFile!]!
    clientMutationId: String
  }

  type RunUploadFile {
    name: String!
    uploadUrl: String
  }

  input MarkRunFilesUploadedInput {
    entityName: String!
    projectName: String!
    runName: String!
    files: [String!]!
    clientMutationId: String
  }

  type MarkRunFilesUploadedPayload {
    success: Boolean!
    clientMutationId: String
  }

  type File {
    id: ID!
    name: String!
    displayName: String!
    url(upload: Boolean): String
    directUrl: String!
    sizeBytes: Int64!
    md5: String
    digest: String
    mimetype: String
    createdAt: DateTime
    updatedAt: DateTime
    storagePath: String
    storageBucket: String
    isReference: Boolean!
    uploadUrl: String
    uploadHeaders: [String!]!
    uploadMultipartUrls: UploadMultipartUrls
    artifact: Artifact
  }

  type UploadMultipartUrls {
    uploadID: String!
    uploadUrlParts: [UploadUrlPart!]!
  }

  type UploadUrlPart {
    partNumber: Int64!
    uploadUrl: String!
  }

  type FileConnection {
    totalCount: Int
    edges: [FileEdge!]!
    pageInfo: PageInfo!
  }

  type FileEdge {
    node: File
    cursor: String!
  }
`;
