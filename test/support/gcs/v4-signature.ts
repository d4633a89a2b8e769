// Verification of Cloud Storage V4 signed URLs (algorithm GOOG4-RSA-SHA256), built from Google's
// "Canonical requests" page and checked against the signer of
// @google-cloud/storage 7.22 (build/esm/src/signer.js).
//
// Canonical request: METHOD \n PATH \n CANONICAL_QUERY \n CANONICAL_HEADERS \n SIGNED_HEADERS \n
// PAYLOAD, where CANONICAL_HEADERS ends in its own newline. The string to sign is
// "GOOG4-RSA-SHA256\n<X-Goog-Date>\n<scope>\n<hex SHA-256 of the canonical request>".

import { createHash, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { GcsError, invalidArgument, signatureMismatch } from './errors';

const ALGORITHM = 'GOOG4-RSA-SHA256';

/** Seven days in seconds: the longest X-Goog-Expires that Cloud Storage accepts. */
export const MAX_EXPIRES_SECONDS = 604_800;

/** How far X-Goog-Date may lie in the future before the URL counts as not yet valid, in seconds. */
const CLOCK_SKEW_SECONDS = 60;

export interface SignedRequest {
  method: string;
  /** The path exactly as sent on the request line, still percent-encoded. */
  rawPath: string;
  /** The query string as sent, without the leading "?". */
  rawQuery: string;
  headers: IncomingHttpHeaders;
}

/** Looks up the public key of a registered service account by its client_email. */
export type PublicKeyLookup = (clientEmail: string) => KeyObject | undefined;

/** True when the query carries V4 signed URL parameters. */
export function isSignedUrl(query: URLSearchParams): boolean {
  return query.has('X-Goog-Signature') || query.has('X-Goog-Algorithm');
}

/**
 * Verifies a V4 signed URL and returns the client_email that signed it.
 * Raises GcsError: 400 InvalidArgument for malformed parameters, 400 ExpiredToken past
 * X-Goog-Date + X-Goog-Expires, 403 SignatureDoesNotMatch when no registered key verifies it.
 */
export function verifySignedUrl(
  request: SignedRequest,
  lookupKey: PublicKeyLookup,
  now: Date = new Date(),
): string {
  const query = new URLSearchParams(request.rawQuery);
  const param = (name: string): string => {
    const value = query.get(name);
    if (value === null || value === '') {
      throw invalidArgument(`Missing query parameter ${name}; sign the URL with V4 signing.`);
    }
    return value;
  };

  const algorithm = param('X-Goog-Algorithm');
  if (algorithm !== ALGORITHM) {
    throw invalidArgument(`X-Goog-Algorithm ${algorithm} is not supported; use ${ALGORITHM}.`);
  }

  const credential = parseCredential(param('X-Goog-Credential'));
  const signedAt = parseDate(param('X-Goog-Date'));
  if (param('X-Goog-Date').slice(0, 8) !== credential.date) {
    throw invalidArgument('The date in X-Goog-Credential must equal the date of X-Goog-Date.');
  }
  const expiresSeconds = parseExpires(param('X-Goog-Expires'));
  checkValidityWindow(signedAt, expiresSeconds, now);

  const signedHeaders = param('X-Goog-SignedHeaders').split(';');
  if (!signedHeaders.includes('host')) {
    throw invalidArgument('X-Goog-SignedHeaders must include host.');
  }

  const canonicalRequest = buildCanonicalRequest(request, signedHeaders);
  const stringToSign = [
    ALGORITHM,
    param('X-Goog-Date'),
    credential.scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');

  // The canonical request goes into the error body, as Cloud Storage does, so a client can see
  // what the server signed. It contains no signature and no key.
  const details = { StringToSign: stringToSign, CanonicalRequest: canonicalRequest };
  const publicKey = lookupKey(credential.clientEmail);
  if (publicKey === undefined) {
    throw signatureMismatch(
      `No registered service account ${credential.clientEmail}; sign with a key from the double.`,
      details,
    );
  }
  const signatureHex = param('X-Goog-Signature');
  const signatureValid =
    /^[0-9a-f]+$/i.test(signatureHex) &&
    signatureHex.length % 2 === 0 &&
    verify('RSA-SHA256', Buffer.from(stringToSign), publicKey, Buffer.from(signatureHex, 'hex'));
  if (!signatureValid) {
    throw signatureMismatch(
      'The request signature does not match; check the method, path, query and signed headers.',
      details,
    );
  }
  return credential.clientEmail;
}

interface Credential {
  clientEmail: string;
  date: string;
  scope: string;
}

/** Splits `<client_email>/<yyyymmdd>/<location>/storage/goog4_request`. */
function parseCredential(value: string): Credential {
  const pieces = value.split('/');
  const [clientEmail, date, location, service, terminator] = pieces;
  const wellFormed =
    pieces.length === 5 &&
    clientEmail !== '' &&
    /^\d{8}$/.test(date ?? '') &&
    location !== '' &&
    service === 'storage' &&
    terminator === 'goog4_request';
  if (!wellFormed) {
    throw invalidArgument(
      `X-Goog-Credential ${value} is malformed; expected <client_email>/<yyyymmdd>/auto/storage/goog4_request.`,
    );
  }
  return { clientEmail: clientEmail!, date: date!, scope: pieces.slice(1).join('/') };
}

/** Parses the basic ISO 8601 form `yyyymmddThhmmssZ`. */
function parseDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (match === null) {
    throw invalidArgument(`X-Goog-Date ${value} is malformed; expected yyyymmddThhmmssZ.`);
  }
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
}

function parseExpires(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
    throw invalidArgument(
      `X-Goog-Expires ${value} is out of range; use 1 to ${MAX_EXPIRES_SECONDS} seconds.`,
    );
  }
  return seconds;
}

function checkValidityWindow(signedAt: Date, expiresSeconds: number, now: Date): void {
  const expiresAt = new Date(signedAt.getTime() + expiresSeconds * 1000);
  if (now.getTime() > expiresAt.getTime()) {
    throw new GcsError(
      400,
      'ExpiredToken',
      `The signed URL expired at ${expiresAt.toISOString()}; request a new URL.`,
    );
  }
  if (signedAt.getTime() - now.getTime() > CLOCK_SKEW_SECONDS * 1000) {
    throw invalidArgument(
      `X-Goog-Date ${signedAt.toISOString()} is in the future; the URL is not valid yet.`,
    );
  }
}

export function buildCanonicalRequest(request: SignedRequest, signedHeaders: string[]): string {
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${canonicalHeaderValue(request.headers, name)}\n`)
    .join('');
  const payload = request.headers['x-goog-content-sha256'];
  return [
    request.method,
    canonicalPath(request.rawPath),
    canonicalQuery(request.rawQuery),
    canonicalHeaders,
    signedHeaders.join(';'),
    // NOTE: when a client signs x-goog-content-sha256 the double uses its value here but does
    // not compare it with the SHA-256 of the body it receives.
    typeof payload === 'string' && payload !== '' ? payload : 'UNSIGNED-PAYLOAD',
  ].join('\n');
}

/**
 * Returns the value a signer put into the canonical headers. For `host` that is the hostname without
 * the port: @google-cloud/storage 7.22 signs `new URL(apiEndpoint).hostname`, so a URL signed
 * for http://127.0.0.1:4443 carries "host:127.0.0.1".
 */
function canonicalHeaderValue(headers: IncomingHttpHeaders, name: string): string {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (name === 'host' && trimmed !== '') {
    return new URL(`http://${trimmed}`).hostname;
  }
  return trimmed;
}

/** Percent-encodes everything except the RFC 3986 unreserved characters A-Z a-z 0-9 - . _ ~. */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Decodes each path segment and encodes it again strictly, so equivalent encodings match. */
function canonicalPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => encodeRfc3986(decodePercent(segment)))
    .join('/');
}

/** Builds the canonical query: every parameter but X-Goog-Signature, strictly encoded, sorted. */
function canonicalQuery(rawQuery: string): string {
  const pairs: Array<[string, string]> = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') {
      continue;
    }
    const equals = piece.indexOf('=');
    const name = decodePercent(equals < 0 ? piece : piece.slice(0, equals));
    const value = equals < 0 ? '' : decodePercent(piece.slice(equals + 1));
    if (name !== 'X-Goog-Signature') {
      pairs.push([encodeRfc3986(name), encodeRfc3986(value)]);
    }
  }
  pairs.sort(([a, aValue], [b, bValue]) => (a === b ? compare(aValue, bValue) : compare(a, b)));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidArgument(`Invalid percent-encoding in ${text}; encode the URL as UTF-8.`);
  }
}

/** Compares by UTF-16 code units, the order the SDK's `<` sort produces. */
function compare(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
