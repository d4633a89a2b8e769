export const entityTypeDefs = /* GraphQL */ `
  type User {
    id: ID!
    name: String
    username: String
    email: String
    entity: String
    admin: Boolean
    flags: JSONString
    photoUrl: String
    createdAt: DateTime
    defaultEntity: Entity
    deletedAt: DateTime
    teams(first: Int, after: String): EntityConnection
    "The viewer's own keys, by prefix; other users' keys are never listed."
    apiKeys(first: Int, after: String): ApiKeyConnection
  }

  type ApiKey {
    id: ID!
    name: String!
    description: String
  }

  type ApiKeyConnection {
    edges: [ApiKeyEdge!]!
    pageInfo: PageInfo!
  }

  type ApiKeyEdge {
    node: ApiKey
    cursor: String!
  }

  type Entity {
    id: ID!
    name: String!
    isTeam: Boolean!
    entityType: String
    photoUrl: String
    available: Boolean
    readOnly: Boolean
    storageBytes: Int64
    defaultAccess: String
    createdAt: DateTime
    members: [Member!]!
    projects(first: Int, after: String, order: String): ProjectConnection
    storageBucketInfo: StorageBucketInfo
    readOnlyAdmin: Boolean
    privateOnly: Boolean
    codeSavingEnabled: Boolean
    isPaid: Boolean
    limits: JSONString
    xxhashDigestsEnabled: Boolean
    project(name: String): Project
  }

  "Where an entity's files live. Level INSTANCE is the instance-level bucket shared by teams."
  type StorageBucketInfo {
    provider: String!
    name: String!
    path: String
    level: String!
    kmsKeyID: String
    azureTenantID: String
    azureClientID: String
  }

  type Member {
    id: ID!
    name: String
    username: String
    email: String
    admin: Boolean
    role: String
    accountType: String
    pending: Boolean
    photoUrl: String
    "Always null: keys are stored only as hashes."
    apiKey: String
  }

  type EntityConnection {
    edges: [EntityEdge!]!
    pageInfo: PageInfo!
  }

  type EntityEdge {
    node: Entity
    cursor: String!
  }

  type Project {
    id: ID!
    internalId: ID!
    name: String!
    entityName: String!
    entity: Entity!
    description: String
    createdAt: DateTime!
    updatedAt: DateTime
    isBenchmark: Boolean!
    readOnly: Boolean
    access: String
    views: JSONString
    user: User
    runCount(filters: JSONString): Int!
    runs(
      filters: JSONString
      after: String
      first: Int
      before: String
      last: Int
      order: String
    ): RunConnection
    run(name: String!): Run
    bucket(name: String!, missingOk: Boolean): Run
    artifactTypes(after: String, first: Int, before: String, last: Int): ArtifactTypeConnection!
    artifactType(name: String!): ArtifactType
    artifactCollections(
      after: String
      first: Int
      filters: JSONString
      order: String
      collectionTypes: [ArtifactCollectionType!]
    ): ArtifactCollectionConnection
    artifactCollection(name: String!): ArtifactCollection
    artifactCollectionMembership(name: String!): ArtifactCollectionMembership
    artifact(name: String!): Artifact
    totalArtifacts: Int
    repo: String
    dockerImage: String
    totalSweeps: Int
    allowAllArtifactTypesInRegistry: Boolean!
  }

  type ProjectConnection {
    edges: [ProjectEdge!]!
    pageInfo: PageInfo!
  }

  type ProjectEdge {
    node: Project
    cursor: String!
  }
`;
