// Streams a request body into a file while computing the MD5 and CRC32C that Cloud Storage
// reports, so bodies of any size go to disk without being held in memory.

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Crc32c } from './crc32c';
import { GcsError } from './errors';

export interface BodyDigest {
  size: number;
  /** MD5 of the body, 16 bytes. */
  md5: Buffer;
  /** CRC32C of the body as GCS writes it: 4 bytes big-endian, base64. */
  crc32c: string;
}

/**
 * Writes `body` to `path` and returns its size and checksums. Raises 400 EntityTooLarge once
 * more than `maxBytes` arrive, and removes the partial file on any failure.
 */
export async function writeHashedFile(
  body: Readable,
  path: string,
  maxBytes: number,
): Promise<BodyDigest> {
  const md5 = createHash('md5');
  const crc = new Crc32c();
  let size = 0;

  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) {
        callback(entityTooLarge(maxBytes));
        return;
      }
      md5.update(chunk);
      crc.update(chunk);
      callback(null, chunk);
    },
  });

  try {
    await pipeline(body, hasher, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { size, md5: md5.digest(), crc32c: crc.toBase64() };
}

export function entityTooLarge(maxBytes: number): GcsError {
  return new GcsError(
    400,
    'EntityTooLarge',
    `The upload exceeds the limit of ${maxBytes} bytes; split it into a multipart upload.`,
  );
}

/**
 * Compares the body with the digests a client sent in `Content-MD5` (base64 MD5) and
 * `x-goog-hash` (`crc32c=<base64>,md5=<base64>`, either part optional). Raises 400 InvalidDigest
 * for a malformed Content-MD5 and 400 BadDigest for a mismatch.
 */
export function checkClientDigests(
  digest: BodyDigest,
  contentMd5: string | undefined,
  googHash: string | undefined,
): void {
  if (contentMd5 !== undefined) {
    const expected = Buffer.from(contentMd5, 'base64');
    if (expected.length !== 16) {
      throw new GcsError(
        400,
        'InvalidDigest',
        `Content-MD5 ${contentMd5} is not the base64 encoding of a 16-byte MD5 digest.`,
      );
    }
    if (!expected.equals(digest.md5)) {
      throw badDigest('Content-MD5', contentMd5, digest.md5.toString('base64'));
    }
  }

  for (const entry of (googHash ?? '').split(',')) {
    const equals = entry.indexOf('=');
    const algorithm = entry.slice(0, equals).trim().toLowerCase();
    const value = entry.slice(equals + 1).trim();
    if (algorithm === 'md5' && value !== digest.md5.toString('base64')) {
      throw badDigest('x-goog-hash md5', value, digest.md5.toString('base64'));
    }
    if (algorithm === 'crc32c' && value !== digest.crc32c) {
      throw badDigest('x-goog-hash crc32c', value, digest.crc32c);
    }
  }
}

function badDigest(header: string, sent: string, computed: string): GcsError {
  return new GcsError(
    400,
    'BadDigest',
    `The ${header} you sent (${sent}) does not match the received body (${computed}); resend the data.`,
  );
}
