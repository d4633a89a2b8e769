import { createHash, randomBytes } from 'node:crypto';

import {
  createArtifactFilesMutation,
  createArtifactManifestMutation,
  createArtifactMutation,
  type CreateArtifactData,
  type CreateArtifactFilesData,
  type CreateArtifactManifestData,
  type CreatedArtifactFileData,
} from '../../../shared/graphql/operations/index';
import type { GraphqlClient } from '../../support/graphql-client';
import { artifactDigest, md5Base64 } from '../../support/wandb-upload';

// The re-sign extension as a client sends it, and a pending artifact with one file whose
// upload the tests re-sign.

export const PROJECT = 'vision';

export const resignMutation = /* GraphQL */ `
  mutation Resign(
    $artifactID: ID!
    $storagePath: String!
    $uploadID: String!
    $partNumbers: [Int!]!
  ) {
    byobResignUploadParts(
      input: {
        artifactID: $artifactID
        storagePath: $storagePath
        uploadID: $uploadID
        partNumbers: $partNumbers
      }
    ) {
      uploadID
      uploadUrlParts {
        partNumber
        uploadUrl
      }
      expiresAt
    }
  }
`;

export interface ResignData {
  byobResignUploadParts: {
    uploadID: string;
    uploadUrlParts: { partNumber: number; uploadUrl: string }[];
    expiresAt: string;
  };
}

const hexMd5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** Creates a pending artifact with one file and returns the file's multipart upload. */
export async function openMultipartUpload(
  client: GraphqlClient,
  team: string,
  parts: Buffer[],
): Promise<{ artifactId: string; file: CreatedArtifactFileData }> {
  const whole = Buffer.concat(parts);
  const created = await client.ok<CreateArtifactData>(createArtifactMutation, {
    entityName: team,
    projectName: PROJECT,
    artifactTypeName: 'dataset',
    artifactCollectionName: 'large',
    digest: artifactDigest({ 'large.bin': whole }),
    clientID: randomBytes(16).toString('hex'),
    sequenceClientID: randomBytes(16).toString('hex'),
  });
  const artifactId = created.createArtifact!.artifact.id;

  const manifest = await client.ok<CreateArtifactManifestData>(createArtifactManifestMutation, {
    artifactID: artifactId,
    baseArtifactID: null,
    name: 'wandb_manifest.json',
    digest: '',
    entityName: team,
    projectName: PROJECT,
    runName: '',
    manifestType: 'FULL',
    includeUpload: false,
  });
  const files = await client.ok<CreateArtifactFilesData>(createArtifactFilesMutation, {
    storageLayout: 'V2',
    artifactFiles: [
      {
        artifactID: artifactId,
        name: 'large.bin',
        md5: md5Base64(whole),
        artifactManifestID: manifest.createArtifactManifest!.artifactManifest.id,
        uploadPartsInput: parts.map((part, index) => ({
          partNumber: index + 1,
          hexMD5: hexMd5(part),
        })),
      },
    ],
  });
  return { artifactId, file: files.createArtifactFiles!.files.edges[0]!.node! };
}
