// Logging a new artifact version. CreateArtifact opens a PENDING version and CommitArtifact
// closes it. In between, CreateArtifactFiles returns pre-signed PUT or multipart URLs per
// file, CompleteMultipartUploadArtifact finishes each multipart file, and
// CreateArtifactManifest or UpdateArtifactManifest returns the manifest's PUT URL.
// Selections and variables match wandb-core's documents in wandb/core/api/graphql/, and
// where the Python SDK (wandb/sdk/internal/internal_api.py) selects more, the extra fields
// are included too. The manifest mutations and the input types live in their own modules and
// are re-exported here, so this module covers the whole flow.
import type {
  ArtifactAliasInput,
  CreateArtifactFileSpecInput,
  TagInput,
  UploadPartsInput,
} from './artifact-inputs';
import type {
  ArtifactState,
  ArtifactStorageLayout,
  CompleteMultipartAction,
  GraphQLId,
  Int64,
  JsonString,
} from './common';

export * from './artifact-manifests';
export type * from './artifact-inputs';

// digestAlgorithm and enableDigestDeduplication are fixed, as wandb-core sends them.
export const createArtifactMutation = /* GraphQL */ `
  mutation CreateArtifact(
    $entityName: String!
    $projectName: String!
    $artifactTypeName: String!
    $artifactCollectionName: String!
    $runName: String
    $digest: String!
    $description: String
    $aliases: [ArtifactAliasInput!]
    $tags: [TagInput!]
    $metadata: JSONString
    $ttlDurationSeconds: Int64
    $historyStep: Int64
    $distributedID: String
    $clientID: ID!
    $sequenceClientID: ID!
  ) {
    createArtifact(
      input: {
        entityName: $entityName
        projectName: $projectName
        artifactTypeName: $artifactTypeName
        artifactCollectionName: $artifactCollectionName
        runName: $runName
        digest: $digest
        digestAlgorithm: MANIFEST_MD5
        description: $description
        aliases: $aliases
        tags: $tags
        metadata: $metadata
        ttlDurationSeconds: $ttlDurationSeconds
        historyStep: $historyStep
        enableDigestDeduplication: true
        distributedID: $distributedID
        clientID: $clientID
        sequenceClientID: $sequenceClientID
      }
    ) {
      artifact {
        id
        state
        artifactSequence {
          id
          latestArtifact {
            id
            versionIndex
          }
        }
      }
    }
  }
`;

export interface CreateArtifactVariables {
  entityName: string;
  projectName: string;
  artifactTypeName: string;
  /** Name of the sequence (collection) that receives the version. */
  artifactCollectionName: string;
  runName?: string | null;
  /** Digest of the manifest (MANIFEST_MD5). */
  digest: string;
  description?: string | null;
  aliases?: ArtifactAliasInput[] | null;
  tags?: TagInput[] | null;
  metadata?: JsonString | null;
  ttlDurationSeconds?: Int64 | null;
  historyStep?: Int64 | null;
  distributedID?: string | null;
  /** Random id the client generates for this version. */
  clientID: GraphQLId;
  /** Random id the client generates for the sequence. */
  sequenceClientID: GraphQLId;
}

export interface CreateArtifactData {
  createArtifact: {
    artifact: {
      id: GraphQLId;
      /** PENDING for a new version, but digest deduplication may return a COMMITTED one. */
      state: ArtifactState;
      artifactSequence: {
        id: GraphQLId;
        latestArtifact: { id: GraphQLId; versionIndex: number | null } | null;
      };
    };
  } | null;
}

export const createArtifactFilesMutation = /* GraphQL */ `
  mutation CreateArtifactFiles(
    $artifactFiles: [CreateArtifactFileSpecInput!]!
    $storageLayout: ArtifactStorageLayout!
  ) {
    createArtifactFiles(input: { artifactFiles: $artifactFiles, storageLayout: $storageLayout }) {
      files {
        edges {
          node {
            id
            name
            displayName
            storagePath
            uploadUrl
            uploadHeaders
            uploadMultipartUrls {
              uploadID
              uploadUrlParts {
                partNumber
                uploadUrl
              }
            }
            artifact {
              id
            }
          }
        }
      }
    }
  }
`;

export interface CreateArtifactFilesVariables {
  artifactFiles: CreateArtifactFileSpecInput[];
  storageLayout: ArtifactStorageLayout;
}

/** Upload target of one file. Never log `uploadUrl` or the part URLs, because they grant access. */
export interface CreatedArtifactFileData {
  id: GraphQLId;
  name: string;
  displayName: string;
  storagePath: string | null;
  /** Single PUT URL. A multipart upload uses `uploadMultipartUrls` instead. */
  uploadUrl: string | null;
  /** Headers for the PUT, each as `Name:value`. */
  uploadHeaders: string[] | null;
  uploadMultipartUrls: {
    uploadID: string;
    uploadUrlParts: { partNumber: Int64; uploadUrl: string }[] | null;
  } | null;
  artifact: { id: GraphQLId } | null;
}

export interface CreateArtifactFilesData {
  createArtifactFiles: {
    files: { edges: { node: CreatedArtifactFileData | null }[] };
  } | null;
}

export const completeMultipartUploadArtifactMutation = /* GraphQL */ `
  mutation CompleteMultipartUploadArtifact(
    $completeMultipartAction: CompleteMultipartAction!
    $completedParts: [UploadPartsInput!]!
    $artifactID: ID!
    $storagePath: String!
    $uploadID: String!
  ) {
    completeMultipartUploadArtifact(
      input: {
        completeMultipartAction: $completeMultipartAction
        completedParts: $completedParts
        artifactID: $artifactID
        storagePath: $storagePath
        uploadID: $uploadID
      }
    ) {
      digest
    }
  }
`;

export interface CompleteMultipartUploadArtifactVariables {
  completeMultipartAction: CompleteMultipartAction;
  completedParts: UploadPartsInput[];
  artifactID: GraphQLId;
  storagePath: string;
  uploadID: string;
}

export interface CompleteMultipartUploadArtifactData {
  completeMultipartUploadArtifact: { digest: string | null } | null;
}

export const commitArtifactMutation = /* GraphQL */ `
  mutation CommitArtifact($artifactID: ID!) {
    commitArtifact(input: { artifactID: $artifactID }) {
      artifact {
        id
        digest
      }
    }
  }
`;

export interface CommitArtifactVariables {
  artifactID: GraphQLId;
}

export interface CommitArtifactData {
  commitArtifact: { artifact: { id: GraphQLId; digest: string } } | null;
}
