// The contract every bucket provider implements. The platform keeps the bucket credentials and
// hands clients only pre-signed URLs. It never reads or writes file bytes except the small
// manifest and validation objects, which stay in memory.

/** A URL that lets a client write one object, and the headers it must send with it. */
export interface SignedUpload {
  url: string;
  /** W&B's `uploadHeaders` form: `"Key:Value"` strings. */
  headers: string[];
  expiresAt: Date;
}

/** Pre-signed URLs for the parts of one multipart upload (S3 and GCS XML API). */
export interface SignedMultipartUpload {
  uploadId: string;
  parts: { partNumber: number; url: string }[];
  expiresAt: Date;
}

export interface ObjectInfo {
  size: number;
  /** Base64 MD5 of the content when the store keeps one (Azure Content-MD5, S3 single-PUT ETag). */
  md5Base64: string | null;
}

export interface CompletedPart {
  partNumber: number;
  /** The receipt exactly as the store returned it (an S3 ETag keeps its quotes). */
  etag: string;
}

/** The user a URL is minted for; S3 and GCS sign the name into the URL as `X-User`. */
export interface SigningContext {
  username: string;
}

export interface StorageProvider {
  /** Provider kind as shown to users: `s3`, `gcs` or `azure`. */
  readonly kind: 's3' | 'gcs' | 'azure';
  /** Bucket (S3, GCS) or container (Azure) name. */
  readonly bucket: string;
  /** True when the provider returns `uploadMultipartUrls` for large files; Azure stages blocks on one SAS URL instead. */
  readonly supportsMultipart: boolean;

  signUpload(
    path: string,
    options: { md5Base64: string | null; contentType?: string },
    context: SigningContext,
  ): Promise<SignedUpload>;
  signDownload(path: string, context: SigningContext): Promise<{ url: string; expiresAt: Date }>;

  createMultipartUpload(path: string, context: SigningContext): Promise<string>;
  signUploadParts(
    path: string,
    uploadId: string,
    partNumbers: number[],
    context: SigningContext,
  ): Promise<SignedMultipartUpload>;
  completeMultipartUpload(path: string, uploadId: string, parts: CompletedPart[]): Promise<string>;
  abortMultipartUpload(path: string, uploadId: string): Promise<void>;

  /**
   * Makes one cheap authenticated request to the bucket itself and throws a StorageError
   * when the bucket is missing, the credentials are rejected or the endpoint is unreachable.
   */
  checkAccess(): Promise<void>;
  /** Returns the object's size and stored MD5, or null when it does not exist. */
  stat(path: string): Promise<ObjectInfo | null>;
  /** Reads a small object (a manifest) into memory. Never used for user file bytes. */
  readSmallObject(path: string, maxBytes: number): Promise<Buffer>;
  putSmallObject(path: string, body: Buffer): Promise<void>;
  deleteObject(path: string): Promise<void>;
}

/** Lifetimes of the URLs a provider mints, in seconds. */
export interface UrlLifetimes {
  uploadSeconds: number;
  downloadSeconds: number;
}

export const DEFAULT_URL_LIFETIMES: UrlLifetimes = {
  // W&B documents write URLs valid 24 hours and read URLs valid 1 hour.
  uploadSeconds: 24 * 60 * 60,
  downloadSeconds: 60 * 60,
};
