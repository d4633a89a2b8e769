// Faults that change what passes rather than whether it passes: a slow link, a corrupted body
// byte and a missing ETag, against Azurite and the GCS double.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  USER,
  headersOf,
  md5Base64,
  useAzuriteBehindProxy,
  useGcsBehindProxy,
} from './store-fixture.ts';

describe('Azurite behind the proxy', () => {
  const azure = useAzuriteBehindProxy();

  async function putViaProxy(blobPath: string, body: Buffer, md5: string | null) {
    const upload = await azure.viaProxy.signUpload(blobPath, { md5Base64: md5 }, USER);
    return fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
  }

  async function putDirect(blobPath: string, body: Buffer): Promise<void> {
    const upload = await azure.direct.signUpload(blobPath, { md5Base64: md5Base64(body) }, USER);
    const response = await fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
    expect(response.status, `direct PUT ${blobPath}`).toBe(201);
  }

  async function readDirect(blobPath: string): Promise<Buffer> {
    const download = await azure.direct.signDownload(blobPath, USER);
    return Buffer.from(await (await fetch(download.url)).arrayBuffer());
  }

  it('throttled download arrives in paced pieces', async () => {
    const body = randomBytes(20_000);
    await putDirect('slow/down.bin', body);
    // 50,000 bytes/s is sent as 5,000-byte pieces, one every 100 ms.
    azure.proxy.setRules([
      { fault: { kind: 'throttle', bytesPerSecond: 50_000, direction: 'response' } },
    ]);

    const download = await azure.viaProxy.signDownload('slow/down.bin', USER);
    const response = await fetch(download.url);
    const reads: Buffer[] = [];
    for await (const chunk of response.body!) reads.push(Buffer.from(chunk));

    expect(Buffer.concat(reads).equals(body)).toBe(true);
    expect(Math.max(...reads.map((read) => read.length))).toBeLessThanOrEqual(5000);
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(azure.proxy.stats().log[0]).toMatchObject({
      fault: 'throttle',
      responseBytes: body.length,
      outcome: 'completed',
    });
  });

  it('throttled upload is stored intact', async () => {
    const body = randomBytes(30_000);
    azure.proxy.setRules([
      { fault: { kind: 'throttle', bytesPerSecond: 100_000, direction: 'request' } },
    ]);

    const response = await putViaProxy('slow/up.bin', body, md5Base64(body));
    expect(response.status).toBe(201);
    expect((await readDirect('slow/up.bin')).equals(body)).toBe(true);
    expect(azure.proxy.stats().log[0]).toMatchObject({
      fault: 'throttle',
      requestBytes: body.length,
    });
  });

  it('corrupts one downloaded byte', async () => {
    const body = randomBytes(10_000);
    await putDirect('corrupt/down.bin', body);
    azure.proxy.setRules([{ fault: { kind: 'corrupt-response-body', atByte: 7000 } }]);

    const download = await azure.viaProxy.signDownload('corrupt/down.bin', USER);
    const received = Buffer.from(await (await fetch(download.url)).arrayBuffer());

    const expected = Buffer.from(body);
    expected[7000]! ^= 0xff;
    expect(received.length).toBe(body.length);
    expect(received.equals(expected)).toBe(true);
    expect(azure.proxy.stats().log[0]).toMatchObject({
      fault: 'corrupt-response-body',
      responseBytes: body.length,
      outcome: 'completed',
    });
  });

  it('Azurite rejects a corrupted body by Content-MD5', async () => {
    const body = randomBytes(10_000);
    azure.proxy.setRules([{ fault: { kind: 'corrupt-request-body', atByte: 5000 } }]);

    const response = await putViaProxy('corrupt/checked.bin', body, md5Base64(body));
    expect(response.status).toBe(400);
    // Azurite 3.35 reports the mismatch as InvalidOperation (BlockBlobHandler.upload in its
    // dist/src/blob/handlers); Azure itself answers Md5Mismatch.
    expect(response.headers.get('x-ms-error-code')).toBe('InvalidOperation');
    expect(await response.text()).toContain("Provided contentMD5 doesn't match.");
    expect(await azure.direct.stat('corrupt/checked.bin')).toBeNull();
    expect(azure.proxy.stats().log[0]).toMatchObject({
      fault: 'corrupt-request-body',
      status: 400,
      requestBytes: body.length,
    });
  });

  it('corruption flips exactly one byte', async () => {
    const body = randomBytes(70_000);
    // Past the first read of the body, so the offset is found across reads.
    azure.proxy.setRules([{ fault: { kind: 'corrupt-request-body', atByte: 65_000 } }]);

    const response = await putViaProxy('corrupt/unchecked.bin', body, null);
    expect(response.status).toBe(201);

    const stored = await readDirect('corrupt/unchecked.bin');
    expect(stored.length).toBe(body.length);
    const differences = [...stored.keys()].filter((index) => stored[index] !== body[index]);
    expect(differences).toEqual([65_000]);
    expect(stored[65_000]).toBe(body[65_000]! ^ 0xff);
  });

  it('drop-etag removes the receipt', async () => {
    const body = randomBytes(1000);
    azure.proxy.setRules([{ fault: { kind: 'drop-etag' }, times: 1 }]);

    const first = await putViaProxy('etag/a.bin', body, md5Base64(body));
    expect(first.status).toBe(201);
    expect(first.headers.has('etag')).toBe(false);
    // The other headers still pass, the stored digest among them.
    expect(first.headers.get('content-md5')).toBe(md5Base64(body));

    const second = await putViaProxy('etag/a.bin', body, md5Base64(body));
    expect(second.status).toBe(201);
    expect(second.headers.get('etag')).toMatch(/^"0x[0-9A-F]+"$/);
  });
});

describe('GCS double behind the proxy', () => {
  const gcs = useGcsBehindProxy();

  it('GCS rejects a corrupted body by Content-MD5', async () => {
    const body = randomBytes(10_000);
    gcs.proxy.setRules([{ fault: { kind: 'corrupt-request-body' } }]);

    const upload = await gcs.viaProxy.signUpload(
      'corrupt/a.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    const response = await fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>BadDigest</Code>');
    expect(await gcs.direct.stat('corrupt/a.bin')).toBeNull();
  });

  it('drop-etag hides a part receipt', async () => {
    const part = randomBytes(2000);
    const uploadId = await gcs.viaProxy.createMultipartUpload('etag/parts.bin', USER);
    const signed = await gcs.viaProxy.signUploadParts('etag/parts.bin', uploadId, [1], USER);
    gcs.proxy.setRules([
      { match: { queryIncludes: 'partNumber=1' }, fault: { kind: 'drop-etag' }, times: 1 },
    ]);

    const first = await fetch(signed.parts[0]!.url, { method: 'PUT', body: part });
    expect(first.status).toBe(200);
    expect(first.headers.has('etag')).toBe(false);

    // The part is stored all the same; listing it recovers the receipt the client lost.
    const listed = await gcs.direct.listParts('etag/parts.bin', uploadId);
    expect(listed.map((entry) => entry.partNumber)).toEqual([1]);

    const again = await fetch(signed.parts[0]!.url, { method: 'PUT', body: part });
    expect(again.headers.get('etag')).toBe(listed[0]!.etag);
    await gcs.direct.abortMultipartUpload('etag/parts.bin', uploadId);
  });
});
