// The fault proxy in front of a Ceph RADOS Gateway. S3 SigV4 pre-signed URLs sign the Host
// header with its port, so these tests show which client set-ups keep them valid through the
// proxy, and that Ceph catches a corrupted body and keeps a part whose ETag was dropped.
import { randomBytes } from 'node:crypto';

import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { S3StorageProvider } from '../../../platform/storage/s3.ts';
import {
  USER,
  errorCodeOf,
  headersOf,
  md5Base64,
  useS3Bucket,
} from '../../platform/storage/s3-fixture.ts';
import { connectThroughProxy } from './connect.ts';
import { startFaultProxy, type FaultProxy } from './index.ts';

const s3 = useS3Bucket();
let proxy: FaultProxy;
let viaProxy: S3StorageProvider;
const dispatchers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: s3.cluster.endpoint });
  viaProxy = s3.makeProvider({ endpoint: proxy.url });
});

beforeEach(() => {
  proxy.setRules([]);
  proxy.resetStats();
});

afterAll(async () => {
  await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  await proxy?.stop();
});

describe('SigV4 through the fault proxy', () => {
  it('verifies URLs signed for the proxy', async () => {
    const body = randomBytes(300_000);
    const upload = await viaProxy.signUpload('signed/a.bin', { md5Base64: md5Base64(body) }, USER);
    expect(new URL(upload.url).host).toBe(`127.0.0.1:${proxy.port}`);

    const put = await fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
    expect(put.status, await put.text()).toBe(200);

    const download = await viaProxy.signDownload('signed/a.bin', USER);
    const get = await fetch(download.url);
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
    expect(proxy.stats().log.map((entry) => [entry.method, entry.status])).toEqual([
      ['PUT', 200],
      ['GET', 200],
    ]);
  });

  it('verifies store URLs over a proxy connection', async () => {
    const dispatcher = connectThroughProxy(proxy);
    dispatchers.push(dispatcher);
    const body = randomBytes(100_000);
    const upload = await s3.provider.signUpload(
      'dispatched/a.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    expect(new URL(upload.url).origin).toBe(s3.cluster.endpoint);

    const put = await undiciFetch(upload.url, {
      method: 'PUT',
      headers: headersOf(upload),
      body,
      dispatcher,
    });
    expect(put.status, await put.text()).toBe(200);

    const download = await s3.provider.signDownload('dispatched/a.bin', USER);
    const get = await undiciFetch(download.url, { dispatcher });
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
    expect(proxy.stats().log.map((entry) => entry.status)).toEqual([200, 200]);
  });

  it('swapped origin breaks the signature', async () => {
    const body = randomBytes(1000);
    const upload = await s3.provider.signUpload(
      'swapped/a.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    const swapped = new URL(upload.url);
    swapped.port = String(proxy.port);

    // The client now sends the proxy's host:port as Host, which is not what was signed.
    const put = await fetch(swapped, { method: 'PUT', headers: headersOf(upload), body });
    expect(put.status).toBe(403);
    expect(await errorCodeOf(put)).toBe('SignatureDoesNotMatch');
  });
});

describe('Ceph faults through the proxy', () => {
  it('Ceph rejects a corrupted body by Content-MD5', async () => {
    const body = randomBytes(20_000);
    proxy.setRules([{ fault: { kind: 'corrupt-request-body', atByte: 12_345 } }]);

    const upload = await viaProxy.signUpload('corrupt/a.bin', { md5Base64: md5Base64(body) }, USER);
    const put = await fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
    expect(put.status).toBe(400);
    expect(await errorCodeOf(put)).toBe('BadDigest');
    expect(await s3.provider.stat('corrupt/a.bin')).toBeNull();
  });

  it('drop-etag hides an UploadPart receipt', async () => {
    const part = randomBytes(5 * 1024 * 1024);
    const uploadId = await viaProxy.createMultipartUpload('etag/a.bin', USER);
    const signed = await viaProxy.signUploadParts('etag/a.bin', uploadId, [1], USER);
    proxy.setRules([
      { match: { queryIncludes: 'partNumber=1' }, fault: { kind: 'drop-etag' }, times: 1 },
    ]);

    const first = await fetch(signed.parts[0]!.url, { method: 'PUT', body: part });
    expect(first.status).toBe(200);
    expect(first.headers.has('etag')).toBe(false);

    // Sending the part again returns the receipt, and the upload completes with it.
    const again = await fetch(signed.parts[0]!.url, { method: 'PUT', body: part });
    const etag = again.headers.get('etag');
    expect(etag).toBe(`"${md5Hex(part)}"`);
    await viaProxy.completeMultipartUpload('etag/a.bin', uploadId, [
      { partNumber: 1, etag: etag! },
    ]);
    expect((await s3.provider.stat('etag/a.bin'))?.size).toBe(part.length);

    const puts = proxy.stats().log.filter((entry) => entry.method === 'PUT');
    expect(puts.map((entry) => [entry.fault, entry.requestBytes])).toEqual([
      ['drop-etag', part.length],
      [null, part.length],
    ]);
  });
});

function md5Hex(body: Uint8Array): string {
  return Buffer.from(md5Base64(body), 'base64').toString('hex');
}
