// Input object types the artifact upload mutations pass, as W&B's schema defines them
// (field names and nullability from wandb-core's generated Go client,
// wandb/core/internal/gql/gql_gen.go).
import type { GraphQLId, Int64, JsonString } from './common';

/** Alias to set on the new version, in the collection named here. */
export interface ArtifactAliasInput {
  artifactCollectionName: string;
  alias: string;
}

export interface TagInput {
  tagName: string;
  tagCategoryName?: string | null;
  attributes?: JsonString | null;
}

/** One uploaded part: its 1-based number and the hex MD5 of its bytes. */
export interface UploadPartsInput {
  partNumber: Int64;
  hexMD5: string;
}

export interface CreateArtifactFileSpecInput {
  artifactID: GraphQLId;
  /** Path of the file inside the artifact. */
  name: string;
  /** Base64-encoded MD5 of the whole file. */
  md5: string;
  mimetype?: string | null;
  artifactManifestID?: GraphQLId | null;
  /** Present for a multipart upload: one entry per part, so the server can sign each part. */
  uploadPartsInput?: UploadPartsInput[] | null;
}
