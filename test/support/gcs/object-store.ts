// Buckets and objects of the GCS double. Object data lives in files under a temporary folder and
// metadata lives in memory, so the double stores objects of any size without buffering them.

import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { invalidArgument, noSuchBucket, noSuchKey } from './errors';
import { checkClientDigests, writeHashedFile } from './hashed-write';

/** 5 TiB: the largest object and the largest single upload request Cloud Storage accepts. */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;

/** Cloud Storage object names are 1 to 1024 bytes of UTF-8. */
const MAX_OBJECT_NAME_BYTES = 1024;

/** Bucket names of 3 to 63 lowercase letters, digits, dashes, underscores and dots. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;

export interface StoredObject {
  bucket: string;
  name: string;
  filePath: string;
  size: number;
  /** Undefined for objects assembled by a multipart upload, which have no MD5 in GCS. */
  md5: Buffer | undefined;
  /** CRC32C, 4 bytes big-endian, base64. */
  crc32c: string;
  /** Quoted entity tag, as sent in the ETag header. */
  etag: string;
  contentType: string;
  /** Custom metadata from `x-goog-meta-*` headers, keyed by the lowercase name without prefix. */
  metadata: Record<string, string>;
  generation: number;
  updated: Date;
}

/** Size and checksums of finished object data; `etag` defaults to the quoted MD5 hex. */
export interface ObjectDigest {
  size: number;
  md5: Buffer | undefined;
  crc32c: string;
  etag?: string;
}

/** What a client may set on an object when it uploads it. */
export interface ObjectAttributes {
  contentType: string;
  metadata: Record<string, string>;
}

export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  private lastGeneration = 0;

  private constructor(readonly root: string) {}

  static async create(): Promise<ObjectStore> {
    const root = await mkdtemp(join(tmpdir(), 'byob-gcs-double-'));
    await mkdir(join(root, 'objects'));
    await mkdir(join(root, 'incoming'));
    await mkdir(join(root, 'uploads'));
    return new ObjectStore(root);
  }

  createBucket(name: string): void {
    if (!BUCKET_NAME.test(name)) {
      throw new Error(
        `Invalid bucket name ${JSON.stringify(name)}: use 3 to 63 lowercase letters, digits, ` +
          'dashes, underscores or dots, starting and ending with a letter or digit.',
      );
    }
    if (!this.buckets.has(name)) {
      this.buckets.set(name, new Map());
    }
  }

  /** Raises 404 NoSuchBucket unless the bucket exists. */
  requireBucket(name: string): Map<string, StoredObject> {
    const objects = this.buckets.get(name);
    if (objects === undefined) {
      throw noSuchBucket(name);
    }
    return objects;
  }

  /** Returns a fresh file path for data that is still arriving. */
  incomingPath(): string {
    return join(this.root, 'incoming', randomUUID());
  }

  get(bucket: string, name: string): StoredObject {
    const stored = this.requireBucket(bucket).get(name);
    if (stored === undefined) {
      throw noSuchKey(bucket, name);
    }
    return stored;
  }

  /** Stores a single-request upload after checking any digests the client sent. */
  async putFromBody(
    bucket: string,
    name: string,
    body: Readable,
    attributes: ObjectAttributes,
    clientDigests: { contentMd5: string | undefined; googHash: string | undefined },
  ): Promise<StoredObject> {
    checkObjectName(name);
    this.requireBucket(bucket);

    const incoming = this.incomingPath();
    const digest = await writeHashedFile(body, incoming, MAX_OBJECT_BYTES);
    try {
      checkClientDigests(digest, clientDigests.contentMd5, clientDigests.googHash);
    } catch (error) {
      await rm(incoming, { force: true });
      throw error;
    }
    return this.commit(bucket, name, incoming, digest, attributes);
  }

  /** Moves a finished data file into place as the object's new generation. */
  async commit(
    bucket: string,
    name: string,
    dataPath: string,
    digest: ObjectDigest,
    attributes: ObjectAttributes,
  ): Promise<StoredObject> {
    const objects = this.requireBucket(bucket);
    const etag = digest.etag ?? (digest.md5 && `"${digest.md5.toString('hex')}"`);
    if (etag === undefined) {
      throw new Error(`Object ${name} needs an ETag: pass an MD5 or an explicit etag.`);
    }
    const filePath = join(this.root, 'objects', randomUUID());
    await rename(dataPath, filePath);
    const stored: StoredObject = {
      bucket,
      name,
      filePath,
      size: digest.size,
      md5: digest.md5,
      crc32c: digest.crc32c,
      etag,
      contentType: attributes.contentType,
      metadata: attributes.metadata,
      generation: this.nextGeneration(),
      updated: new Date(),
    };

    // Readers that already opened the old file keep reading it: on POSIX file systems an
    // unlinked file stays readable through open descriptors.
    const previous = objects.get(name);
    objects.set(name, stored);
    if (previous !== undefined) {
      await rm(previous.filePath, { force: true });
    }
    return stored;
  }

  async delete(bucket: string, name: string): Promise<void> {
    const stored = this.get(bucket, name);
    this.requireBucket(bucket).delete(name);
    await rm(stored.filePath, { force: true });
  }

  /** Removes every file of the double. */
  async destroy(): Promise<void> {
    this.buckets.clear();
    await rm(this.root, { recursive: true, force: true });
  }

  /** Generations grow strictly, like GCS generation numbers (microseconds since the epoch). */
  private nextGeneration(): number {
    this.lastGeneration = Math.max(this.lastGeneration + 1, Date.now() * 1000);
    return this.lastGeneration;
  }
}

export function checkObjectName(name: string): void {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes === 0 || bytes > MAX_OBJECT_NAME_BYTES) {
    throw invalidArgument(
      `Object name of ${bytes} bytes is invalid; use 1 to ${MAX_OBJECT_NAME_BYTES} bytes of UTF-8.`,
    );
  }
}

/** Reads `Content-Type` and `x-goog-meta-*` headers into object attributes. */
export function attributesFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): ObjectAttributes {
  const metadata: Record<string, string> = {};
  for (const [header, value] of Object.entries(headers)) {
    if (header.startsWith('x-goog-meta-') && typeof value === 'string') {
      metadata[header.slice('x-goog-meta-'.length)] = value;
    }
  }
  const contentType = headers['content-type'];
  return {
    contentType: typeof contentType === 'string' ? contentType : 'application/octet-stream',
    metadata,
  };
}
