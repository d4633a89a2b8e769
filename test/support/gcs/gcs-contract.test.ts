// Contract of the GCS XML API that the project relies on, written so that it holds for both the
// GCS double and real Cloud Storage. It runs against the double by default; set GCS_TEST_BUCKET
// and GOOGLE_APPLICATION_CREDENTIALS (a service-account JSON key) to run it against a real
// bucket instead (see contract-target.ts). The multipart checks upload about 20 MiB.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openContractTarget, type ContractTarget } from './contract-target';
import {
  md5Base64,
  md5Hex,
  parseGoogHash,
  patternBytes,
  sdkCrc32c,
  xmlElement,
  xmlElements,
} from './signed-requests';
import type { XmlApiRequests } from './xml-api-requests';

const MiB = 1024 * 1024;

let target: ContractTarget;
let requests: XmlApiRequests;

async function expectXmlError(response: Response, status: number, code: string): Promise<void> {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  expect(xmlElement(body, 'Code')).toBe(code);
}

async function putObject(name: string, data: Buffer): Promise<Response> {
  const response = await requests.put(name, data);
  expect(response.status, await response.clone().text()).toBe(200);
  return response;
}

async function uploadPartEtag(name: string, uploadId: string, partNumber: number, data: Buffer) {
  const response = await requests.uploadPart(name, uploadId, partNumber, data);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers.get('etag')!;
}

/** Cloud Storage may send entity tags with or without quotes; the MD5 hex inside is the value. */
function unquote(etag: string | null): string | undefined {
  return etag?.replace(/^"|"$/g, '');
}

/** Waits until X-Goog-Date + X-Goog-Expires of a signed URL lies in the past. */
async function waitUntilExpired(url: string): Promise<void> {
  const query = new URL(url).searchParams;
  const stamp = query
    .get('X-Goog-Date')!
    .replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const expiresAt = Date.parse(stamp) + Number(query.get('X-Goog-Expires')) * 1000;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 1100));
}

beforeAll(async () => {
  target = await openContractTarget();
  requests = target.requests;
});

afterAll(async () => {
  await target?.close();
});

describe('GCS contract: objects', () => {
  it('round-trips a single PUT', async () => {
    const name = target.objectName('objects/roundtrip.bin');
    const data = patternBytes(256 * 1024, 101);

    const put = await putObject(name, data);
    expect(unquote(put.headers.get('etag'))).toBe(md5Hex(data));

    const get = await requests.get(name);
    expect(get.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await get.arrayBuffer()), data)).toBe(0);
    const hashes = parseGoogHash(get.headers.get('x-goog-hash'));
    expect(hashes.md5).toBe(md5Base64(data));
    expect(hashes.crc32c).toBe(sdkCrc32c(data));
  });

  it('answers HEAD without a body', async () => {
    const name = target.objectName('objects/head.bin');
    await putObject(name, patternBytes(1500, 102));

    const head = await requests.head(name);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1500');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('returns NoSuchKey for a missing object', async () => {
    const response = await requests.get(target.objectName('objects/missing.bin'));
    await expectXmlError(response, 404, 'NoSuchKey');
  });

  it('rejects a wrong Content-MD5', async () => {
    const name = target.objectName('objects/bad-digest.bin');
    const wrongMd5 = md5Base64(Buffer.from('not the body'));
    const url = await requests.signer.sign(name, 'PUT', { contentMd5: wrongMd5 });

    const response = await fetch(url, {
      method: 'PUT',
      body: patternBytes(512, 103),
      headers: { 'Content-MD5': wrongMd5 },
    });
    await expectXmlError(response, 400, 'BadDigest');
  });

  it('serves a byte range with 206', async () => {
    const name = target.objectName('objects/range.bin');
    const data = patternBytes(8192, 104);
    await putObject(name, data);

    const response = await requests.get(name, { Range: 'bytes=1000-1999' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 1000-1999/8192');
    const body = Buffer.from(await response.arrayBuffer());
    expect(Buffer.compare(body, data.subarray(1000, 2000))).toBe(0);
  });

  it('returns 416 for a range past the end', async () => {
    const name = target.objectName('objects/range-416.bin');
    await putObject(name, patternBytes(100, 105));

    const response = await requests.get(name, { Range: 'bytes=100-200' });
    await expectXmlError(response, 416, 'InvalidRange');
  });
});

describe('GCS contract: signed URLs', () => {
  it('rejects a tampered signature', async () => {
    const name = target.objectName('signed/tampered.bin');
    await putObject(name, patternBytes(64, 111));
    const url = new URL(await requests.signer.sign(name, 'GET'));
    const signature = url.searchParams.get('X-Goog-Signature')!;
    url.searchParams.set(
      'X-Goog-Signature',
      (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1),
    );

    await expectXmlError(await fetch(url), 403, 'SignatureDoesNotMatch');
  });

  it('rejects an expired URL', async () => {
    const name = target.objectName('signed/expired.bin');
    await putObject(name, patternBytes(64, 112));
    const url = await requests.signer.sign(name, 'GET', { expiresInSeconds: 1 });
    await waitUntilExpired(url);

    await expectXmlError(await fetch(url), 400, 'ExpiredToken');
  });

  it('rejects a URL for object A used on B', async () => {
    const nameA = target.objectName('signed/a.bin');
    const nameB = target.objectName('signed/b.bin');
    await putObject(nameB, patternBytes(64, 113));

    const url = new URL(await requests.signer.sign(nameA, 'GET'));
    url.pathname = url.pathname.replace(/a\.bin$/, 'b.bin');
    await expectXmlError(await fetch(url), 403, 'SignatureDoesNotMatch');
  });

  it('rejects a read URL used for PUT', async () => {
    const name = target.objectName('signed/read-only.bin');
    const url = await requests.signer.sign(name, 'GET');

    const response = await fetch(url, { method: 'PUT', body: patternBytes(64, 114) });
    await expectXmlError(response, 403, 'SignatureDoesNotMatch');
  });
});

describe('GCS contract: multipart uploads', () => {
  it('assembles 2 x 5 MiB + 1 KiB parts', async () => {
    const name = target.objectName('multipart/assembled.bin');
    const partData = [
      patternBytes(5 * MiB, 121),
      patternBytes(5 * MiB, 122),
      patternBytes(1024, 123),
    ];
    const uploadId = await requests.initiateUploadId(name);

    const etags: string[] = [];
    for (const [index, data] of partData.entries()) {
      const etag = await uploadPartEtag(name, uploadId, index + 1, data);
      expect(unquote(etag)).toBe(md5Hex(data));
      etags.push(etag);
    }

    const listed = await requests.listParts(name, uploadId);
    const listBody = await listed.text();
    expect(listed.status, listBody).toBe(200);
    expect(xmlElements(listBody, 'PartNumber')).toEqual(['1', '2', '3']);
    expect(xmlElements(listBody, 'ETag').map(unquote)).toEqual(etags.map(unquote));

    const parts = etags.map((etag, index) => ({ partNumber: index + 1, etag }));
    const completed = await requests.complete(name, uploadId, parts);
    expect(completed.status, await completed.text()).toBe(200);

    const expected = Buffer.concat(partData);
    const get = await requests.get(name);
    const body = Buffer.from(await get.arrayBuffer());
    expect(body.length).toBe(expected.length);
    expect(Buffer.compare(body, expected)).toBe(0);
    expect(parseGoogHash(get.headers.get('x-goog-hash')).crc32c).toBe(sdkCrc32c(expected));
  });

  it('rejects a small non-last part', async () => {
    const name = target.objectName('multipart/too-small.bin');
    const uploadId = await requests.initiateUploadId(name);
    try {
      const parts = [
        { partNumber: 1, etag: await uploadPartEtag(name, uploadId, 1, patternBytes(MiB, 124)) },
        { partNumber: 2, etag: await uploadPartEtag(name, uploadId, 2, patternBytes(1024, 125)) },
      ];
      await expectXmlError(await requests.complete(name, uploadId, parts), 400, 'EntityTooSmall');
    } finally {
      await requests.abort(name, uploadId);
    }
  });

  it('rejects a wrong part ETag', async () => {
    const name = target.objectName('multipart/wrong-etag.bin');
    const uploadId = await requests.initiateUploadId(name);
    try {
      await uploadPartEtag(name, uploadId, 1, patternBytes(1024, 126));
      const parts = [{ partNumber: 1, etag: `"${md5Hex(Buffer.from('other bytes'))}"` }];
      await expectXmlError(await requests.complete(name, uploadId, parts), 400, 'InvalidPart');
    } finally {
      await requests.abort(name, uploadId);
    }
  });

  it('rejects parts out of order', async () => {
    const name = target.objectName('multipart/order.bin');
    const uploadId = await requests.initiateUploadId(name);
    try {
      const first = await uploadPartEtag(name, uploadId, 1, patternBytes(5 * MiB, 127));
      const second = await uploadPartEtag(name, uploadId, 2, patternBytes(1024, 128));
      const parts = [
        { partNumber: 2, etag: second },
        { partNumber: 1, etag: first },
      ];
      await expectXmlError(await requests.complete(name, uploadId, parts), 400, 'InvalidPartOrder');
    } finally {
      await requests.abort(name, uploadId);
    }
  });

  it('returns NoSuchUpload after abort', async () => {
    const name = target.objectName('multipart/aborted.bin');
    const uploadId = await requests.initiateUploadId(name);
    await uploadPartEtag(name, uploadId, 1, patternBytes(1024, 129));

    const aborted = await requests.abort(name, uploadId);
    expect(aborted.status).toBe(204);

    const late = await requests.uploadPart(name, uploadId, 2, patternBytes(1024, 130));
    await expectXmlError(late, 404, 'NoSuchUpload');
  });
});
