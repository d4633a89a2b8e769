// Folder walking and bandwidth limits for uploads: the walker streams the files a user
// dropped, and the token bucket caps the bytes per second that transfers send.

export { TokenBucket, ThrottleTransform, type TokenBucketOptions } from './bandwidth';
export { WalkError } from './skips';
export {
  DEFAULT_WALK_OPTIONS,
  WALK_SKIP_REASONS,
  WalkOptionError,
  type WalkEntry,
  type WalkOptions,
  type WalkSkip,
  type WalkSkipReason,
  type WalkSummary,
} from './types';
export { UploadWalk, walkUploadSources } from './walker';
