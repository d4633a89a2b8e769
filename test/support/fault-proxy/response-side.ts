// The upstream-to-client half of an exchange: the response with the response-side faults
// (cut after N bytes, slow link, one corrupted byte, missing ETag), and the error responses
// that the proxy injects.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { Pacer, closeConnection, writeAndWait, writeBody } from './body-writes';
import { throttles, withoutHeaders } from './request-side';
import type { Fault } from './rules';
import type { ExchangeRecord, StatsRecorder } from './stats';

// Hop-by-hop response headers. Node frames the body again itself, with the upstream's
// Content-Length when there is one and chunked otherwise.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Sends the upstream's response to the client with the response-side part of `fault`.
 * Resolves once the last byte was passed to the client's socket, or right after a cut.
 */
export async function relayResponse(
  upstreamResponse: IncomingMessage,
  res: ServerResponse,
  fault: Fault | null,
  record: ExchangeRecord,
  stats: StatsRecorder,
  signal: AbortSignal,
): Promise<void> {
  const headers = withoutHeaders(upstreamResponse.headers, HOP_BY_HOP);
  if (fault?.kind === 'drop-etag') delete headers.etag;

  const status = upstreamResponse.statusCode ?? 502;
  res.writeHead(status, upstreamResponse.statusMessage, headers);
  record.status = status;

  const pacer = throttles(fault, 'response') ? new Pacer(fault.bytesPerSecond) : null;
  const resetAfter = fault?.kind === 'reset-response' ? fault.afterBytes : Number.POSITIVE_INFINITY;
  const corruptAt = fault?.kind === 'corrupt-response-body' ? (fault.atByte ?? 0) : -1;
  const countWritten = (byteCount: number) => {
    record.responseBytes += byteCount;
  };

  if (resetAfter === 0) {
    // The status line and headers must reach the client before the connection closes.
    res.flushHeaders();
    await writeAndWait(res, Buffer.alloc(0), signal);
  }

  let received = 0;
  for await (const chunk of upstreamResponse) {
    let bytes = chunk as Buffer;
    if (corruptAt >= received && corruptAt < received + bytes.length) {
      // Copy first: the chunk may share memory with Node's socket buffers.
      bytes = Buffer.from(bytes);
      bytes[corruptAt - received]! ^= 0xff;
    }
    received += bytes.length;
    const room = resetAfter - record.responseBytes;
    if (room <= 0) break;
    await writeBody(res, bytes.subarray(0, room), pacer, countWritten, signal);
  }

  if (fault?.kind === 'reset-response') {
    upstreamResponse.destroy();
    stats.finish(record, 'reset');
    closeConnection(res.socket);
    return;
  }
  await endResponse(res, undefined, signal);
}

/** Sends an injected error status. The upstream never receives the request. */
export async function sendInjectedStatus(
  res: ServerResponse,
  fault: Extract<Fault, { kind: 'status' }>,
  record: ExchangeRecord,
  isHead: boolean,
  signal: AbortSignal,
): Promise<void> {
  const body = Buffer.from(`Fault proxy: injected status ${fault.status}.\n`);
  const headers: Record<string, string | number> = {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': body.length,
  };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);

  res.writeHead(fault.status, headers);
  record.status = fault.status;
  if (!isHead) record.responseBytes = body.length;
  await endResponse(res, isHead ? undefined : body, signal);
}

/** Ends the response and waits until the last bytes were passed to the client's socket. */
function endResponse(res: ServerResponse, body: Buffer | undefined, signal: AbortSignal) {
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    if (body === undefined) res.end(done);
    else res.end(body, done);
  });
}
