// Scalar, enum and paging types shared by the operation modules.
//
// The names follow W&B's GraphQL schema as W&B's own SDK uses it, in the Go client
// (wandb/core/api/graphql) and the Python documents (wandb/tools/graphql_codegen).
//
// NOTE: Where W&B's operation documents and generated clients do not show whether a field can
// be null, the response types here declare it nullable, so callers handle both answers.

/** GraphQL `ID`: an opaque string that clients pass back unchanged. */
export type GraphQLId = string;

/** GraphQL `JSONString`: a JSON document encoded as a string, decoded with `JSON.parse`. */
export type JsonString = string;

/** GraphQL `DateTime`: an ISO 8601 timestamp string. */
export type DateTimeString = string;

/**
 * GraphQL `Int64`. JSON carries it as a number, so values above 2^53 - 1 lose precision.
 * Byte sizes below 8 PiB are exact.
 */
export type Int64 = number;

/** GraphQL `JSON`: any JSON value. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Lifecycle of an artifact version: PENDING until `commitArtifact`, then COMMITTED. */
export type ArtifactState = 'PENDING' | 'COMMITTED' | 'DELETED';

/** Kind of manifest being written. W&B's Python SDK sends FULL by default. */
export type ArtifactManifestType = 'FULL' | 'PATCH' | 'INCREMENTAL';

/** Object key layout of artifact files. W&B's SDK sends V2 unless WANDB_USE_V1_ARTIFACTS is set. */
export type ArtifactStorageLayout = 'V1' | 'V2';

/** The one action W&B defines for finishing a multipart upload (mixed case, as in the schema). */
export type CompleteMultipartAction = 'Complete';

/** Relay page information. `endCursor` is the `after` argument for the next page. */
export interface PageInfoData {
  endCursor: string | null;
  hasNextPage: boolean;
}

/** One edge of a Relay connection whose edges only carry a node. */
export interface NodeEdge<TNode> {
  node: TNode;
}

/** The connection shape most list fields return: page information and node edges. */
export interface NodeConnection<TNode> {
  pageInfo: PageInfoData;
  edges: NodeEdge<TNode>[];
}

/** Reference to a project by name, as the artifact fragments select it. */
export interface ProjectRefData {
  name: string;
  entity: { name: string };
}
