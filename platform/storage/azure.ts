// Azure Blob Storage provider. Clients get service SAS URLs scoped to one blob; the platform
// itself reads and writes only small objects, with the account's shared key.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

import {
  BlobServiceClient,
  StorageSharedKeyCredential,
  type BlobClient,
} from '@azure/storage-blob';

import { readWithinLimit, requireByteLimit } from './small-object';
import { describeAzureFailure, isBlobNotFound } from './azure-errors.ts';
import {
  DOWNLOAD_PERMISSIONS,
  UPLOAD_PERMISSIONS,
  assertMd5Base64,
  mintBlobSasUrl,
} from './azure-sas.ts';
import type { ObjectInfo, StorageProvider, UrlLifetimes } from './provider.ts';

export interface AzureProviderOptions {
  account: string;
  accountKey: string;
  container: string;
  /**
   * Blob service URL, e.g. `http://127.0.0.1:<port>/devstoreaccount1` for Azurite.
   * Default `https://<account>.blob.core.windows.net`.
   */
  endpoint?: string;
  /** Folder inside the container that every path is relative to. */
  prefix?: string;
  lifetimes: UrlLifetimes;
  /** Source of "now" for SAS start and expiry times. */
  clock?: () => Date;
}

export interface AzureStorageProvider extends StorageProvider {
  readonly kind: 'azure';
  /** Creates the container when it does not exist yet. */
  ensureContainer(): Promise<void>;
}

// Azure naming rules ("Naming and referencing containers, blobs, and metadata", Microsoft Learn).
const CONTAINER_NAME = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const MAX_BLOB_NAME_LENGTH = 1024;

const MULTIPART_UNSUPPORTED =
  'Azure has no multipart upload: clients stage blocks (Put Block, Put Block List) on the one upload SAS URL, so use signUpload.';

export function createAzureProvider(options: AzureProviderOptions): AzureStorageProvider {
  validateOptions(options);

  const clock = options.clock ?? (() => new Date());
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const endpoint = (options.endpoint ?? `https://${options.account}.blob.core.windows.net`).replace(
    /\/+$/,
    '',
  );
  const credential = new StorageSharedKeyCredential(options.account, options.accountKey);
  const containerClient = new BlobServiceClient(endpoint, credential).getContainerClient(
    options.container,
  );

  function blobNameOf(path: string): string {
    if (path === '') {
      throw new Error('Invalid blob path "": the path must name a file inside the container.');
    }
    const name = prefix === '' ? path : `${prefix}/${path}`;
    if (name.length > MAX_BLOB_NAME_LENGTH) {
      throw new Error(
        `Blob name of ${name.length} characters exceeds Azure's limit of ${MAX_BLOB_NAME_LENGTH}: shorten the path "${path}".`,
      );
    }
    return name;
  }

  function blobOf(path: string): { name: string; blob: BlobClient; subject: string } {
    const name = blobNameOf(path);
    // getBlobClient percent-encodes each path segment of the name.
    return {
      name,
      blob: containerClient.getBlobClient(name),
      subject: `blob "${name}" in container "${options.container}"`,
    };
  }

  return {
    kind: 'azure',
    bucket: options.container,
    supportsMultipart: false,

    async signUpload(path, uploadOptions) {
      if (uploadOptions.md5Base64 !== null) assertMd5Base64(uploadOptions.md5Base64);
      const { name, blob } = blobOf(path);

      const signed = mintBlobSasUrl({
        credential,
        blob,
        containerName: options.container,
        blobName: name,
        permissions: UPLOAD_PERMISSIONS,
        lifetimeSeconds: options.lifetimes.uploadSeconds,
        now: clock(),
      });

      // A plain PUT needs the blob type. With Content-MD5, Azure checks the body and stores the
      // digest on the blob. Put Block checks Content-MD5 against the one block, so clients that
      // stage blocks send the file's MD5 as x-ms-blob-content-md5 on Put Block List instead.
      // NOTE: contentType is not bound: a SAS cannot require a header, so clients set it.
      const headers = ['x-ms-blob-type:BlockBlob'];
      if (uploadOptions.md5Base64 !== null) headers.push(`Content-MD5:${uploadOptions.md5Base64}`);
      return { url: signed.url, headers, expiresAt: signed.expiresAt };
    },

    async signDownload(path) {
      const { name, blob } = blobOf(path);
      return mintBlobSasUrl({
        credential,
        blob,
        containerName: options.container,
        blobName: name,
        permissions: DOWNLOAD_PERMISSIONS,
        lifetimeSeconds: options.lifetimes.downloadSeconds,
        now: clock(),
      });
    },

    async createMultipartUpload() {
      throw new Error(MULTIPART_UNSUPPORTED);
    },
    async signUploadParts() {
      throw new Error(MULTIPART_UNSUPPORTED);
    },
    async completeMultipartUpload() {
      throw new Error(MULTIPART_UNSUPPORTED);
    },
    async abortMultipartUpload() {
      throw new Error(MULTIPART_UNSUPPORTED);
    },

    async stat(path): Promise<ObjectInfo | null> {
      const { blob, subject } = blobOf(path);
      try {
        const properties = await blob.getProperties();
        return {
          size: properties.contentLength ?? 0,
          md5Base64: properties.contentMD5
            ? Buffer.from(properties.contentMD5).toString('base64')
            : null,
        };
      } catch (error) {
        // A missing container is a configuration error, not a missing object.
        if (isBlobNotFound(error)) return null;
        throw describeAzureFailure('stat', subject, error);
      }
    },

    async readSmallObject(path, maxBytes) {
      requireByteLimit(maxBytes);
      const { name, blob, subject } = blobOf(path);

      let body: Readable | undefined;
      let declaredSize: number;
      try {
        const response = await blob.download(0);
        body = response.readableStreamBody as Readable | undefined;
        declaredSize = response.contentLength ?? 0;
      } catch (error) {
        throw describeAzureFailure('download', subject, error);
      }
      return readWithinLimit(
        { body, declaredSize, discard: () => void body?.destroy() },
        maxBytes,
        `Blob "${name}"`,
      );
    },

    async putSmallObject(path, body) {
      const { name, subject } = blobOf(path);
      const md5 = createHash('md5').update(body).digest();
      try {
        // Store the digest so stat reports it, as it does for client uploads with Content-MD5.
        await containerClient
          .getBlockBlobClient(name)
          .upload(body, body.length, { blobHTTPHeaders: { blobContentMD5: md5 } });
      } catch (error) {
        throw describeAzureFailure('upload', subject, error);
      }
    },

    async deleteObject(path) {
      const { blob, subject } = blobOf(path);
      try {
        // Deleting a missing blob succeeds, as DeleteObject does on S3.
        await blob.deleteIfExists({ deleteSnapshots: 'include' });
      } catch (error) {
        throw describeAzureFailure('delete', subject, error);
      }
    },

    async checkAccess() {
      try {
        await containerClient.getProperties();
      } catch (error) {
        throw describeAzureFailure('access check', `container "${options.container}"`, error);
      }
    },

    async ensureContainer() {
      try {
        await containerClient.createIfNotExists();
      } catch (error) {
        throw describeAzureFailure('creation', `container "${options.container}"`, error);
      }
    },
  };
}

function validateOptions(options: AzureProviderOptions): void {
  if (options.account === '') {
    throw new Error('Missing Azure storage account name: set the account option.');
  }
  if (options.accountKey === '') {
    throw new Error(`Missing key for Azure storage account "${options.account}": set accountKey.`);
  }
  if (!CONTAINER_NAME.test(options.container)) {
    throw new Error(
      `Invalid Azure container name "${options.container}": use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.`,
    );
  }
  for (const [name, seconds] of Object.entries(options.lifetimes)) {
    if (!Number.isSafeInteger(seconds) || seconds <= 0) {
      throw new Error(
        `Invalid URL lifetime ${name}=${seconds}: expected a positive whole number of seconds.`,
      );
    }
  }
}
