// Google Cloud Storage provider. Clients get V4 signed URLs (GOOG4-RSA-SHA256) scoped to one
// object and one method. The platform's own requests use signed URLs too, so the service
// account key never leaves this process and no OAuth token is ever requested.
import { createHash, randomUUID } from 'node:crypto';

import { readWithinLimit, requireByteLimit } from './small-object';
import { assertMd5Base64 } from './azure-sas.ts';
import {
  abortMultipartUpload,
  checkPartNumbers,
  checkUploadId,
  completeMultipartUpload,
  initiateMultipartUpload,
  listParts,
  MAX_PART_NUMBER,
} from './gcs-multipart.ts';
import { GcsUrlSigner } from './gcs-signing.ts';
import { checkGcsOptions, objectNameIn } from './gcs-options.ts';
import { GcsXmlApiClient, isObjectNotFound, md5FromGoogHash } from './gcs-requests.ts';
import type { ListedPart } from './gcs-xml.ts';
import type { ObjectInfo, StorageProvider, UrlLifetimes } from './provider.ts';

export type { ListedPart } from './gcs-xml.ts';

export interface GcsProviderOptions {
  /** XML API base URL: `https://storage.googleapis.com`, or `http://127.0.0.1:<port>` for the double. */
  endpoint: string;
  /** The service account's `client_email`. */
  clientEmail: string;
  /** The service account's `private_key`: a PEM block with real line breaks. */
  privateKey: string;
  bucket: string;
  /** Folder inside the bucket that every path is relative to. */
  prefix?: string;
  /** URL lifetimes in seconds, each at most 604,800 (7 days), the V4 signing limit. */
  lifetimes: UrlLifetimes;
}

export interface GcsStorageProvider extends StorageProvider {
  readonly kind: 'gcs';
  /** Lists the parts uploaded so far to an open multipart upload, in part number order. */
  listParts(path: string, uploadId: string): Promise<ListedPart[]>;
}

export function createGcsProvider(options: GcsProviderOptions): GcsStorageProvider {
  const endpoint = checkGcsOptions(options);
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const signer = new GcsUrlSigner({ ...options, endpoint: endpoint.href.replace(/\/+$/, '') });
  const client = new GcsXmlApiClient(signer, options.bucket, endpoint.origin);
  const objectNameOf = (path: string) => objectNameIn(prefix, path);

  return {
    kind: 'gcs',
    bucket: options.bucket,
    supportsMultipart: true,

    async signUpload(path, uploadOptions, context) {
      const objectName = objectNameOf(path);

      // A signed Content-MD5 makes GCS compare the body with the digest (400 BadDigest on a
      // mismatch) and store it. It also means the client must send exactly this header.
      // NOTE: contentType is not signed, so the object gets whatever Content-Type the client sends.
      const extensionHeaders: Record<string, string> = {};
      if (uploadOptions.md5Base64 !== null) {
        assertMd5Base64(uploadOptions.md5Base64);
        extensionHeaders['content-md5'] = uploadOptions.md5Base64;
      }

      const signed = await signer.sign({
        objectName,
        method: 'PUT',
        lifetimeSeconds: options.lifetimes.uploadSeconds,
        queryParams: { 'X-User': context.username },
        extensionHeaders,
      });
      const headers =
        uploadOptions.md5Base64 === null ? [] : [`Content-MD5:${uploadOptions.md5Base64}`];
      return { url: signed.url, headers, expiresAt: signed.expiresAt };
    },

    async signDownload(path, context) {
      return signer.sign({
        objectName: objectNameOf(path),
        method: 'GET',
        lifetimeSeconds: options.lifetimes.downloadSeconds,
        queryParams: { 'X-User': context.username },
      });
    },

    async createMultipartUpload(path, context) {
      return initiateMultipartUpload(client, objectNameOf(path), context.username);
    },

    async signUploadParts(path, uploadId, partNumbers, context) {
      const objectName = objectNameOf(path);
      checkUploadId(uploadId);
      checkPartNumbers(partNumbers);

      if (partNumbers.length === 0) {
        throw new Error(
          `Missing part numbers for multipart upload of "${objectName}": request URLs for 1 to ${MAX_PART_NUMBER} parts.`,
        );
      }

      // NOTE: each URL costs one RSA signature through the SDK, which parses the PEM key every
      // time: 10,000 part URLs took 15 s on a 2-core VM (Node 20, @google-cloud/storage 7.22).
      const parts: { partNumber: number; url: string }[] = [];
      const expiries: number[] = [];
      for (const partNumber of partNumbers) {
        const signed = await signer.sign({
          objectName,
          method: 'PUT',
          lifetimeSeconds: options.lifetimes.uploadSeconds,
          queryParams: { partNumber: String(partNumber), uploadId, 'X-User': context.username },
        });
        parts.push({ partNumber, url: signed.url });
        expiries.push(signed.expiresAt.getTime());
      }
      // The first URL expires first, but take the minimum so no order is assumed.
      return { uploadId, parts, expiresAt: new Date(Math.min(...expiries)) };
    },

    async completeMultipartUpload(path, uploadId, parts) {
      return completeMultipartUpload(client, objectNameOf(path), uploadId, parts);
    },

    async abortMultipartUpload(path, uploadId) {
      await abortMultipartUpload(client, objectNameOf(path), uploadId);
    },

    async listParts(path, uploadId) {
      return listParts(client, objectNameOf(path), uploadId);
    },

    async checkAccess() {
      // The XML API has no signed URL for a bucket alone, so this reads an object that does
      // not exist. A GET, unlike a HEAD, returns an error body whose code distinguishes a missing
      // object (NoSuchKey, so the bucket is there) from a missing bucket (NoSuchBucket).
      const objectName = objectNameOf(`.byob-access-check-${randomUUID()}`);
      try {
        const response = await client.send({
          operation: 'access check',
          objectName,
          method: 'GET',
        });
        await response.body?.cancel();
      } catch (error) {
        if (!isObjectNotFound(error)) throw error;
      }
    },

    async stat(path): Promise<ObjectInfo | null> {
      const objectName = objectNameOf(path);
      let response: Response;
      try {
        response = await client.send({ operation: 'stat', objectName, method: 'HEAD' });
      } catch (error) {
        // NOTE: a HEAD response has no body, so a missing bucket also returns null here.
        if (isObjectNotFound(error)) return null;
        throw error;
      }

      // x-goog-stored-content-length is the stored size even when GCS would transcode a
      // gzip-encoded object on the way out; Content-Length is the fallback.
      const size = Number(
        response.headers.get('x-goog-stored-content-length') ??
          response.headers.get('content-length'),
      );
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new Error(
          `GCS stat of object "${objectName}" in bucket "${options.bucket}" returned no valid size: check that the endpoint is a GCS XML API.`,
        );
      }
      // Objects assembled by a multipart upload have a CRC32C but no MD5 in x-goog-hash.
      return { size, md5Base64: md5FromGoogHash(response.headers.get('x-goog-hash')) };
    },

    async readSmallObject(path, maxBytes) {
      requireByteLimit(maxBytes);
      const objectName = objectNameOf(path);
      const response = await client.send({ operation: 'download', objectName, method: 'GET' });
      return readWithinLimit(
        {
          body: response.body,
          declaredSize: Number(response.headers.get('content-length') ?? 0),
          discard: () => response.body?.cancel(),
        },
        maxBytes,
        `Object "${objectName}"`,
      );
    },

    async putSmallObject(path, body) {
      // Signing Content-MD5 makes GCS check the bytes and store the digest, so stat reports it
      // as it does for client uploads with an MD5.
      const md5 = createHash('md5').update(body).digest('base64');
      await client.send({
        operation: 'upload',
        objectName: objectNameOf(path),
        method: 'PUT',
        headers: { 'content-md5': md5 },
        body,
      });
    },

    async deleteObject(path) {
      try {
        await client.send({
          operation: 'delete',
          objectName: objectNameOf(path),
          method: 'DELETE',
        });
      } catch (error) {
        // Deleting a missing object succeeds, as DeleteObject does on S3 and Azure here.
        if (!isObjectNotFound(error)) throw error;
      }
    },
  };
}
