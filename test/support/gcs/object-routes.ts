// Single-object requests of the GCS double: PUT (single-request upload), GET with optional Range,
// HEAD and DELETE. Response headers imitate those of the Cloud Storage XML API: ETag,
// x-goog-hash, x-goog-generation and x-goog-stored-content-length.

import { open, type FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

import { GcsError } from './errors';
import type { RequestContext } from './http-server';
import { attributesFromHeaders, type StoredObject } from './object-store';
import { errorXml } from './xml-bodies';

export async function putObject(context: RequestContext): Promise<void> {
  const { req, res, bucket, object, objects } = context;
  if (req.headers['x-goog-copy-source'] !== undefined) {
    throw new GcsError(
      501,
      'NotImplemented',
      'The GCS test double does not implement object copy.',
    );
  }

  const stored = await objects.putFromBody(
    bucket,
    object,
    req,
    attributesFromHeaders(req.headers),
    {
      contentMd5: singleHeader(req.headers['content-md5']),
      googHash: singleHeader(req.headers['x-goog-hash']),
    },
  );
  setObjectHeaders(res, stored);
  res.setHeader('Content-Length', 0);
  res.writeHead(200).end();
}

export async function deleteObject(context: RequestContext): Promise<void> {
  await context.objects.delete(context.bucket, context.object);
  context.res.writeHead(204).end();
}

/** GET and HEAD: the whole object, or one byte range with 206 and Content-Range. */
export async function getObject(context: RequestContext, withBody: boolean): Promise<void> {
  const { req, res } = context;
  const { stored, handle } = await openObject(context);
  try {
    const range = parseRange(singleHeader(req.headers.range), stored.size);
    if (range === 'unsatisfiable') {
      const error = new GcsError(
        416,
        'InvalidRange',
        `The requested range starts at or past the end of the object (${stored.size} bytes); request a range that starts before it.`,
      );
      const body = errorXml(error);
      res.setHeader('Content-Range', `bytes */${stored.size}`);
      res.setHeader('Content-Type', 'application/xml; charset=UTF-8');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.writeHead(416).end(withBody ? body : undefined);
      return;
    }

    setObjectHeaders(res, stored);
    const start = range?.start ?? 0;
    const end = range?.end ?? stored.size - 1;
    res.setHeader('Content-Length', end - start + 1);
    if (range !== undefined) {
      res.setHeader('Content-Range', `bytes ${start}-${end}/${stored.size}`);
    }
    res.writeHead(range === undefined ? 200 : 206);

    if (!withBody || stored.size === 0) {
      res.end();
      return;
    }
    await pipeline(handle.createReadStream({ start, end, autoClose: false }), res);
  } finally {
    await handle.close();
  }
}

/**
 * Opens the object's data file before any header goes out. A concurrent upload may replace the
 * file between the lookup and the open, so a vanished file means: look the object up again.
 */
async function openObject(
  context: RequestContext,
): Promise<{ stored: StoredObject; handle: FileHandle }> {
  for (let attempt = 1; ; attempt++) {
    const stored = context.objects.get(context.bucket, context.object);
    try {
      return { stored, handle: await open(stored.filePath, 'r') };
    } catch (error) {
      const vanished = (error as NodeJS.ErrnoException).code === 'ENOENT';
      if (!vanished || attempt >= 3) {
        throw error;
      }
    }
  }
}

function setObjectHeaders(res: ServerResponse, stored: StoredObject): void {
  const hashes = [`crc32c=${stored.crc32c}`];
  if (stored.md5 !== undefined) {
    hashes.push(`md5=${stored.md5.toString('base64')}`);
  }
  res.setHeader('ETag', stored.etag);
  res.setHeader('x-goog-hash', hashes.join(','));
  res.setHeader('x-goog-generation', String(stored.generation));
  res.setHeader('x-goog-metageneration', '1');
  res.setHeader('x-goog-stored-content-length', String(stored.size));
  res.setHeader('x-goog-stored-content-encoding', 'identity');
  res.setHeader('x-goog-storage-class', 'STANDARD');
  res.setHeader('Content-Type', stored.contentType);
  res.setHeader('Last-Modified', stored.updated.toUTCString());
  res.setHeader('Accept-Ranges', 'bytes');
  for (const [name, value] of Object.entries(stored.metadata)) {
    res.setHeader(`x-goog-meta-${name}`, value);
  }
}

/**
 * Parses a single `bytes=` range (RFC 9110 section 14.1.2). Returns undefined when the header is
 * absent, malformed or lists several ranges, in which case the whole object is sent, as RFC 9110
 * allows a server to ignore such a Range header.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null || (match[1] === '' && match[2] === '')) {
    return undefined;
  }

  if (match[1] === '') {
    const suffixLength = Number(match[2]);
    if (suffixLength === 0 || size === 0) {
      return 'unsatisfiable';
    }
    return { start: Math.max(0, size - suffixLength), end: size - 1 };
  }

  const start = Number(match[1]);
  const last = match[2] === '' ? Infinity : Number(match[2]);
  if (last < start) {
    return undefined;
  }
  // A first byte at or past the end is unsatisfiable, which includes every range of an empty object.
  if (start >= size) {
    return 'unsatisfiable';
  }
  return { start, end: Math.min(last, size - 1) };
}

export function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
