// XML API multipart uploads of the GCS double: initiate, upload part, list parts, complete and
// abort. Limits and error names follow Google's "XML API multipart uploads" pages: part numbers
// 1 to 10,000, every part but the last at least 5 MiB, and an assembled object with a CRC32C but
// no MD5 and an ETag that is not an MD5.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Crc32c } from './crc32c';
import { GcsError, invalidArgument, noSuchUpload } from './errors';
import { checkClientDigests, entityTooLarge, writeHashedFile } from './hashed-write';
import {
  MAX_OBJECT_BYTES,
  checkObjectName,
  type ObjectAttributes,
  type ObjectStore,
  type StoredObject,
} from './object-store';
import type { ListedPart, RequestedPart } from './xml-bodies';

export const MIN_PART_NUMBER = 1;
export const MAX_PART_NUMBER = 10_000;

/** 5 MiB: the smallest size of every part except the last one. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

/** Maximum number of parts in one ListParts response. */
export const MAX_LISTED_PARTS = 1000;

export interface StoredPart {
  partNumber: number;
  filePath: string;
  size: number;
  md5: Buffer;
  /** CRC32C, 4 bytes big-endian, base64. */
  crc32c: string;
  /** Quoted MD5 hex of the part data. */
  etag: string;
  lastModified: Date;
}

export interface Upload {
  id: string;
  bucket: string;
  name: string;
  directory: string;
  attributes: ObjectAttributes;
  parts: Map<number, StoredPart>;
}

export class MultipartStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly objects: ObjectStore) {}

  async initiate(bucket: string, name: string, attributes: ObjectAttributes): Promise<Upload> {
    checkObjectName(name);
    this.objects.requireBucket(bucket);

    const id = randomBytes(24).toString('base64url');
    const directory = join(this.objects.root, 'uploads', id);
    await mkdir(directory);
    const upload: Upload = { id, bucket, name, directory, attributes, parts: new Map() };
    this.uploads.set(id, upload);
    return upload;
  }

  /** Raises 404 NoSuchUpload unless `uploadId` is an open upload of this bucket and object. */
  get(uploadId: string, bucket: string, name: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined || upload.bucket !== bucket || upload.name !== name) {
      throw noSuchUpload(uploadId);
    }
    return upload;
  }

  async putPart(
    upload: Upload,
    partNumberText: string,
    body: Readable,
    clientDigests: { contentMd5: string | undefined; googHash: string | undefined },
  ): Promise<StoredPart> {
    const partNumber = parsePartNumber(partNumberText);
    const filePath = join(upload.directory, `${partNumber}-${randomBytes(8).toString('hex')}`);
    const digest = await writeHashedFile(body, filePath, MAX_OBJECT_BYTES);

    // A part that finishes after an abort or completion must not resurrect the upload.
    const stillOpen = this.uploads.get(upload.id) === upload;
    try {
      checkClientDigests(digest, clientDigests.contentMd5, clientDigests.googHash);
      if (!stillOpen) {
        throw noSuchUpload(upload.id);
      }
    } catch (error) {
      await rm(filePath, { force: true });
      throw error;
    }

    const part: StoredPart = {
      partNumber,
      filePath,
      size: digest.size,
      md5: digest.md5,
      crc32c: digest.crc32c,
      etag: `"${digest.md5.toString('hex')}"`,
      lastModified: new Date(),
    };
    const replaced = upload.parts.get(partNumber);
    upload.parts.set(partNumber, part);
    if (replaced !== undefined) {
      await rm(replaced.filePath, { force: true });
    }
    return part;
  }

  /** Parts in ascending order after `marker`, at most `maxParts`, plus the next marker if any. */
  list(
    upload: Upload,
    marker: number,
    maxParts: number,
  ): { parts: ListedPart[]; nextMarker: number | undefined } {
    const sorted = [...upload.parts.values()]
      .filter((part) => part.partNumber > marker)
      .sort((a, b) => a.partNumber - b.partNumber);
    const page = sorted.slice(0, maxParts);
    const truncated = sorted.length > page.length;
    return {
      parts: page.map(({ partNumber, etag, size, lastModified }) => ({
        partNumber,
        etag,
        size,
        lastModified,
      })),
      nextMarker: truncated ? page.at(-1)?.partNumber : undefined,
    };
  }

  /** Concatenates the requested parts into the object and closes the upload. */
  async complete(upload: Upload, requested: RequestedPart[]): Promise<StoredObject> {
    const parts = this.checkRequestedParts(upload, requested);

    const total = parts.reduce((sum, part) => sum + part.size, 0);
    if (total > MAX_OBJECT_BYTES) {
      throw entityTooLarge(MAX_OBJECT_BYTES);
    }

    const assembled = this.objects.incomingPath();
    const crc = new Crc32c();
    const output = createWriteStream(assembled);
    try {
      for (const part of parts) {
        const checksum = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            crc.update(chunk);
            callback(null, chunk);
          },
        });
        await pipeline(createReadStream(part.filePath), checksum, output, { end: false });
      }
      output.end();
      await new Promise<void>((resolve, reject) => {
        output.on('finish', resolve);
        output.on('error', reject);
      });
    } catch (error) {
      output.destroy();
      await rm(assembled, { force: true });
      throw error;
    }

    // Like S3, the ETag is the MD5 of the concatenated binary part MD5s plus the part count.
    // Clients must treat it as opaque: it is not the MD5 of the object.
    const md5OfMd5s = createHash('md5');
    for (const part of parts) {
      md5OfMd5s.update(part.md5);
    }
    const etag = `"${md5OfMd5s.digest('hex')}-${parts.length}"`;

    this.uploads.delete(upload.id);
    const stored = await this.objects.commit(
      upload.bucket,
      upload.name,
      assembled,
      { size: total, md5: undefined, crc32c: crc.toBase64(), etag },
      upload.attributes,
    );
    await rm(upload.directory, { recursive: true, force: true });
    return stored;
  }

  async abort(upload: Upload): Promise<void> {
    this.uploads.delete(upload.id);
    await rm(upload.directory, { recursive: true, force: true });
  }

  /** Checks order, ETags and sizes in that order, so each error names its first cause. */
  private checkRequestedParts(upload: Upload, requested: RequestedPart[]): StoredPart[] {
    for (let i = 1; i < requested.length; i++) {
      if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) {
        throw new GcsError(
          400,
          'InvalidPartOrder',
          `Part ${requested[i]!.partNumber} follows part ${requested[i - 1]!.partNumber}; ` +
            'list parts in strictly ascending order.',
        );
      }
    }

    const parts = requested.map(({ partNumber, etag }) => {
      const part = upload.parts.get(partNumber);
      if (part === undefined || unquote(part.etag) !== unquote(etag)) {
        throw new GcsError(
          400,
          'InvalidPart',
          `Part ${partNumber} with ETag ${etag} was not uploaded; use the ETag that the part PUT returned.`,
        );
      }
      return part;
    });

    parts.slice(0, -1).forEach((part) => {
      if (part.size < MIN_PART_BYTES) {
        throw new GcsError(
          400,
          'EntityTooSmall',
          `Part ${part.partNumber} has ${part.size} bytes; every part but the last needs at least ${MIN_PART_BYTES}.`,
        );
      }
    });
    return parts;
  }
}

function parsePartNumber(text: string): number {
  const partNumber = Number(text);
  if (!/^\d+$/.test(text) || partNumber < MIN_PART_NUMBER || partNumber > MAX_PART_NUMBER) {
    throw invalidArgument(
      `partNumber ${text} is invalid; use an integer from ${MIN_PART_NUMBER} to ${MAX_PART_NUMBER}.`,
    );
  }
  return partNumber;
}

function unquote(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '');
}
