// HTTP front of the GCS double: path-style XML API URLs (`/<bucket>/<object>`), authorization,
// routing by method and query parameters, and XML error bodies.
//
// Logs never contain query strings, because a signed URL's query is its credential.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';

import type { CredentialRegistry } from './credentials';
import { GcsError, invalidArgument, notImplemented } from './errors';
import {
  abortUpload,
  completeUpload,
  initiateUpload,
  listParts,
  uploadPart,
} from './multipart-routes';
import type { MultipartStore } from './multipart-store';
import { deleteObject, getObject, putObject } from './object-routes';
import type { ObjectStore } from './object-store';
import { errorXml } from './xml-bodies';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  bucket: string;
  /** Decoded object name; empty for requests on the bucket itself. */
  object: string;
  query: URLSearchParams;
  objects: ObjectStore;
  multipart: MultipartStore;
}

export interface ServerParts {
  objects: ObjectStore;
  multipart: MultipartStore;
  credentials: CredentialRegistry;
  logger: Logger;
}

export function createGcsServer(parts: ServerParts): Server {
  return createServer((req, res) => {
    const method = req.method ?? 'GET';
    const [rawPath = '/', rawQuery = ''] = splitTarget(req.url ?? '/');

    handleRequest(parts, req, res, rawPath, rawQuery).catch((error: unknown) => {
      const known = error instanceof GcsError;
      const gcsError = known
        ? error
        : new GcsError(500, 'InternalError', 'The GCS test double failed; see its log.');
      if (known) {
        parts.logger.debug(
          { method, path: rawPath, status: gcsError.status, code: gcsError.code },
          'request rejected',
        );
      } else {
        parts.logger.error({ method, path: rawPath, err: error }, 'request failed');
      }
      sendError(res, gcsError, method !== 'HEAD');
    });
  });
}

async function handleRequest(
  parts: ServerParts,
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  rawQuery: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const query = new URLSearchParams(rawQuery);
  parts.credentials.authorize({ method, rawPath, rawQuery, headers: req.headers }, query);

  const { bucket, object } = splitPath(rawPath);
  const context: RequestContext = {
    req,
    res,
    bucket,
    object,
    query,
    objects: parts.objects,
    multipart: parts.multipart,
  };

  if (bucket === '') {
    throw notImplemented('listing buckets');
  }
  if (object === '') {
    // Only the existence check on a bucket is supported; listing objects is not.
    if (method !== 'HEAD') {
      throw notImplemented(`${method} on a bucket`);
    }
    parts.objects.requireBucket(bucket);
    res.writeHead(200).end();
    return;
  }
  if (method === 'POST' && req.headers['x-goog-resumable'] === 'start') {
    // NOTE: resumable uploads (x-goog-resumable: start and the session URI protocol) are not
    // implemented; the project transfers large objects with XML API multipart uploads.
    throw notImplemented('resumable uploads');
  }

  await routeObjectRequest(context, method);
}

async function routeObjectRequest(context: RequestContext, method: string): Promise<void> {
  const uploadId = context.query.get('uploadId');
  if (uploadId !== null) {
    switch (method) {
      case 'PUT':
        return uploadPart(context, uploadId);
      case 'GET':
        return listParts(context, uploadId);
      case 'POST':
        return completeUpload(context, uploadId);
      case 'DELETE':
        return abortUpload(context, uploadId);
    }
  } else if (context.query.has('uploads')) {
    if (method === 'POST') {
      return initiateUpload(context);
    }
  } else {
    switch (method) {
      case 'PUT':
        return putObject(context);
      case 'GET':
        return getObject(context, true);
      case 'HEAD':
        return getObject(context, false);
      case 'DELETE':
        return deleteObject(context);
    }
  }
  throw new GcsError(
    405,
    'MethodNotAllowed',
    `${method} is not supported on this resource; see the XML API reference for the allowed methods.`,
  );
}

function sendError(res: ServerResponse, error: GcsError, withBody: boolean): void {
  if (res.headersSent) {
    // The status line is gone, so the only signal left is a broken connection.
    res.destroy(error);
    return;
  }
  const body = errorXml(error);
  res.setHeader('Content-Type', 'application/xml; charset=UTF-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.writeHead(error.status).end(withBody ? body : undefined);
}

function splitTarget(target: string): [string, string] {
  const question = target.indexOf('?');
  return question < 0 ? [target, ''] : [target.slice(0, question), target.slice(question + 1)];
}

/** `/bucket/dir/name.bin` becomes bucket "bucket" and object "dir/name.bin", both decoded. */
function splitPath(rawPath: string): { bucket: string; object: string } {
  const withoutSlash = rawPath.replace(/^\//, '');
  const slash = withoutSlash.indexOf('/');
  const rawBucket = slash < 0 ? withoutSlash : withoutSlash.slice(0, slash);
  const rawObject = slash < 0 ? '' : withoutSlash.slice(slash + 1);
  try {
    return { bucket: decodeURIComponent(rawBucket), object: decodeURIComponent(rawObject) };
  } catch {
    throw invalidArgument(`Invalid percent-encoding in the path ${rawPath}; encode it as UTF-8.`);
  }
}
