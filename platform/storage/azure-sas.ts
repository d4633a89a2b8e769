// Service SAS URLs for single blobs. A service SAS is signed with the account key and scoped to
// one blob, so a client holding it can touch nothing else in the container.
import {
  BlobSASPermissions,
  SASProtocol,
  generateBlobSASQueryParameters,
  type BlobClient,
  type StorageSharedKeyCredential,
} from '@azure/storage-blob';

/**
 * How far before "now" a SAS becomes valid, in seconds. Azure rejects a SAS whose start time is
 * still in the future by the storage server's clock, and that clock can differ from ours by
 * minutes. Microsoft's SAS best practices ("Grant limited access to Azure Storage resources
 * using shared access signatures") recommend a start time at least 15 minutes in the past.
 */
export const SAS_START_BACKDATE_SECONDS = 15 * 60;

/** Permissions of an upload SAS: create a new blob and write (overwrite, stage blocks, commit). */
export const UPLOAD_PERMISSIONS = 'cw';
/** Permissions of a download SAS: read only. */
export const DOWNLOAD_PERMISSIONS = 'r';

export interface BlobSasRequest {
  credential: StorageSharedKeyCredential;
  blob: BlobClient;
  containerName: string;
  blobName: string;
  /** Azure permission letters, e.g. `cw` or `r`. */
  permissions: string;
  lifetimeSeconds: number;
  now: Date;
}

/**
 * Mints a service SAS for one blob and returns the full URL and the moment it stops working.
 * The SAS allows plain HTTP only when the blob URL itself is HTTP (Azurite in the sandbox).
 */
export function mintBlobSasUrl(request: BlobSasRequest): { url: string; expiresAt: Date } {
  // The SAS carries its expiry in whole seconds (`se=...Z` without milliseconds), so round
  // down first; then expiresAt matches the instant Azure enforces.
  const nowMs = Math.floor(request.now.getTime() / 1000) * 1000;
  const startsOn = new Date(nowMs - SAS_START_BACKDATE_SECONDS * 1000);
  const expiresOn = new Date(nowMs + request.lifetimeSeconds * 1000);

  const httpsOnly = new URL(request.blob.url).protocol === 'https:';
  const query = generateBlobSASQueryParameters(
    {
      containerName: request.containerName,
      blobName: request.blobName,
      permissions: BlobSASPermissions.parse(request.permissions),
      startsOn,
      expiresOn,
      protocol: httpsOnly ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
    },
    request.credential,
  ).toString();

  // blob.url already has the blob name percent-encoded by the SDK (`getBlobClient`), so names
  // with spaces, `#`, `?`, `%`, `+` or non-ASCII characters stay part of the path.
  return { url: `${request.blob.url}?${query}`, expiresAt: expiresOn };
}

/** Throws unless `md5Base64` is the base64 form of a 16-byte MD5 digest. */
export function assertMd5Base64(md5Base64: string): void {
  const digest = Buffer.from(md5Base64, 'base64');
  if (digest.length !== 16 || digest.toString('base64') !== md5Base64) {
    throw new Error(
      `Invalid MD5 "${md5Base64}": expected the base64 encoding of a 16-byte digest (24 characters ending in "==").`,
    );
  }
}
