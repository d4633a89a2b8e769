// Resets, injected statuses and stalls between a client and Azurite, seen from both sides:
// what the client gets, what Azurite stored, and what the proxy counted.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { createAzureProvider } from '../../../platform/storage/azure.ts';
import { startFaultProxy } from './index.ts';
import {
  CONTAINER,
  USER,
  headersOf,
  md5Base64,
  networkErrorCode,
  useAzuriteBehindProxy,
} from './store-fixture.ts';

// A reset while uploading shows as ECONNRESET or EPIPE, depending on whether the client was
// reading or writing. undici 7 reports a response cut short as UND_ERR_SOCKET.
const RESET_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'];

const azure = useAzuriteBehindProxy();

async function putViaProxy(blobPath: string, body: Buffer): Promise<Response> {
  const upload = await azure.viaProxy.signUpload(blobPath, { md5Base64: md5Base64(body) }, USER);
  return fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
}

async function putDirect(blobPath: string, body: Buffer): Promise<void> {
  const upload = await azure.direct.signUpload(blobPath, { md5Base64: md5Base64(body) }, USER);
  const response = await fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
  expect(response.status, `direct PUT ${blobPath}`).toBe(201);
}

describe('store responses', () => {
  it('early 403 reaches the client', async () => {
    // A SAS that expired an hour ago. Azurite responds 403 before it has read the 10 MiB body.
    const expired = createAzureProvider({
      account: azure.azurite.account,
      accountKey: azure.azurite.accountKey,
      container: CONTAINER,
      endpoint: `${azure.proxy.url}/${azure.azurite.account}`,
      lifetimes: { uploadSeconds: 1, downloadSeconds: 1 },
      clock: () => new Date(Date.now() - 3_600_000),
    });
    const body = randomBytes(10 * 1024 * 1024);
    const upload = await expired.signUpload('expired/a.bin', { md5Base64: md5Base64(body) }, USER);

    const response = await fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-ms-error-code')).toBe('AuthorizationFailure');
    await response.arrayBuffer();

    await azure.proxy.waitForIdle();
    const [record] = azure.proxy.stats().log;
    expect(record).toMatchObject({ status: 403, outcome: 'completed' });
    expect(record!.requestBytes).toBeLessThan(body.length);
  });
});

describe('reset faults', () => {
  it('request reset cuts the upload', async () => {
    const body = randomBytes(100_000);
    azure.proxy.setRules([
      { match: { method: 'PUT' }, fault: { kind: 'reset-request', afterBytes: 1000 }, times: 1 },
    ]);

    expect(RESET_CODES).toContain(await networkErrorCode(putViaProxy('reset/cut.bin', body)));
    await azure.proxy.waitForIdle();
    expect(await azure.direct.stat('reset/cut.bin')).toBeNull();

    // The retry sends every byte again, and the counters show what each attempt sent.
    const retry = await putViaProxy('reset/cut.bin', body);
    expect(retry.status).toBe(201);
    const log = azure.proxy.stats().log;
    expect(log.map((entry) => entry.requestBytes)).toEqual([1000, body.length]);
    expect(log.map((entry) => entry.outcome)).toEqual(['reset', 'completed']);
    expect(log.map((entry) => entry.status)).toEqual([null, 201]);
    expect(log[0]!.fault).toBe('reset-request');
  });

  it('request reset after the body loses the response', async () => {
    const body = randomBytes(30_000);
    azure.proxy.setRules([{ fault: { kind: 'reset-request', afterBytes: body.length } }]);

    expect(RESET_CODES).toContain(await networkErrorCode(putViaProxy('reset/lost.bin', body)));
    await azure.proxy.waitForIdle();

    // Azurite stored the blob, but the client never learned it.
    const stored = await azure.direct.stat('reset/lost.bin');
    expect(stored).toEqual({ size: body.length, md5Base64: md5Base64(body) });
    expect(azure.proxy.stats().log[0]).toMatchObject({
      requestBytes: body.length,
      status: null,
      outcome: 'reset',
    });
  });

  it('response reset cuts the download', async () => {
    const body = randomBytes(80_000);
    await putDirect('reset/download.bin', body);
    azure.proxy.setRules([{ fault: { kind: 'reset-response', afterBytes: 1000 } }]);

    const download = await azure.viaProxy.signDownload('reset/download.bin', USER);
    const response = await fetch(download.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(body.length));
    expect(RESET_CODES).toContain(await networkErrorCode(response.arrayBuffer()));

    await azure.proxy.waitForIdle();
    expect(azure.proxy.stats().log[0]).toMatchObject({
      fault: 'reset-response',
      status: 200,
      responseBytes: 1000,
      outcome: 'reset',
    });
  });
});

describe('status faults', () => {
  it('503 with Retry-After skips Azurite', async () => {
    const body = randomBytes(20_000);
    azure.proxy.setRules([{ fault: { kind: 'status', status: 503, retryAfter: 2 }, times: 2 }]);

    for (const attempt of [1, 2]) {
      const response = await putViaProxy('status/retry.bin', body);
      expect(response.status, `attempt ${attempt}`).toBe(503);
      expect(response.headers.get('retry-after'), `attempt ${attempt}`).toBe('2');
      await response.arrayBuffer();
    }
    expect(await azure.direct.stat('status/retry.bin')).toBeNull();

    const third = await putViaProxy('status/retry.bin', body);
    expect(third.status).toBe(201);
    const log = azure.proxy.stats().log;
    expect(log.map((entry) => entry.status)).toEqual([503, 503, 201]);
    expect(log.map((entry) => entry.requestBytes)).toEqual([0, 0, body.length]);
    expect(log.map((entry) => entry.fault)).toEqual(['status', 'status', null]);
  });

  it('500 comes without Retry-After', async () => {
    azure.proxy.setRules([{ match: { method: 'GET' }, fault: { kind: 'status', status: 500 } }]);
    await putDirect('status/plain.bin', randomBytes(100));

    const download = await azure.viaProxy.signDownload('status/plain.bin', USER);
    const response = await fetch(download.url);
    expect(response.status).toBe(500);
    expect(response.headers.has('retry-after')).toBe(false);
    expect(await response.text()).toContain('injected status 500');
  });

  it('HEAD 503 has no body', async () => {
    azure.proxy.setRules([{ fault: { kind: 'status', status: 503 } }]);
    await putDirect('status/head.bin', randomBytes(100));

    const download = await azure.viaProxy.signDownload('status/head.bin', USER);
    const response = await fetch(download.url, { method: 'HEAD' });
    expect(response.status).toBe(503);
    expect(azure.proxy.stats().log[0]).toMatchObject({ status: 503, responseBytes: 0 });
  });
});

describe('stall faults', () => {
  it('open stall lasts until client timeout', async () => {
    await putDirect('stall/open.bin', randomBytes(100));
    azure.proxy.setRules([{ fault: { kind: 'stall' } }]);

    const download = await azure.viaProxy.signDownload('stall/open.bin', USER);
    const failure = await fetch(download.url, { signal: AbortSignal.timeout(300) }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.name).toBe('TimeoutError');

    await azure.proxy.waitForIdle();
    expect(azure.proxy.stats().log[0]).toMatchObject({
      fault: 'stall',
      status: null,
      responseBytes: 0,
      outcome: 'client-closed',
    });
  });

  it('timed stall then forwards', async () => {
    const body = randomBytes(5000);
    azure.proxy.setRules([{ fault: { kind: 'stall', ms: 200 } }]);

    const response = await putViaProxy('stall/timed.bin', body);
    expect(response.status).toBe(201);
    expect(azure.proxy.stats().log[0]).toMatchObject({
      fault: 'stall',
      status: 201,
      requestBytes: body.length,
    });
    expect(await azure.direct.stat('stall/timed.bin')).toEqual({
      size: body.length,
      md5Base64: md5Base64(body),
    });
  });

  it('stall at maxStallMs resets', async () => {
    const proxy = await startFaultProxy({
      upstream: `http://127.0.0.1:${azure.azurite.port}`,
      maxStallMs: 300,
      rules: [{ fault: { kind: 'stall' } }],
    });
    try {
      const url = new URL(`/${azure.azurite.account}?comp=list`, proxy.url);
      expect(RESET_CODES).toContain(await networkErrorCode(fetch(url)));
      await proxy.waitForIdle();
      expect(proxy.stats().log[0]).toMatchObject({ fault: 'stall', outcome: 'reset' });
    } finally {
      await proxy.stop();
    }
  });

  it('stall longer than the cap is rejected', () => {
    expect(() => azure.proxy.setRules([{ fault: { kind: 'stall', ms: 60_000 } }])).toThrow(
      'Invalid stall of 60000 ms in fault rule 0: expected 0 to 30000 ms, or raise maxStallMs.',
    );
  });
});
