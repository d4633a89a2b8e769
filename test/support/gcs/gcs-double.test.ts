// Tests of the GCS XML API test double itself: the behaviour that the project's GCS code relies
// on, plus what only the double has (bearer tokens, registered service accounts, temp storage).
// @google-cloud/storage only signs URLs here; every request goes out with fetch.

import { generateKeyPairSync } from 'node:crypto';

import { Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { crc32cBase64 } from './crc32c';
import { startGcsDouble, type GcsDouble, type ServiceAccountKey } from './index';
import {
  UrlSigner,
  completeBody,
  md5Base64,
  md5Hex,
  parseGoogHash,
  patternBytes,
  sdkCrc32c,
  xmlElement,
  xmlElements,
} from './signed-requests';
import { XmlApiRequests } from './xml-api-requests';

const BUCKET = 'byob-double-test';
const MiB = 1024 * 1024;

let gcs: GcsDouble;
let signer: UrlSigner;
let requests: XmlApiRequests;

function signerFor(credentials: ServiceAccountKey, projectId: string): UrlSigner {
  const storage = new Storage({ apiEndpoint: gcs.endpoint, projectId, credentials });
  return new UrlSigner(storage, BUCKET);
}

async function expectXmlError(response: Response, status: number, code: string): Promise<string> {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  expect(xmlElement(body, 'Code')).toBe(code);
  return body;
}

async function putObject(name: string, data: Buffer): Promise<Response> {
  const response = await requests.put(name, data);
  expect(response.status, await response.clone().text()).toBe(200);
  return response;
}

async function readObject(name: string): Promise<Buffer> {
  const response = await requests.get(name);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function uploadPartEtag(name: string, uploadId: string, partNumber: number, data: Buffer) {
  const response = await requests.uploadPart(name, uploadId, partNumber, data);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers.get('etag')!;
}

/** Waits until X-Goog-Date + X-Goog-Expires of a signed URL lies in the past. */
async function waitUntilExpired(url: string): Promise<void> {
  const query = new URL(url).searchParams;
  const date = query.get('X-Goog-Date')!;
  const signedAt = Date.parse(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
  );
  const expiresAt = signedAt + Number(query.get('X-Goog-Expires')) * 1000;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1100));
}

beforeAll(async () => {
  gcs = await startGcsDouble();
  gcs.createBucket(BUCKET);
  signer = signerFor(gcs.serviceAccount, gcs.projectId);
  requests = new XmlApiRequests(signer);
});

afterAll(async () => {
  await gcs?.stop();
});

describe('crc32c', () => {
  it('matches the standard check value', () => {
    // The published CRC-32C check value: "123456789" gives 0xE3069283.
    expect(crc32cBase64(Buffer.from('123456789'))).toBe('4waSgw==');
  });

  it('matches the SDK checksum', () => {
    const data = patternBytes(100_000, 7);
    expect(crc32cBase64(data)).toBe(sdkCrc32c(data));
  });
});

describe('GCS double single-object requests', () => {
  it('returns PUT bytes unchanged on GET', async () => {
    const data = patternBytes(300_000, 1);
    const put = await putObject('single/roundtrip.bin', data);

    expect(put.headers.get('etag')).toBe(`"${md5Hex(data)}"`);
    expect(Buffer.compare(await readObject('single/roundtrip.bin'), data)).toBe(0);
  });

  it('reports md5 and crc32c in x-goog-hash', async () => {
    const data = patternBytes(4096, 2);
    await putObject('single/hashes.bin', data);

    const response = await requests.get('single/hashes.bin');
    const hashes = parseGoogHash(response.headers.get('x-goog-hash'));
    expect(hashes.md5).toBe(md5Base64(data));
    expect(hashes.crc32c).toBe(sdkCrc32c(data));
    expect(response.headers.get('x-goog-stored-content-length')).toBe('4096');
  });

  it('answers HEAD with headers only', async () => {
    const data = patternBytes(2048, 3);
    await putObject('single/head.bin', data);

    const response = await requests.head('single/head.bin');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('2048');
    expect(parseGoogHash(response.headers.get('x-goog-hash')).md5).toBe(md5Base64(data));
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('keeps names with spaces and unicode', async () => {
    const name = 'dir with space/ünïcödé (1)+x.bin';
    const data = patternBytes(100, 4);
    await putObject(name, data);

    expect(Buffer.compare(await readObject(name), data)).toBe(0);
  });

  it('rejects a wrong Content-MD5 with BadDigest', async () => {
    const data = patternBytes(1000, 5);
    const wrongMd5 = md5Base64(Buffer.from('other data'));
    const url = await signer.sign('single/bad-digest.bin', 'PUT', { contentMd5: wrongMd5 });

    const response = await fetch(url, {
      method: 'PUT',
      body: data,
      headers: { 'Content-MD5': wrongMd5 },
    });
    await expectXmlError(response, 400, 'BadDigest');

    const read = await requests.get('single/bad-digest.bin');
    await expectXmlError(read, 404, 'NoSuchKey');
  });

  it('returns 404 NoSuchKey for a missing object', async () => {
    const response = await requests.get('single/never-written.bin');
    await expectXmlError(response, 404, 'NoSuchKey');
  });

  it('deletes an object', async () => {
    await putObject('single/delete-me.bin', patternBytes(10, 6));

    const deleted = await requests.delete('single/delete-me.bin');
    expect(deleted.status).toBe(204);
    const read = await requests.get('single/delete-me.bin');
    await expectXmlError(read, 404, 'NoSuchKey');
  });
});

describe('GCS double ranged GET', () => {
  const data = patternBytes(10_000, 8);

  beforeAll(async () => {
    await putObject('range/object.bin', data);
  });

  it('returns 206 with Content-Range', async () => {
    const response = await requests.get('range/object.bin', { Range: 'bytes=100-1099' });

    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-1099/10000');
    const body = Buffer.from(await response.arrayBuffer());
    expect(Buffer.compare(body, data.subarray(100, 1100))).toBe(0);
  });

  it('serves a suffix range', async () => {
    const response = await requests.get('range/object.bin', { Range: 'bytes=-500' });

    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 9500-9999/10000');
    const body = Buffer.from(await response.arrayBuffer());
    expect(Buffer.compare(body, data.subarray(9500))).toBe(0);
  });

  it('serves an open-ended range', async () => {
    const response = await requests.get('range/object.bin', { Range: 'bytes=9000-' });

    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 9000-9999/10000');
    const body = Buffer.from(await response.arrayBuffer());
    expect(Buffer.compare(body, data.subarray(9000))).toBe(0);
  });

  it('returns 416 for a range of an empty object', async () => {
    await putObject('range/empty.bin', Buffer.alloc(0));

    const response = await requests.get('range/empty.bin', { Range: 'bytes=0-' });
    await expectXmlError(response, 416, 'InvalidRange');
    expect(response.headers.get('content-range')).toBe('bytes */0');
  });

  it('returns 416 past the end', async () => {
    const response = await requests.get('range/object.bin', { Range: 'bytes=10000-20000' });

    await expectXmlError(response, 416, 'InvalidRange');
    expect(response.headers.get('content-range')).toBe('bytes */10000');
  });
});

describe('GCS double signed URL checks', () => {
  it('rejects a tampered signature', async () => {
    await putObject('auth/object.bin', patternBytes(64, 9));
    const url = new URL(await signer.sign('auth/object.bin', 'GET'));
    const signature = url.searchParams.get('X-Goog-Signature')!;
    const flipped = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
    url.searchParams.set('X-Goog-Signature', flipped);

    await expectXmlError(await fetch(url), 403, 'SignatureDoesNotMatch');
  });

  it('rejects an expired URL with ExpiredToken', async () => {
    await putObject('auth/expiring.bin', patternBytes(64, 10));
    const url = await signer.sign('auth/expiring.bin', 'GET', { expiresInSeconds: 1 });
    await waitUntilExpired(url);

    await expectXmlError(await fetch(url), 400, 'ExpiredToken');
  });

  it('rejects a URL for object A used on B', async () => {
    await putObject('auth/b.bin', patternBytes(64, 11));
    const urlForA = new URL(await signer.sign('auth/a.bin', 'GET'));
    urlForA.pathname = `/${BUCKET}/auth/b.bin`;

    await expectXmlError(await fetch(urlForA), 403, 'SignatureDoesNotMatch');
  });

  it('rejects a read URL used for PUT', async () => {
    const url = await signer.sign('auth/read-only.bin', 'GET');
    const response = await fetch(url, { method: 'PUT', body: patternBytes(64, 12) });

    await expectXmlError(response, 403, 'SignatureDoesNotMatch');
    await expectXmlError(await fetch(url), 404, 'NoSuchKey');
  });

  it('rejects X-Goog-Expires above seven days', async () => {
    const url = new URL(await signer.sign('auth/object.bin', 'GET'));
    url.searchParams.set('X-Goog-Expires', '604801');

    await expectXmlError(await fetch(url), 400, 'InvalidArgument');
  });

  it('accepts a second registered service account', async () => {
    const platformSigner = signerFor(gcs.createServiceAccount(), gcs.projectId);
    const data = patternBytes(64, 13);
    const put = await fetch(await platformSigner.sign('auth/platform.bin', 'PUT'), {
      method: 'PUT',
      body: data,
    });

    expect(put.status).toBe(200);
    expect(Buffer.compare(await readObject('auth/platform.bin'), data)).toBe(0);
  });

  it('rejects an unregistered service account', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stranger = signerFor(
      {
        client_email: `stranger@${gcs.projectId}.iam.gserviceaccount.com`,
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      gcs.projectId,
    );

    const response = await fetch(await stranger.sign('auth/object.bin', 'GET'));
    await expectXmlError(response, 403, 'SignatureDoesNotMatch');
  });
});

describe('GCS double bearer tokens', () => {
  const objectUrl = () => `${gcs.endpoint}/${BUCKET}/bearer/object.bin`;

  it('accepts a registered token', async () => {
    gcs.registerBearerToken('platform-token-1');
    const data = patternBytes(256, 14);
    const headers = { Authorization: 'Bearer platform-token-1' };

    const put = await fetch(objectUrl(), { method: 'PUT', body: data, headers });
    expect(put.status).toBe(200);
    const get = await fetch(objectUrl(), { headers });
    expect(Buffer.compare(Buffer.from(await get.arrayBuffer()), data)).toBe(0);
  });

  it('rejects an unregistered token', async () => {
    const response = await fetch(objectUrl(), {
      headers: { Authorization: 'Bearer not-registered' },
    });
    await expectXmlError(response, 401, 'AuthenticationRequired');
  });

  it('rejects a request without credentials', async () => {
    await expectXmlError(await fetch(objectUrl()), 403, 'AccessDenied');
  });

  it('runs a multipart upload with a token', async () => {
    gcs.registerBearerToken('platform-token-2');
    const headers = { Authorization: 'Bearer platform-token-2' };
    const url = `${gcs.endpoint}/${BUCKET}/bearer/multipart.bin`;
    const data = patternBytes(2048, 15);

    const initiated = await fetch(`${url}?uploads`, { method: 'POST', headers });
    const uploadId = xmlElement(await initiated.text(), 'UploadId')!;
    const part = await fetch(`${url}?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, {
      method: 'PUT',
      body: data,
      headers,
    });
    const etag = part.headers.get('etag')!;
    const completed = await fetch(`${url}?uploadId=${encodeURIComponent(uploadId)}`, {
      method: 'POST',
      body: completeBody([{ partNumber: 1, etag }]),
      headers,
    });

    expect(completed.status, await completed.text()).toBe(200);
    expect(Buffer.compare(await readObject('bearer/multipart.bin'), data)).toBe(0);
  });

  it('reports bucket existence on HEAD', async () => {
    gcs.registerBearerToken('platform-token-3');
    const headers = { Authorization: 'Bearer platform-token-3' };

    const existing = await fetch(`${gcs.endpoint}/${BUCKET}`, { method: 'HEAD', headers });
    expect(existing.status).toBe(200);
    const missing = await fetch(`${gcs.endpoint}/no-such-bucket`, { method: 'HEAD', headers });
    expect(missing.status).toBe(404);
  });
});

describe('GCS double multipart upload', () => {
  it('assembles 2 x 5 MiB + 1 KiB parts', async () => {
    const name = 'multipart/assembled.bin';
    const partData = [patternBytes(5 * MiB, 21), patternBytes(5 * MiB, 22), patternBytes(1024, 23)];
    const uploadId = await requests.initiateUploadId(name);

    const etags: string[] = [];
    for (const [index, data] of partData.entries()) {
      const etag = await uploadPartEtag(name, uploadId, index + 1, data);
      expect(etag).toBe(`"${md5Hex(data)}"`);
      etags.push(etag);
    }

    const listBody = await (await requests.listParts(name, uploadId)).text();
    expect(xmlElements(listBody, 'PartNumber')).toEqual(['1', '2', '3']);
    expect(xmlElements(listBody, 'ETag')).toEqual(etags);
    expect(xmlElements(listBody, 'Size')).toEqual([String(5 * MiB), String(5 * MiB), '1024']);

    const parts = etags.map((etag, index) => ({ partNumber: index + 1, etag }));
    const completed = await requests.complete(name, uploadId, parts);
    const completedBody = await completed.text();
    expect(completed.status, completedBody).toBe(200);
    expect(xmlElement(completedBody, 'Key')).toBe(name);

    const expected = Buffer.concat(partData);
    const response = await requests.get(name);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBe(expected.length);
    expect(Buffer.compare(body, expected)).toBe(0);

    // An object assembled from parts has a CRC32C but no MD5 in Cloud Storage.
    const hashes = parseGoogHash(response.headers.get('x-goog-hash'));
    expect(hashes.crc32c).toBe(sdkCrc32c(expected));
    expect(hashes.md5).toBeUndefined();
  });

  it('streams a 40 MiB part', async () => {
    const name = 'multipart/large-part.bin';
    const data = patternBytes(40 * MiB, 24);
    const uploadId = await requests.initiateUploadId(name);

    const etag = await uploadPartEtag(name, uploadId, 1, data);
    expect(etag).toBe(`"${md5Hex(data)}"`);

    const completed = await requests.complete(name, uploadId, [{ partNumber: 1, etag }]);
    expect(completed.status).toBe(200);
    expect(md5Hex(await readObject(name))).toBe(md5Hex(data));
  });

  it('rejects a small non-last part with EntityTooSmall', async () => {
    const name = 'multipart/too-small.bin';
    const uploadId = await requests.initiateUploadId(name);
    const parts = [
      { partNumber: 1, etag: await uploadPartEtag(name, uploadId, 1, patternBytes(1 * MiB, 25)) },
      { partNumber: 2, etag: await uploadPartEtag(name, uploadId, 2, patternBytes(1024, 26)) },
    ];

    await expectXmlError(await requests.complete(name, uploadId, parts), 400, 'EntityTooSmall');
  });

  it('rejects a wrong ETag with InvalidPart', async () => {
    const name = 'multipart/wrong-etag.bin';
    const uploadId = await requests.initiateUploadId(name);
    await uploadPartEtag(name, uploadId, 1, patternBytes(1024, 27));

    const parts = [{ partNumber: 1, etag: `"${md5Hex(Buffer.from('something else'))}"` }];
    await expectXmlError(await requests.complete(name, uploadId, parts), 400, 'InvalidPart');
  });

  it('rejects descending parts with InvalidPartOrder', async () => {
    const name = 'multipart/order.bin';
    const uploadId = await requests.initiateUploadId(name);
    const first = await uploadPartEtag(name, uploadId, 1, patternBytes(5 * MiB, 28));
    const second = await uploadPartEtag(name, uploadId, 2, patternBytes(1024, 29));

    const parts = [
      { partNumber: 2, etag: second },
      { partNumber: 1, etag: first },
    ];
    await expectXmlError(await requests.complete(name, uploadId, parts), 400, 'InvalidPartOrder');
  });

  it('rejects part numbers outside 1 to 10000', async () => {
    const name = 'multipart/part-numbers.bin';
    const uploadId = await requests.initiateUploadId(name);

    for (const partNumber of [0, 10_001]) {
      const response = await requests.uploadPart(name, uploadId, partNumber, patternBytes(16, 30));
      await expectXmlError(response, 400, 'InvalidArgument');
    }
  });

  it('pages the part list with max-parts', async () => {
    const name = 'multipart/paged.bin';
    const uploadId = await requests.initiateUploadId(name);
    for (const partNumber of [1, 2, 3]) {
      await uploadPartEtag(name, uploadId, partNumber, patternBytes(16, 30 + partNumber));
    }

    const first = await requests.listParts(name, uploadId, { 'max-parts': '2' });
    const firstBody = await first.text();
    expect(xmlElements(firstBody, 'PartNumber')).toEqual(['1', '2']);
    expect(xmlElement(firstBody, 'IsTruncated')).toBe('true');
    expect(xmlElement(firstBody, 'NextPartNumberMarker')).toBe('2');

    const second = await requests.listParts(name, uploadId, {
      'max-parts': '2',
      'part-number-marker': '2',
    });
    const secondBody = await second.text();
    expect(xmlElements(secondBody, 'PartNumber')).toEqual(['3']);
    expect(xmlElement(secondBody, 'IsTruncated')).toBe('false');
  });

  it('returns NoSuchUpload after abort', async () => {
    const name = 'multipart/aborted.bin';
    const uploadId = await requests.initiateUploadId(name);
    await uploadPartEtag(name, uploadId, 1, patternBytes(1024, 34));

    expect((await requests.abort(name, uploadId)).status).toBe(204);

    const late = await requests.uploadPart(name, uploadId, 2, patternBytes(1024, 35));
    await expectXmlError(late, 404, 'NoSuchUpload');
  });

  it('rejects a malformed complete body', async () => {
    const name = 'multipart/malformed.bin';
    const uploadId = await requests.initiateUploadId(name);
    const url = await signer.sign(name, 'POST', { queryParams: { uploadId } });

    const response = await fetch(url, { method: 'POST', body: '<CompleteMultipartUpload><Part>' });
    await expectXmlError(response, 400, 'MalformedXML');
  });

  it('accepts parts uploaded in parallel', async () => {
    const name = 'multipart/parallel.bin';
    const partData = [1, 2, 3, 4].map((seed) => patternBytes(5 * MiB, 40 + seed));
    const uploadId = await requests.initiateUploadId(name);

    const etags = await Promise.all(
      partData.map((data, index) => uploadPartEtag(name, uploadId, index + 1, data)),
    );
    const parts = etags.map((etag, index) => ({ partNumber: index + 1, etag }));
    expect((await requests.complete(name, uploadId, parts)).status).toBe(200);

    expect(md5Hex(await readObject(name))).toBe(md5Hex(Buffer.concat(partData)));
  });

  it('rejects an upload id of another object', async () => {
    const uploadId = await requests.initiateUploadId('multipart/owner.bin');
    const response = await requests.uploadPart(
      'multipart/intruder.bin',
      uploadId,
      1,
      patternBytes(16, 36),
    );
    await expectXmlError(response, 404, 'NoSuchUpload');
  });
});
