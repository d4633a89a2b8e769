// Read-only artifact navigation: types of a project, collections of a type, versions of a
// collection, one version by name or id, and a version's files with pre-signed download URLs.
// Selections match W&B's ProjectArtifactTypes, ArtifactTypeArtifactCollections,
// ProjectArtifacts, ArtifactMembershipByName, GetArtifactMembershipFiles and ArtifactByID
// (wandb/tools/graphql_codegen/artifacts/), with `currentManifest` added to the by-id query
// as older SDKs select it.
import {
  artifactCollectionFields,
  artifactFileFields,
  artifactFragments,
  artifactMembershipFields,
  projectRefFields,
  tagFields,
} from './artifact-fragments';
import type {
  ArtifactCollectionFieldsData,
  ArtifactFieldsData,
  ArtifactFileFieldsData,
  ArtifactMembershipFieldsData,
} from './artifact-fragments';
import type { DateTimeString, GraphQLId, JsonString, NodeConnection, PageInfoData } from './common';

export const artifactTypesQuery = /* GraphQL */ `
  query ListArtifactTypes($entity: String!, $project: String!, $cursor: String, $perPage: Int) {
    project(name: $project, entityName: $entity) {
      artifactTypes(after: $cursor, first: $perPage) {
        edges {
          node {
            __typename
            id
            name
            description
            createdAt
          }
        }
        pageInfo {
          endCursor
          hasNextPage
        }
      }
    }
  }
`;

export interface ArtifactTypesVariables {
  entity: string;
  project: string;
  cursor?: string | null;
  perPage?: number | null;
}

export interface ArtifactTypeData {
  __typename: 'ArtifactType';
  id: GraphQLId;
  /** Type name such as `dataset` or `model`. */
  name: string;
  description: string | null;
  createdAt: DateTimeString;
}

export interface ArtifactTypesData {
  project: { artifactTypes: NodeConnection<ArtifactTypeData | null> } | null;
}

export const artifactCollectionsQuery = /* GraphQL */ `
  query ListArtifactCollections(
    $entity: String!
    $project: String!
    $type: String!
    $cursor: String
    $perPage: Int
  ) {
    project(name: $project, entityName: $entity) {
      artifactType(name: $type) {
        artifactCollections(after: $cursor, first: $perPage) {
          totalCount
          pageInfo {
            endCursor
            hasNextPage
          }
          edges {
            node {
              ...ArtifactCollectionFields
            }
          }
        }
      }
    }
  }
  ${artifactCollectionFields}
  ${projectRefFields}
  ${tagFields}
`;

export interface ArtifactCollectionsVariables {
  entity: string;
  project: string;
  /** Artifact type name. */
  type: string;
  cursor?: string | null;
  perPage?: number | null;
}

export interface ArtifactCollectionsData {
  project: {
    artifactType: {
      artifactCollections: {
        totalCount: number | null;
        pageInfo: PageInfoData;
        edges: { node: ArtifactCollectionFieldsData | null }[];
      } | null;
    } | null;
  } | null;
}

export const artifactVersionsQuery = /* GraphQL */ `
  query ListArtifactVersions(
    $entity: String!
    $project: String!
    $type: String!
    $collection: String!
    $cursor: String
    $perPage: Int = 50
    $order: String
    $filters: JSONString
    $includeAliases: Boolean = true
  ) {
    project(name: $project, entityName: $entity) {
      artifactType(name: $type) {
        artifactCollection(name: $collection) {
          __typename
          artifacts(after: $cursor, first: $perPage, order: $order, filters: $filters) {
            totalCount
            pageInfo {
              endCursor
              hasNextPage
            }
            edges {
              version
              node {
                ...ArtifactFields
              }
            }
          }
        }
      }
    }
  }
  ${artifactFragments}
`;

export interface ArtifactVersionsVariables {
  entity: string;
  project: string;
  type: string;
  /** Collection (sequence or portfolio) name. */
  collection: string;
  cursor?: string | null;
  /** Page size, 50 when omitted. */
  perPage?: number | null;
  order?: string | null;
  /** JSON-encoded filter. W&B's SDK sends `{"state":"COMMITTED"}` by default. */
  filters?: JsonString | null;
  /** Whether to select `aliases` on each version, true when omitted. */
  includeAliases?: boolean | null;
}

export interface ArtifactVersionsData {
  project: {
    artifactType: {
      artifactCollection: {
        __typename: 'ArtifactSequence' | 'ArtifactPortfolio';
        artifacts: {
          totalCount: number;
          pageInfo: PageInfoData;
          /** `version` is the version name within this collection, such as `v3`. */
          edges: { version: string; node: ArtifactFieldsData }[];
        } | null;
      } | null;
    } | null;
  } | null;
}

export const artifactMembershipQuery = /* GraphQL */ `
  query GetArtifactMembership(
    $entity: String!
    $project: String!
    $name: String!
    $includeAliases: Boolean = false
  ) {
    project(name: $project, entityName: $entity) {
      artifactCollectionMembership(name: $name) {
        ...ArtifactMembershipFields
      }
    }
  }
  ${artifactMembershipFields}
  ${artifactFragments}
`;

export interface ArtifactMembershipVariables {
  entity: string;
  project: string;
  /** `collection:alias`, for example `mnist:v3` or `mnist:latest`. */
  name: string;
  /** Whether to also select every alias of the source artifact, false when omitted. */
  includeAliases?: boolean | null;
}

export interface ArtifactMembershipData {
  project: { artifactCollectionMembership: ArtifactMembershipFieldsData | null } | null;
}

export const artifactMembershipFilesQuery = /* GraphQL */ `
  query ListArtifactMembershipFiles(
    $entity: String!
    $project: String!
    $collection: String!
    $alias: String!
    $fileNames: [String!]
    $cursor: String
    $perPage: Int = 50
  ) {
    project(name: $project, entityName: $entity) {
      artifactCollection(name: $collection) {
        __typename
        artifactMembership(aliasName: $alias) {
          files(names: $fileNames, after: $cursor, first: $perPage) {
            totalCount
            pageInfo {
              endCursor
              hasNextPage
            }
            edges {
              node {
                ...ArtifactFileFields
              }
            }
          }
        }
      }
    }
  }
  ${artifactFileFields}
`;

export interface ArtifactMembershipFilesVariables {
  entity: string;
  project: string;
  collection: string;
  /** Version (`v3`) or alias (`latest`) within the collection. */
  alias: string;
  /** Paths inside the artifact to return, all files when omitted. */
  fileNames?: string[] | null;
  cursor?: string | null;
  /** Page size, 50 when omitted. */
  perPage?: number | null;
}

export interface ArtifactMembershipFilesData {
  project: {
    artifactCollection: {
      __typename: 'ArtifactSequence' | 'ArtifactPortfolio';
      artifactMembership: {
        files: {
          totalCount: number | null;
          pageInfo: PageInfoData;
          edges: { node: ArtifactFileFieldsData | null }[];
        } | null;
      } | null;
    } | null;
  } | null;
}

export const artifactByIdQuery = /* GraphQL */ `
  query GetArtifact($id: ID!, $includeAliases: Boolean = true) {
    artifact(id: $id) {
      ...ArtifactFields
      currentManifest {
        file {
          directUrl
        }
      }
    }
  }
  ${artifactFragments}
`;

export interface ArtifactByIdVariables {
  id: GraphQLId;
  /** Whether to select `aliases`, true when omitted. */
  includeAliases?: boolean | null;
}

export interface ArtifactByIdData {
  artifact:
    | (ArtifactFieldsData & {
        /** Pre-signed URL of the manifest JSON. Never log it. */
        currentManifest: { file: { directUrl: string } } | null;
      })
    | null;
}
