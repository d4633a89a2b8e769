export const artifactTypeDefs = /* GraphQL */ `
  enum ArtifactState {
    PENDING
    COMMITTED
    DELETED
  }

  enum ArtifactDigestAlgorithm {
    MANIFEST_MD5
  }

  enum ArtifactStorageLayout {
    V1
    V2
  }

  enum ArtifactManifestType {
    FULL
    INCREMENTAL
    PATCH
  }

  enum ArtifactCollectionType {
    SEQUENCE
    PORTFOLIO
  }

  enum ArtifactCollectionState {
    READY
    DELETED
  }

  type ArtifactType {
    id: ID!
    name: String!
    description: String
    createdAt: DateTime!
    project: Project
    artifactCollections(
      after: String
      first: Int
      filters: JSONString
      order: String
      collectionTypes: [ArtifactCollectionType!]
    ): ArtifactCollectionConnection
    artifactSequences(after: String, first: Int): ArtifactCollectionConnection
    artifactCollection(name: String!): ArtifactCollection
    artifactSequence(name: String!): ArtifactSequence
    artifact(name: String!): Artifact
  }

  type ArtifactTypeConnection {
    edges: [ArtifactTypeEdge!]!
    pageInfo: PageInfo!
  }

  type ArtifactTypeEdge {
    node: ArtifactType
    cursor: String!
  }

  interface ArtifactCollection {
    id: ID!
    name: String!
    description: String
    createdAt: DateTime!
    updatedAt: DateTime
    state: ArtifactCollectionState!
    project: Project
    defaultArtifactType: ArtifactType!
    artifacts(
      after: String
      first: Int
      order: String
      filters: JSONString
    ): VersionedArtifactConnection
    artifactMembership(aliasName: String!): ArtifactCollectionMembership
    artifactMemberships(after: String, first: Int): ArtifactCollectionMembershipConnection
    aliases(after: String, first: Int): ArtifactAliasConnection!
    tags(after: String, first: Int): TagConnection!
  }

  type ArtifactSequence implements ArtifactCollection {
    id: ID!
    name: String!
    description: String
    createdAt: DateTime!
    updatedAt: DateTime
    state: ArtifactCollectionState!
    project: Project
    defaultArtifactType: ArtifactType!
    artifacts(
      after: String
      first: Int
      order: String
      filters: JSONString
    ): VersionedArtifactConnection
    artifactMembership(aliasName: String!): ArtifactCollectionMembership
    artifactMemberships(after: String, first: Int): ArtifactCollectionMembershipConnection
    aliases(after: String, first: Int): ArtifactAliasConnection!
    tags(after: String, first: Int): TagConnection!
    latestArtifact: Artifact
  }

  "A linked collection. This platform never creates one; the type exists so W&B's fragments validate."
  type ArtifactPortfolio implements ArtifactCollection {
    id: ID!
    name: String!
    description: String
    createdAt: DateTime!
    updatedAt: DateTime
    state: ArtifactCollectionState!
    project: Project
    defaultArtifactType: ArtifactType!
    artifacts(
      after: String
      first: Int
      order: String
      filters: JSONString
    ): VersionedArtifactConnection
    artifactMembership(aliasName: String!): ArtifactCollectionMembership
    artifactMemberships(after: String, first: Int): ArtifactCollectionMembershipConnection
    aliases(after: String, first: Int): ArtifactAliasConnection!
    tags(after: String, first: Int): TagConnection!
  }

  type ArtifactCollectionConnection {
    totalCount: Int!
    edges: [ArtifactCollectionEdge!]!
    pageInfo: PageInfo!
  }

  type ArtifactCollectionEdge {
    node: ArtifactCollection
    cursor: String!
  }

  union Initiator = Run | User

  type Artifact {
    id: ID!
    digest: String!
    state: ArtifactState!
    description: String
    metadata: JSONString
    size: Int64!
    fileCount: Int64!
    commitHash(artifactCollectionName: String): String
    versionIndex: Int
    createdAt: DateTime!
    updatedAt: DateTime
    ttlDurationSeconds: Int64
    ttlIsInherited: Boolean
    historyStep: Int64
    storageRegion: String
    labels: JSONString
    aliases(artifactCollectionName: String): [ArtifactAlias!]!
    tags: [Tag!]!
    artifactType: ArtifactType!
    artifactSequence: ArtifactSequence!
    artifactCollection: ArtifactCollection
    artifactCollections(after: String, first: Int): ArtifactCollectionConnection
    artifactMemberships(after: String, first: Int): ArtifactCollectionMembershipConnection
    currentManifest: ArtifactManifest
    createdBy: Initiator
    files(names: [String!], after: String, first: Int): FileConnection
    filesByManifestEntries(
      storageLayout: String!
      manifestVersion: String!
      entries: [ArtifactManifestEntryInput!]
      storageRegion: String
      after: String
      first: Int
    ): FileConnection
  }

  input ArtifactManifestEntryInput {
    name: String!
    digest: String!
    birthArtifactID: String
    ref: String
    size: Int64
  }

  "Maps the random id a client chose (createArtifact clientID or sequenceClientID) to the server's id."
  type ClientIDMapping {
    serverID: String!
  }

  type ArtifactConnection {
    totalCount: Int!
    edges: [ArtifactEdge!]!
    pageInfo: PageInfo!
  }

  type ArtifactEdge {
    node: Artifact
    cursor: String!
  }

  type VersionedArtifactConnection {
    totalCount: Int!
    edges: [VersionedArtifactEdge!]!
    pageInfo: PageInfo!
  }

  type VersionedArtifactEdge {
    node: Artifact!
    version: String!
    cursor: String!
  }

  type ArtifactCollectionMembership {
    id: ID!
    versionIndex: Int
    createdAt: DateTime!
    commitHash: String
    aliases: [ArtifactAlias!]!
    artifact: Artifact
    artifactCollection: ArtifactCollection
    files(names: [String!], after: String, first: Int): FileConnection
  }

  type ArtifactCollectionMembershipConnection {
    totalCount: Int!
    edges: [ArtifactCollectionMembershipEdge!]!
    pageInfo: PageInfo!
  }

  type ArtifactCollectionMembershipEdge {
    node: ArtifactCollectionMembership
    cursor: String!
  }

  type ArtifactAlias {
    id: ID!
    alias: String!
    artifact: Artifact
    artifactCollection: ArtifactCollection
    artifactCollectionName: String!
  }

  type ArtifactAliasConnection {
    edges: [ArtifactAliasEdge!]!
    pageInfo: PageInfo!
  }

  type ArtifactAliasEdge {
    node: ArtifactAlias
    cursor: String!
  }

  type Tag {
    id: ID!
    name: String!
    tagCategoryName: String
    attributes: JSONString
  }

  type TagConnection {
    edges: [TagEdge!]!
    pageInfo: PageInfo!
  }

  type TagEdge {
    node: Tag
    cursor: String!
  }

  type ArtifactManifest {
    id: ID!
    type: ArtifactManifestType!
    createdAt: DateTime!
    digest: String!
    artifact: Artifact
    file: File!
  }
`;
