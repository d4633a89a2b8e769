// The client-to-upstream half of an exchange: which headers go on, and the request body with
// the request-side faults (cut after N bytes, one corrupted byte, slow link).
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';

import { Pacer, writeBody } from './body-writes';
import type { Fault } from './rules';
import type { ExchangeRecord } from './stats';

// Hop-by-hop headers describe one connection, not the message, so a proxy drops them, together
// with the headers that Connection names (RFC 7230, section 6.1). The proxy sets its own
// Connection header upstream. Expect goes too, because the proxy's server already sent
// 100 Continue to the client.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);

/**
 * Returns the headers to send on, without hop-by-hop headers. Everything else passes unchanged,
 * Host included, because pre-signed S3 and GCS URLs sign the Host header. Transfer-Encoding
 * stays too, so a chunked request goes on chunked and Content-Length keeps its value.
 */
export function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return withoutHeaders(headers, HOP_BY_HOP);
}

/** Copies `headers` without the `dropped` names and without those the Connection header lists. */
export function withoutHeaders(
  headers: IncomingHttpHeaders,
  dropped: ReadonlySet<string>,
): IncomingHttpHeaders {
  const named = new Set(dropped);
  for (const token of String(headers.connection ?? '').split(',')) {
    named.add(token.trim().toLowerCase());
  }

  const filtered: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!named.has(name) && value !== undefined) filtered[name] = value;
  }
  return filtered;
}

/** Outcome of copying a request body: all of it went on, or a reset-request fault cut it. */
export type RequestBodyResult = 'ended' | 'cut';

/**
 * Copies the request body to the upstream, applying the request-side part of `fault`, and ends
 * the upstream request unless the body was cut. A cut leaves the upstream request open for the
 * caller to destroy. Throws when either connection fails or `signal` aborts. It never destroys
 * `req`, so the caller can still respond, or discard the rest with `req.resume()`.
 */
export async function sendRequestBody(
  req: IncomingMessage,
  upstream: ClientRequest,
  fault: Fault | null,
  record: ExchangeRecord,
  signal: AbortSignal,
): Promise<RequestBodyResult> {
  const pacer = throttles(fault, 'request') ? new Pacer(fault.bytesPerSecond) : null;
  const cutAfter = fault?.kind === 'reset-request' ? fault.afterBytes : Number.POSITIVE_INFINITY;
  const corruptAt = fault?.kind === 'corrupt-request-body' ? (fault.atByte ?? 0) : -1;
  const countWritten = (byteCount: number) => {
    record.requestBytes += byteCount;
  };

  let received = 0;
  for (;;) {
    const chunk = await readChunk(req, signal);
    if (chunk === null) break;

    let bytes = chunk;
    if (corruptAt >= received && corruptAt < received + bytes.length) {
      // Copy first: the chunk may share memory with Node's socket buffers.
      bytes = Buffer.from(bytes);
      bytes[corruptAt - received]! ^= 0xff;
    }
    received += bytes.length;

    // A body of exactly cutAfter bytes goes on whole, and the exchange then drops the response.
    const room = cutAfter - record.requestBytes;
    if (bytes.length > room) {
      if (room > 0) await writeBody(upstream, bytes.subarray(0, room), pacer, countWritten, signal);
      return 'cut';
    }
    await writeBody(upstream, bytes, pacer, countWritten, signal);
  }

  upstream.end();
  return 'ended';
}

/** Narrows `fault` to a throttle that covers `side`. */
export function throttles(
  fault: Fault | null,
  side: 'request' | 'response',
): fault is Extract<Fault, { kind: 'throttle' }> {
  if (fault?.kind !== 'throttle') return false;
  const direction = fault.direction ?? 'both';
  return direction === 'both' || direction === side;
}

/**
 * Returns the next piece of the request body, or null at its end. Unlike `for await`, leaving
 * early does not destroy `req`, which would close the client's connection.
 */
async function readChunk(req: IncomingMessage, signal: AbortSignal): Promise<Buffer | null> {
  for (;;) {
    signal.throwIfAborted();
    const chunk = req.read() as Buffer | null;
    if (chunk !== null) return chunk;
    if (req.readableEnded) return null;
    await waitForReadable(req, signal);
  }
}

/** Waits for more body bytes or the body's end. Rejects when the request fails or `signal` aborts. */
function waitForReadable(req: IncomingMessage, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      req.off('readable', onReadable);
      req.off('end', onReadable);
      req.off('error', onError);
      req.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onReadable = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () => {
      settle(
        req.readableEnded
          ? undefined
          : new Error('The client connection closed in the request body.'),
      );
    };
    const onAbort = () => settle(signal.reason);

    req.on('readable', onReadable);
    req.on('end', onReadable);
    req.on('error', onError);
    req.on('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads and discards the request body of a request that the upstream never receives. */
export async function discardRequestBody(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // Reading lets the client finish sending before it gets the response.
  }
}
