// A plain HTTP server on 127.0.0.1 for the proxy's own tests. It records each request exactly as
// the proxy sent it and responds with a fixed body. It imitates no store, so tests that need
// real store behaviour use Azurite, the GCS double or Ceph.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Request target with its query string, as the proxy sent it. */
  target: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Size of each body read, in arrival order. */
  readSizes: number[];
  /** True when the connection ended before the whole body arrived. */
  aborted: boolean;
}

export interface RecordingOrigin {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  received: ReceivedRequest[];
  /** Forgets the requests received so far. */
  clear(): void;
  /** Sets the body of every later response. */
  respondWith(body: Buffer, headers?: Record<string, string>): void;
  /** Resolves once `count` requests since the last clear() have ended, or rejects after 10 s. */
  waitForRequests(count: number): Promise<void>;
  stop(): Promise<void>;
}

const WAIT_TIMEOUT_MS = 10_000;
const WAIT_POLL_MS = 10;

export async function startRecordingOrigin(): Promise<RecordingOrigin> {
  const received: ReceivedRequest[] = [];
  let ended = 0;
  let responseBody: Buffer = Buffer.from('origin response\n');
  let responseHeaders: Record<string, string> = {};

  const server = http.createServer(async (req, res) => {
    const entry: ReceivedRequest = {
      method: req.method ?? '',
      target: req.url ?? '',
      headers: req.headers,
      body: Buffer.alloc(0),
      readSizes: [],
      aborted: false,
    };
    received.push(entry);

    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
        entry.readSizes.push((chunk as Buffer).length);
      }
    } catch {
      entry.aborted = true;
    }
    entry.body = Buffer.concat(chunks);
    ended += 1;
    if (entry.aborted) return;

    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': responseBody.length,
      etag: '"origin-etag"',
      ...responseHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : responseBody);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    clear() {
      received.length = 0;
      ended = 0;
    },
    respondWith(body, headers = {}) {
      responseBody = body;
      responseHeaders = headers;
    },
    async waitForRequests(count) {
      const deadline = Date.now() + WAIT_TIMEOUT_MS;
      while (ended < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `Timed out after ${WAIT_TIMEOUT_MS} ms waiting for ${count} requests at the recording origin; ${ended} arrived.`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      }
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
