// Test helpers shared by the GCS double test and the GCS contract suite: V4 URL signing through
// @google-cloud/storage (signing only, no requests) and small readers for XML API responses.
// Requests themselves go out with fetch, the way the project's clients send them.

import { createHash } from 'node:crypto';

import { CRC32C, type Storage } from '@google-cloud/storage';

// The SDK signs offline with the private key in the credentials. This guard keeps
// google-auth-library from probing the GCE metadata server if a code path ever asked it to.
process.env.METADATA_SERVER_DETECTION ??= 'none';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

export interface SignOptions {
  /** Lifetime of the URL in seconds; default 300. */
  expiresInSeconds?: number;
  queryParams?: Record<string, string>;
  /** Base64 MD5 that the request must carry as Content-MD5. */
  contentMd5?: string;
}

/** The `action` of File.getSignedUrl for each method that it can sign directly. */
const ACTION_OF_METHOD: Partial<Record<HttpMethod, 'read' | 'write' | 'delete'>> = {
  GET: 'read',
  PUT: 'write',
  DELETE: 'delete',
};

/** Signs V4 URLs for objects of one bucket with the SDK's own signer. */
export class UrlSigner {
  constructor(
    private readonly storage: Storage,
    readonly bucket: string,
  ) {}

  async sign(object: string, method: HttpMethod, options: SignOptions = {}): Promise<string> {
    const file = this.storage.bucket(this.bucket).file(object);
    const expires = Date.now() + (options.expiresInSeconds ?? 300) * 1000;
    const extras = {
      ...(options.queryParams === undefined ? {} : { queryParams: options.queryParams }),
      ...(options.contentMd5 === undefined ? {} : { contentMd5: options.contentMd5 }),
    };

    const action = ACTION_OF_METHOD[method];
    if (action !== undefined) {
      const [url] = await file.getSignedUrl({ version: 'v4', action, expires, ...extras });
      return url;
    }

    // File.getSignedUrl maps POST only to action "resumable", which adds a signed
    // `x-goog-resumable: start` header, and it has no HEAD action. Multipart initiate and
    // complete need a plain POST, so POST and HEAD go through the URLSigner that File creates
    // on its first signing call (File.signer in @google-cloud/storage 7). Its config type lists
    // no HEAD, but it signs whatever method string it gets.
    if (file.signer === undefined) {
      await file.getSignedUrl({ version: 'v4', action: 'read', expires });
    }
    return file.signer!.getSignedUrl({
      version: 'v4',
      method: method as 'POST',
      expires,
      ...extras,
    });
  }
}

export function md5Base64(data: Uint8Array): string {
  return createHash('md5').update(data).digest('base64');
}

export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** Splits `x-goog-hash` (one header joined by commas, or several) into its checksums. */
export function parseGoogHash(header: string | null): { crc32c?: string; md5?: string } {
  const hashes: { crc32c?: string; md5?: string } = {};
  for (const entry of (header ?? '').split(',')) {
    const equals = entry.indexOf('=');
    const algorithm = entry.slice(0, equals).trim();
    const value = entry.slice(equals + 1).trim();
    if (algorithm === 'crc32c' || algorithm === 'md5') {
      hashes[algorithm] = value;
    }
  }
  return hashes;
}

/** Decoded text of the first `<name>` element of an XML body, or undefined. */
export function xmlElement(body: string, name: string): string | undefined {
  return xmlElements(body, name)[0];
}

/** Decoded texts of every `<name>` element of an XML body, in document order. */
export function xmlElements(body: string, name: string): string[] {
  const pattern = new RegExp(`<${name}>([^<]*)</${name}>`, 'g');
  return [...body.matchAll(pattern)].map((match) => decodeXmlText(match[1]!));
}

function decodeXmlText(text: string): string {
  const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_entity, name: string) => entities[name]!);
}

/** CRC32C of `data` as the SDK computes it, base64 of the big-endian value. */
export function sdkCrc32c(data: Uint8Array): string {
  const crc = new CRC32C();
  crc.update(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return crc.toString();
}

/** Deterministic pseudo-random bytes; different seeds give different data, so swapped parts show. */
export function patternBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    // xorshift32 (Marsaglia 2003).
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

export function completeBody(parts: Array<{ partNumber: number; etag: string }>): string {
  const entries = parts.map(
    ({ partNumber, etag }) =>
      `<Part><PartNumber>${partNumber}</PartNumber><ETag>${etag}</ETag></Part>`,
  );
  return `<CompleteMultipartUpload>${entries.join('')}</CompleteMultipartUpload>`;
}
