// What the proxy sends on, checked at a recording origin that sees the requests exactly as the
// proxy forwarded them: headers, query, body framing, paced and cut bodies, and real resets.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startFaultProxy, type FaultProxy } from './index.ts';
import { startRecordingOrigin, type RecordingOrigin } from './recording-origin.ts';

let origin: RecordingOrigin;
let proxy: FaultProxy;

beforeAll(async () => {
  origin = await startRecordingOrigin();
  proxy = await startFaultProxy({ upstream: origin.url });
});

beforeEach(() => {
  origin.clear();
  origin.respondWith(Buffer.from('origin response\n'));
  proxy.setRules([]);
  proxy.resetStats();
});

afterAll(async () => {
  await proxy?.stop();
  await origin?.stop();
});

/** Sends one request with node:http, which lets a test set Host and framing headers itself. */
function send(
  options: http.RequestOptions,
  body?: Buffer[],
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: proxy.port, agent: false, ...options },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    request.on('error', reject);
    for (const piece of body ?? []) request.write(piece);
    request.end();
  });
}

describe('request forwarding', () => {
  it('passes Host and query unchanged', async () => {
    const response = await send({
      method: 'GET',
      path: '/bucket/a%20b.bin?X-Goog-Signature=abc&partNumber=2',
      headers: { host: '127.0.0.1:4443', 'x-goog-meta-owner': 'alice' },
    });

    expect(response.status).toBe(200);
    const [received] = origin.received;
    expect(received!.headers.host).toBe('127.0.0.1:4443');
    expect(received!.target).toBe('/bucket/a%20b.bin?X-Goog-Signature=abc&partNumber=2');
    expect(received!.headers['x-goog-meta-owner']).toBe('alice');
    expect(proxy.stats().log[0]!.path).toBe('/bucket/a%20b.bin');
  });

  it('drops hop-by-hop headers', async () => {
    await send({
      method: 'GET',
      path: '/hops',
      headers: {
        connection: 'keep-alive, x-hop',
        'x-hop': '1',
        'keep-alive': 'timeout=5',
        te: 'trailers',
      },
    });

    const headers = origin.received[0]!.headers;
    expect(headers['x-hop']).toBeUndefined();
    expect(headers['keep-alive']).toBeUndefined();
    expect(headers.te).toBeUndefined();
  });

  it('keeps a chunked body chunked', async () => {
    const pieces = [randomBytes(1000), randomBytes(3000)];
    const response = await send({ method: 'PUT', path: '/chunked' }, pieces);

    expect(response.status).toBe(200);
    const received = origin.received[0]!;
    expect(received.headers['transfer-encoding']).toBe('chunked');
    expect(received.headers['content-length']).toBeUndefined();
    expect(received.body.equals(Buffer.concat(pieces))).toBe(true);
    expect(proxy.stats().log[0]!.requestBytes).toBe(4000);
  });

  it('keeps Content-Length and the ETag', async () => {
    const body = randomBytes(5000);
    const response = await send(
      { method: 'PUT', path: '/sized', headers: { 'content-length': body.length } },
      [body],
    );

    expect(origin.received[0]!.headers['content-length']).toBe('5000');
    expect(origin.received[0]!.body.equals(body)).toBe(true);
    expect(response.headers.etag).toBe('"origin-etag"');
  });
});

describe('body faults at the origin', () => {
  it('request reset forwards exactly afterBytes', async () => {
    proxy.setRules([{ fault: { kind: 'reset-request', afterBytes: 2500 } }]);
    const body = randomBytes(40_000);

    await expect(
      send({ method: 'PUT', path: '/cut', headers: { 'content-length': body.length } }, [body]),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|EPIPE)$/) });
    await origin.waitForRequests(1);

    const received = origin.received[0]!;
    expect(received.aborted).toBe(true);
    expect(received.body.length).toBe(2500);
    expect(received.body.equals(body.subarray(0, 2500))).toBe(true);
  });

  it('throttled upload reaches the origin in pieces', async () => {
    // 20,000 bytes/s is sent as 2,000-byte pieces, one every 100 ms.
    proxy.setRules([{ fault: { kind: 'throttle', bytesPerSecond: 20_000 } }]);
    const body = randomBytes(8000);

    const response = await send(
      { method: 'PUT', path: '/slow', headers: { 'content-length': body.length } },
      [body],
    );

    expect(response.status).toBe(200);
    const received = origin.received[0]!;
    expect(received.body.equals(body)).toBe(true);
    expect(Math.max(...received.readSizes)).toBeLessThanOrEqual(2000);
    expect(received.readSizes.length).toBeGreaterThanOrEqual(4);
  });

  it('response reset ends after afterBytes', async () => {
    origin.respondWith(randomBytes(10_000));
    proxy.setRules([{ fault: { kind: 'reset-response', afterBytes: 100 } }]);

    // A raw socket shows exactly which bytes arrived before the connection ended.
    const socket = net.connect(proxy.port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const ending = new Promise<string>((resolve) => {
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      socket.once('end', () => resolve('end'));
    });
    socket.write('GET /raw HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');

    expect(await ending).toBe('end');
    socket.destroy();
    const text = Buffer.concat(received).toString('latin1');
    expect(text.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(text).toContain('content-length: 10000\r\n');
    const bodyStart = text.indexOf('\r\n\r\n') + 4;
    expect(Buffer.concat(received).length - bodyStart).toBe(100);
  });
});

describe('upstream failures', () => {
  it('closed upstream gets a 502', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const deadEnd = await startFaultProxy({
      upstream: `http://127.0.0.1:${closedPort}`,
      logger: pino({ level: 'silent' }),
    });
    try {
      const response = await fetch(`${deadEnd.url}/nowhere?sig=secret`);
      expect(response.status).toBe(502);
      const text = await response.text();
      expect(text).toContain(`the request to http://127.0.0.1:${closedPort} failed`);
      expect(text).not.toContain('secret');
      expect(deadEnd.stats().log[0]).toMatchObject({ status: 502, outcome: 'upstream-failed' });
    } finally {
      await deadEnd.stop();
    }
  });
});
