// The manifest step of logging an artifact version: CreateArtifactManifest for a new
// manifest, UpdateArtifactManifest to change one, each returning a pre-signed PUT URL for the
// manifest JSON. Variables and selections match wandb-core's documents
// (wandb/core/api/graphql/mutation_create_artifact_manifest.graphql and
// mutation_update_artifact_manifest.graphql) plus the file `name` and `displayName` that the
// Python SDK (wandb/sdk/internal/internal_api.py) also selects.
import type { ArtifactManifestType, GraphQLId } from './common';

// The manifest file's upload URL and headers are only selected when `$includeUpload` is
// true, so a caller that does not upload the manifest does not get a URL minted.
const manifestSelection = /* GraphQL */ `
  artifactManifest {
    id
    file {
      id
      name
      displayName
      uploadUrl @include(if: $includeUpload)
      uploadHeaders @include(if: $includeUpload)
    }
  }
`;

export const createArtifactManifestMutation = /* GraphQL */ `
  mutation CreateArtifactManifest(
    $artifactID: ID!
    $baseArtifactID: ID
    $name: String!
    $digest: String!
    $entityName: String!
    $projectName: String!
    $runName: String!
    $manifestType: ArtifactManifestType!
    $includeUpload: Boolean!
  ) {
    createArtifactManifest(
      input: {
        artifactID: $artifactID
        baseArtifactID: $baseArtifactID
        name: $name
        digest: $digest
        entityName: $entityName
        projectName: $projectName
        runName: $runName
        type: $manifestType
      }
    ) {
      ${manifestSelection}
    }
  }
`;

export interface CreateArtifactManifestVariables {
  artifactID: GraphQLId;
  /** Version a PATCH or INCREMENTAL manifest builds on. */
  baseArtifactID?: GraphQLId | null;
  /** File name of the manifest inside the artifact. */
  name: string;
  digest: string;
  entityName: string;
  projectName: string;
  runName: string;
  manifestType: ArtifactManifestType;
  includeUpload: boolean;
}

export interface ArtifactManifestPayloadData {
  artifactManifest: {
    id: GraphQLId;
    file: {
      id: GraphQLId;
      name: string;
      displayName: string;
      /** Present only when `includeUpload` was true. Never log it. */
      uploadUrl?: string | null;
      uploadHeaders?: string[] | null;
    };
  };
}

export interface CreateArtifactManifestData {
  createArtifactManifest: ArtifactManifestPayloadData | null;
}

export const updateArtifactManifestMutation = /* GraphQL */ `
  mutation UpdateArtifactManifest(
    $artifactManifestID: ID!
    $digest: String
    $baseArtifactID: ID
    $includeUpload: Boolean!
  ) {
    updateArtifactManifest(
      input: {
        artifactManifestID: $artifactManifestID
        digest: $digest
        baseArtifactID: $baseArtifactID
      }
    ) {
      ${manifestSelection}
    }
  }
`;

export interface UpdateArtifactManifestVariables {
  artifactManifestID: GraphQLId;
  digest?: string | null;
  baseArtifactID?: GraphQLId | null;
  includeUpload: boolean;
}

export interface UpdateArtifactManifestData {
  updateArtifactManifest: ArtifactManifestPayloadData | null;
}
