// Public types of the hashing pool. W&B needs two MD5 forms per file: the whole file's MD5
// in base64 (createArtifactFiles and the manifest) and, for a multipart upload, each part's
// MD5 in lowercase hex (uploadPartsInput). Both come from one sequential read of the file.

/** One byte range of a file, as the caller plans its parts. */
export interface PartRange {
  /** First byte of the part, counted from the start of the file. */
  offset: number;
  /** Number of bytes in the part; at least 1. */
  length: number;
}

/** How to split a file into parts. Omit both fields to hash the whole file only. */
export interface PartLayout {
  /** Size of every part in bytes except the last, which contains the remainder. */
  partSize?: number;
  /** Explicit ranges in ascending order without overlaps; gaps between them are allowed. */
  ranges?: readonly PartRange[];
}

/** Digests of one part. */
export interface PartHash {
  /** 0-based position of the part in the layout, as the engine counts parts. */
  index: number;
  /** 1-based part number, as the providers' multipart APIs count parts. */
  partNumber: number;
  offset: number;
  length: number;
  md5Hex: string;
  md5Base64: string;
}

/** Digests of one file, together with the fingerprint the bytes were read under. */
export interface FileHashResult {
  /** Size in bytes when the read started; unchanged when it finished. */
  size: number;
  /** Modification time in milliseconds since the Unix epoch, truncated to whole ms. */
  mtimeMs: number;
  md5Base64: string;
  md5Hex: string;
  /** Empty when the layout has no parts or the file is empty. */
  parts: PartHash[];
}

/** Progress of one file, reported at a bounded rate while its bytes are hashed. */
export interface HashProgress {
  path: string;
  bytesHashed: number;
  size: number;
}

/** Per-file options of `HashPool.hash`. */
export interface HashFileOptions extends PartLayout {
  /** Stops the read and rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Called at most once per progress interval, plus once when the last byte is hashed. */
  onProgress?: (progress: HashProgress) => void;
}
