// File hashing for the transfer engine: whole-file and per-part MD5 digests computed in
// worker threads.

export { HashError, type HashErrorCode } from './errors';
export { HashPool, type HashPoolStats } from './pool';
export type { OrderedHash } from './ordered-hash';
export type { HashPoolOptions } from './pool-options';
export type {
  FileHashResult,
  HashFileOptions,
  HashProgress,
  PartHash,
  PartLayout,
  PartRange,
} from './types';
