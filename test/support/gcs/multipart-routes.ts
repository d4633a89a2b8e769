// Multipart requests of the GCS double, distinguished by their query parameters as in Google's
// XML API reference: POST ?uploads initiates, PUT ?partNumber&uploadId uploads a part,
// GET ?uploadId lists parts, POST ?uploadId completes and DELETE ?uploadId aborts.

import type { IncomingMessage } from 'node:http';

import { GcsError, invalidArgument } from './errors';
import type { RequestContext } from './http-server';
import { MAX_LISTED_PARTS, MAX_PART_NUMBER } from './multipart-store';
import { attributesFromHeaders } from './object-store';
import { singleHeader } from './object-routes';
import { encodeRfc3986 } from './v4-signature';
import {
  completeMultipartXml,
  initiateMultipartXml,
  listPartsXml,
  parseCompleteMultipartXml,
} from './xml-bodies';

/** 10,000 parts of about 100 bytes of XML each fit well under this cap on a complete body. */
const MAX_COMPLETE_BODY_BYTES = 4 * 1024 * 1024;

export async function initiateUpload(context: RequestContext): Promise<void> {
  const { req, bucket, object, multipart } = context;
  const upload = await multipart.initiate(bucket, object, attributesFromHeaders(req.headers));
  sendXml(context, 200, initiateMultipartXml(bucket, object, upload.id));
}

export async function uploadPart(context: RequestContext, uploadId: string): Promise<void> {
  const { req, res, bucket, object, multipart, query } = context;
  const upload = multipart.get(uploadId, bucket, object);
  const part = await multipart.putPart(upload, query.get('partNumber') ?? '', req, {
    contentMd5: singleHeader(req.headers['content-md5']),
    googHash: singleHeader(req.headers['x-goog-hash']),
  });

  res.setHeader('ETag', part.etag);
  res.setHeader('x-goog-hash', `crc32c=${part.crc32c},md5=${part.md5.toString('base64')}`);
  res.setHeader('Content-Length', 0);
  res.writeHead(200).end();
}

export function listParts(context: RequestContext, uploadId: string): void {
  const { bucket, object, multipart, query } = context;
  const upload = multipart.get(uploadId, bucket, object);
  const marker = parseBoundedInteger(
    query.get('part-number-marker'),
    'part-number-marker',
    0,
    0,
    MAX_PART_NUMBER,
  );
  const maxParts = parseBoundedInteger(
    query.get('max-parts'),
    'max-parts',
    MAX_LISTED_PARTS,
    1,
    MAX_LISTED_PARTS,
  );

  const { parts, nextMarker } = multipart.list(upload, marker, maxParts);
  sendXml(
    context,
    200,
    listPartsXml({
      bucket,
      key: object,
      uploadId,
      partNumberMarker: marker,
      maxParts,
      parts,
      nextPartNumberMarker: nextMarker,
    }),
  );
}

export async function completeUpload(context: RequestContext, uploadId: string): Promise<void> {
  const { req, bucket, object, multipart } = context;
  const upload = multipart.get(uploadId, bucket, object);
  const requested = parseCompleteMultipartXml(await readSmallBody(req, MAX_COMPLETE_BODY_BYTES));
  const stored = await multipart.complete(upload, requested);

  const encodedName = object.split('/').map(encodeRfc3986).join('/');
  const location = `http://${req.headers.host ?? '127.0.0.1'}/${bucket}/${encodedName}`;
  sendXml(context, 200, completeMultipartXml({ location, bucket, key: object, etag: stored.etag }));
}

export async function abortUpload(context: RequestContext, uploadId: string): Promise<void> {
  const { bucket, object, multipart, res } = context;
  await multipart.abort(multipart.get(uploadId, bucket, object));
  res.writeHead(204).end();
}

function sendXml(context: RequestContext, status: number, body: string): void {
  context.res.setHeader('Content-Type', 'application/xml; charset=UTF-8');
  context.res.setHeader('Content-Length', Buffer.byteLength(body));
  context.res.writeHead(status).end(body);
}

function parseBoundedInteger(
  text: string | null,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === null || text === '') {
    return fallback;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min) {
    throw invalidArgument(`${name} ${text} is invalid; use an integer from ${min} to ${max}.`);
  }
  return Math.min(value, max);
}

async function readSmallBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new GcsError(
        400,
        'EntityTooLarge',
        `The CompleteMultipartUpload body exceeds ${maxBytes} bytes; list at most ${MAX_PART_NUMBER} parts.`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
