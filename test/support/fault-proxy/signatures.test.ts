// Pre-signed URLs stay valid through the proxy, in both client set-ups that ./index describes:
// URLs signed for the proxy, and URLs signed for the store with connections sent to the proxy.
import { randomBytes } from 'node:crypto';

import { fetch as undiciFetch } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';

import { connectThroughProxy } from './connect.ts';
import {
  USER,
  headersOf,
  md5Base64,
  pathOf,
  useAzuriteBehindProxy,
  useGcsBehindProxy,
} from './store-fixture.ts';

describe('Azurite behind the proxy', () => {
  const azure = useAzuriteBehindProxy();
  const dispatchers: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  });

  it('verifies SAS URLs signed for the proxy', async () => {
    const body = randomBytes(200_000);
    const upload = await azure.viaProxy.signUpload(
      'signed/a.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    expect(new URL(upload.url).port).toBe(String(azure.proxy.port));

    const put = await fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
    expect(put.status, await put.text()).toBe(201);

    const download = await azure.viaProxy.signDownload('signed/a.bin', USER);
    const get = await fetch(download.url);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);

    const log = azure.proxy.stats().log;
    expect(log.map((entry) => [entry.method, entry.status, entry.outcome])).toEqual([
      ['PUT', 201, 'completed'],
      ['GET', 200, 'completed'],
    ]);
    expect(log[0]!.path).toBe(pathOf(upload.url));
    expect(log[0]!.requestBytes).toBe(body.length);
    expect(log[1]!.responseBytes).toBe(body.length);
  });

  it('verifies store URLs over a proxy connection', async () => {
    const dispatcher = connectThroughProxy(azure.proxy);
    dispatchers.push(dispatcher);
    const body = randomBytes(50_000);
    const upload = await azure.direct.signUpload(
      'dispatched/a.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    expect(new URL(upload.url).port).toBe(String(azure.azurite.port));

    const put = await undiciFetch(upload.url, {
      method: 'PUT',
      headers: headersOf(upload),
      body,
      dispatcher,
    });
    expect(put.status, await put.text()).toBe(201);

    const download = await azure.direct.signDownload('dispatched/a.bin', USER);
    const get = await undiciFetch(download.url, { dispatcher });
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);

    // The counts prove that both requests went through the proxy, not straight to Azurite.
    expect(azure.proxy.stats().requests).toEqual({
      [`PUT ${pathOf(upload.url)}`]: 1,
      [`GET ${pathOf(download.url)}`]: 1,
    });
  });

  it('dispatcher refuses other origins', async () => {
    const dispatcher = connectThroughProxy(azure.proxy);
    dispatchers.push(dispatcher);

    const failure = await undiciFetch(`${azure.proxy.url}/devstoreaccount1`, { dispatcher }).then(
      () => undefined,
      (error: unknown) => error as TypeError,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect(String((failure!.cause as Error).message)).toContain('Rejected connection to');
    expect(azure.proxy.stats().log).toEqual([]);
  });
});

describe('GCS double behind the proxy', () => {
  const gcs = useGcsBehindProxy();
  const dispatchers: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  });

  it('verifies V4 URLs signed for the proxy', async () => {
    const body = randomBytes(120_000);
    const upload = await gcs.viaProxy.signUpload(
      'signed/a.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    expect(new URL(upload.url).port).toBe(String(gcs.proxy.port));

    const put = await fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
    expect(put.status, await put.text()).toBe(200);

    const download = await gcs.viaProxy.signDownload('signed/a.bin', USER);
    const get = await fetch(download.url);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);

    const log = gcs.proxy.stats().log;
    expect(log.map((entry) => [entry.method, entry.status, entry.outcome])).toEqual([
      ['PUT', 200, 'completed'],
      ['GET', 200, 'completed'],
    ]);
    expect(log[0]!.requestBytes).toBe(body.length);
    expect(log[1]!.responseBytes).toBe(body.length);
  });

  it('verifies store URLs over a proxy connection', async () => {
    const dispatcher = connectThroughProxy(gcs.proxy);
    dispatchers.push(dispatcher);
    const body = randomBytes(40_000);
    const upload = await gcs.direct.signUpload(
      'dispatched/a.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );

    const put = await undiciFetch(upload.url, {
      method: 'PUT',
      headers: headersOf(upload),
      body,
      dispatcher,
    });
    expect(put.status, await put.text()).toBe(200);

    const download = await gcs.direct.signDownload('dispatched/a.bin', USER);
    const get = await undiciFetch(download.url, { dispatcher });
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
    expect(gcs.proxy.stats().log.map((entry) => entry.status)).toEqual([200, 200]);
  });

  it('multipart upload verifies through the proxy', async () => {
    const first = randomBytes(5 * 1024 * 1024);
    const second = randomBytes(1000);
    const uploadId = await gcs.viaProxy.createMultipartUpload('multipart/a.bin', USER);
    const signed = await gcs.viaProxy.signUploadParts('multipart/a.bin', uploadId, [1, 2], USER);

    const etags: string[] = [];
    for (const [index, body] of [first, second].entries()) {
      const response = await fetch(signed.parts[index]!.url, { method: 'PUT', body });
      expect(response.status, await response.text()).toBe(200);
      etags.push(response.headers.get('etag')!);
    }
    await gcs.viaProxy.completeMultipartUpload('multipart/a.bin', uploadId, [
      { partNumber: 1, etag: etags[0]! },
      { partNumber: 2, etag: etags[1]! },
    ]);

    const download = await gcs.viaProxy.signDownload('multipart/a.bin', USER);
    const stored = Buffer.from(await (await fetch(download.url)).arrayBuffer());
    expect(stored.equals(Buffer.concat([first, second]))).toBe(true);

    const parts = gcs.proxy.stats().log.filter((entry) => entry.method === 'PUT');
    expect(parts.map((entry) => entry.requestBytes)).toEqual([first.length, second.length]);
  });
});
