// Typed client for the W&B GraphQL API, as served by W&B and by byob-platform.
export { PlatformClient } from './platform-client';
export type { PlatformClientOptions, RequestOptions } from './core-client';
export type {
  ArtifactVersionListOptions,
  PageOptions,
  RunFileListOptions,
  RunListOptions,
} from './browse-client';
export type { ArtifactVersionEdge, IterateOptions } from './iterating-client';
export { PlatformRequestError, isPlatformRequestError } from './errors';
export type { PlatformErrorCode, PlatformRequestErrorDetails, ServerReason } from './errors';
export { DEFAULT_GRAPHQL_RETRY } from './retry';
export type { GraphqlRetryOptions, RetryEvent } from './retry';
export { ArtifactFileBatcher } from './batcher';
export type { ArtifactFileBatcherOptions } from './batcher';
export { DEFAULT_PAGE_SIZE } from './paging';
