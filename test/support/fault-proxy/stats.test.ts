// Counters and the request log: exact counts per method and path, byte totals per request,
// reset and size limits, and no query string anywhere in the counters or the log output.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';

import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startFaultProxy, type FaultProxy } from './index.ts';
import { startRecordingOrigin, type RecordingOrigin } from './recording-origin.ts';

const SECRET = 'X-Amz-Signature=0123456789abcdef';
const ORIGIN_BODY = Buffer.from('stored object bytes\n');

let origin: RecordingOrigin;
let proxy: FaultProxy;
const logLines: string[] = [];

beforeAll(async () => {
  origin = await startRecordingOrigin();
  // Every log line at every level is kept, so the test can search all of them for the query.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString());
      callback();
    },
  });
  proxy = await startFaultProxy({ upstream: origin.url, logger: pino({ level: 'trace' }, sink) });
});

beforeEach(() => {
  origin.respondWith(ORIGIN_BODY);
  proxy.setRules([]);
  proxy.resetStats();
});

afterAll(async () => {
  await proxy?.stop();
  await origin?.stop();
});

async function send(method: string, target: string, body?: Buffer): Promise<number> {
  const response = await fetch(`${proxy.url}${target}`, { method, body });
  await response.arrayBuffer();
  return response.status;
}

describe('proxy counters', () => {
  it('count requests per method and path', async () => {
    const part = randomBytes(3000);
    await send('PUT', `/bucket/a.bin?partNumber=1&${SECRET}`, part);
    await send('PUT', `/bucket/a.bin?partNumber=2&${SECRET}`, part.subarray(0, 1000));
    await send('PUT', `/bucket/a.bin?partNumber=2&${SECRET}`, part.subarray(0, 1000));
    await send('GET', `/bucket/b.bin?${SECRET}`);
    await send('HEAD', `/bucket/b.bin?${SECRET}`);

    const stats = proxy.stats();
    expect(stats.requests).toEqual({
      'PUT /bucket/a.bin': 3,
      'GET /bucket/b.bin': 1,
      'HEAD /bucket/b.bin': 1,
    });
    expect(stats.log.map((entry) => entry.requestBytes)).toEqual([3000, 1000, 1000, 0, 0]);
    expect(stats.log.map((entry) => entry.responseBytes)).toEqual([
      ORIGIN_BODY.length,
      ORIGIN_BODY.length,
      ORIGIN_BODY.length,
      ORIGIN_BODY.length,
      0,
    ]);
    expect(stats.log.map((entry) => entry.status)).toEqual([200, 200, 200, 200, 200]);
    expect(stats.log.map((entry) => entry.outcome)).toEqual(Array(5).fill('completed'));
    expect(stats.droppedLogEntries).toBe(0);
  });

  it('count injected faults too', async () => {
    proxy.setRules([
      { match: { method: 'PUT' }, fault: { kind: 'status', status: 503 }, times: 1 },
    ]);
    await send('PUT', `/bucket/c.bin?${SECRET}`, randomBytes(500));
    await send('PUT', `/bucket/c.bin?${SECRET}`, randomBytes(500));

    const stats = proxy.stats();
    expect(stats.requests).toEqual({ 'PUT /bucket/c.bin': 2 });
    expect(stats.log.map((entry) => [entry.fault, entry.status, entry.requestBytes])).toEqual([
      ['status', 503, 0],
      [null, 200, 500],
    ]);
  });

  it('never record the query', async () => {
    proxy.setRules([
      { match: { queryIncludes: 'fail' }, fault: { kind: 'status', status: 500 } },
      { match: { queryIncludes: 'cut' }, fault: { kind: 'reset-request', afterBytes: 10 } },
    ]);
    await send('GET', `/bucket/d.bin?${SECRET}`);
    await send('GET', `/bucket/d.bin?fail&${SECRET}`);
    await send('PUT', `/bucket/d.bin?cut&${SECRET}`, randomBytes(5000)).catch(() => 0);
    await proxy.waitForIdle();

    const stats = proxy.stats();
    expect(JSON.stringify(stats)).not.toContain('Signature');
    expect(stats.log.map((entry) => entry.path)).toEqual(Array(3).fill('/bucket/d.bin'));

    // The forwarded request keeps its query. Only the proxy's own records drop it.
    expect(origin.received.at(-1)!.target).toContain(SECRET);
    const logText = logLines.join('');
    expect(logText).toContain('injecting fault');
    expect(logText).not.toContain('Signature');
  });

  it('resetStats clears but keeps numbering', async () => {
    await send('GET', '/bucket/e.bin');
    const before = proxy.stats().log[0]!.sequence;
    proxy.resetStats();

    expect(proxy.stats()).toEqual({ requests: {}, log: [], droppedLogEntries: 0 });
    await send('GET', '/bucket/e.bin');
    expect(proxy.stats().log.map((entry) => entry.sequence)).toEqual([before + 1]);
    expect(proxy.stats().requests).toEqual({ 'GET /bucket/e.bin': 1 });
  });

  it('stats returns copies', async () => {
    await send('GET', '/bucket/f.bin');
    const copy = proxy.stats();
    copy.log[0]!.status = 999;
    copy.requests['GET /bucket/f.bin'] = 99;

    expect(proxy.stats().log[0]!.status).toBe(200);
    expect(proxy.stats().requests['GET /bucket/f.bin']).toBe(1);
  });
});

describe('log size limit', () => {
  it('drops the oldest records', async () => {
    const small = await startFaultProxy({ upstream: origin.url, maxLogEntries: 3 });
    try {
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${small.url}/bucket/g.bin`);
        await response.arrayBuffer();
      }
      const stats = small.stats();
      expect(stats.log.map((entry) => entry.sequence)).toEqual([3, 4, 5]);
      expect(stats.droppedLogEntries).toBe(2);
      // The per-path counts stay exact.
      expect(stats.requests).toEqual({ 'GET /bucket/g.bin': 5 });
    } finally {
      await small.stop();
    }
  });
});
