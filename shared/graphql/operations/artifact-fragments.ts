// Fragments shared by the artifact browsing operations, with the TypeScript shapes they
// produce. They follow the newest fragments in W&B's SDK
// (wandb/tools/graphql_codegen/artifacts/artifacts.graphql, artifact_collections.graphql,
// artifact_files.graphql and misc.graphql): ArtifactFragment, ArtifactCollectionFragment,
// ArtifactMembershipFragment, FileFragment and their parts.
//
// GraphQL rejects a document that spreads an undefined fragment or defines one twice, so
// each operation appends every fragment it spreads, directly or nested, exactly once.
// `artifactFragments` bundles ArtifactFields with everything it spreads.
import type {
  ArtifactState,
  DateTimeString,
  GraphQLId,
  Int64,
  JsonString,
  ProjectRefData,
} from './common';

export const projectRefFields = /* GraphQL */ `
  fragment ProjectRefFields on Project {
    name
    entity {
      name
    }
  }
`;

export const tagFields = /* GraphQL */ `
  fragment TagFields on Tag {
    __typename
    id
    name
  }
`;

export interface TagFieldsData {
  __typename: 'Tag';
  id: GraphQLId;
  name: string;
}

export const artifactAliasFields = /* GraphQL */ `
  fragment ArtifactAliasFields on ArtifactAlias {
    __typename
    id
    alias
  }
`;

export interface ArtifactAliasFieldsData {
  __typename: 'ArtifactAlias';
  id: GraphQLId;
  /** Alias text such as `latest` or `v3`. */
  alias: string;
}

/** Concrete types behind the ArtifactCollection interface. */
export type ArtifactCollectionTypename = 'ArtifactSequence' | 'ArtifactPortfolio';

export const collectionRefFields = /* GraphQL */ `
  fragment CollectionRefFields on ArtifactCollection {
    __typename
    name
    project {
      ...ProjectRefFields
    }
  }
`;

export interface CollectionRefFieldsData {
  __typename: ArtifactCollectionTypename;
  name: string;
  project: ProjectRefData | null;
}

/** Collection summary for lists. It spreads TagFields and ProjectRefFields. */
export const artifactCollectionFields = /* GraphQL */ `
  fragment ArtifactCollectionFields on ArtifactCollection {
    __typename
    id
    name
    description
    createdAt
    project {
      ...ProjectRefFields
    }
    defaultArtifactType {
      name
    }
    tags {
      edges {
        node {
          ...TagFields
        }
      }
    }
  }
`;

export interface ArtifactCollectionFieldsData {
  __typename: ArtifactCollectionTypename;
  id: GraphQLId;
  name: string;
  description: string | null;
  createdAt: DateTimeString;
  project: ProjectRefData | null;
  defaultArtifactType: { name: string };
  tags: { edges: { node: TagFieldsData }[] };
}

// Reads `$includeAliases`, so every operation that spreads it declares that variable.
export const artifactFields = /* GraphQL */ `
  fragment ArtifactFields on Artifact {
    __typename
    id
    artifactSequence {
      __typename
      name
      project {
        ...ProjectRefFields
      }
    }
    versionIndex
    artifactType {
      name
    }
    description
    metadata
    ttlDurationSeconds
    ttlIsInherited
    tags {
      ...TagFields
    }
    historyStep
    state
    size
    digest
    commitHash
    fileCount
    createdAt
    updatedAt
    aliases @include(if: $includeAliases) {
      ...ArtifactAliasFields
      artifactCollection {
        ...CollectionRefFields
      }
    }
  }
`;

/** ArtifactFields and every fragment it spreads, ready to append to an operation. */
export const artifactFragments = [
  artifactFields,
  artifactAliasFields,
  collectionRefFields,
  projectRefFields,
  tagFields,
].join('');

export interface ArtifactAliasWithCollectionData extends ArtifactAliasFieldsData {
  artifactCollection: CollectionRefFieldsData | null;
}

export interface ArtifactFieldsData {
  __typename: 'Artifact';
  id: GraphQLId;
  /** The collection the version was logged to (its source), never a portfolio. */
  artifactSequence: {
    __typename: 'ArtifactSequence';
    name: string;
    project: ProjectRefData | null;
  };
  /** Version number within the source sequence: 3 for `v3`. */
  versionIndex: number | null;
  artifactType: { name: string };
  description: string | null;
  metadata: JsonString | null;
  /** Seconds until deletion. A value of 0 or less means no TTL. */
  ttlDurationSeconds: Int64 | null;
  ttlIsInherited: boolean | null;
  tags: TagFieldsData[] | null;
  historyStep: Int64 | null;
  state: ArtifactState;
  /** Total bytes of all files. */
  size: Int64;
  /** Digest of the manifest (W&B's MANIFEST_MD5 algorithm). */
  digest: string;
  commitHash: string | null;
  fileCount: Int64;
  createdAt: DateTimeString;
  updatedAt: DateTimeString | null;
  /** Absent when the operation ran with `includeAliases: false`. */
  aliases?: ArtifactAliasWithCollectionData[] | null;
}

/** One version as a member of a collection. It spreads ArtifactFields. */
export const artifactMembershipFields = /* GraphQL */ `
  fragment ArtifactMembershipFields on ArtifactCollectionMembership {
    __typename
    id
    versionIndex
    aliases {
      ...ArtifactAliasFields
    }
    artifactCollection {
      ...CollectionRefFields
    }
    artifact {
      ...ArtifactFields
    }
  }
`;

export interface ArtifactMembershipFieldsData {
  __typename: 'ArtifactCollectionMembership';
  id: GraphQLId;
  versionIndex: number | null;
  /** Aliases of this membership only, unlike `artifact.aliases`. */
  aliases: ArtifactAliasFieldsData[];
  artifactCollection: CollectionRefFieldsData | null;
  artifact: ArtifactFieldsData | null;
}

export const artifactFileFields = /* GraphQL */ `
  fragment ArtifactFileFields on File {
    __typename
    id
    name: displayName
    url
    sizeBytes
    storagePath
    mimetype
    updatedAt
    digest
    md5
    directUrl
  }
`;

export interface ArtifactFileFieldsData {
  __typename: 'File';
  id: GraphQLId;
  /** Path inside the artifact (the schema's `displayName`). */
  name: string;
  url: string | null;
  sizeBytes: Int64;
  /** Path of the object in the bucket. */
  storagePath: string | null;
  mimetype: string | null;
  updatedAt: DateTimeString | null;
  digest: string | null;
  /** Base64-encoded MD5 of the content. */
  md5: string | null;
  /** Pre-signed download URL straight to the bucket. Never log it. */
  directUrl: string;
}
