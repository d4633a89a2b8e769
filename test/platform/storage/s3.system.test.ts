// The S3 provider against a real Ceph RADOS Gateway: uploads and downloads through minted URLs,
// multipart uploads, what the signature covers, SSE-KMS, names that need encoding, and the
// object operations the platform runs with the bucket's own keys.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';

import { parseStorageAddress } from '../../../platform/storage/address.ts';
import { openProvider } from '../../../platform/storage/open-provider.ts';
import { createS3Provider } from '../../../platform/storage/s3.ts';
import { findFreePorts } from '../../support/ceph/ports.ts';
import {
  BUCKET,
  PREFIX,
  USER,
  downloadFile,
  errorCodeOf,
  md5Base64,
  putThrough,
  uploadFile,
  uploadParts,
  useS3Bucket,
} from './s3-fixture.ts';

const s3 = useS3Bucket();
const MiB = 1024 * 1024;

describe('S3 provider URLs', () => {
  it('single PUT then download is byte-identical', async () => {
    const body = randomBytes(64 * 1024);
    const upload = await s3.provider.signUpload('single.bin', { md5Base64: md5Base64(body) }, USER);
    expect(upload.headers).toEqual([`Content-MD5:${md5Base64(body)}`]);

    const query = new URL(upload.url).searchParams;
    expect(query.get('X-User')).toBe('alice');
    expect(query.get('X-Amz-SignedHeaders')).toBe('content-md5;host');
    expect((await putThrough(upload, body)).status).toBe(200);

    const download = await s3.provider.signDownload('single.bin', USER);
    expect(new URL(download.url).searchParams.get('X-User')).toBe('alice');
    expect((await downloadFile(s3.provider, 'single.bin')).equals(body)).toBe(true);
  });

  it('stat gives size and the uploaded MD5', async () => {
    const body = randomBytes(1000);
    await uploadFile(s3.provider, 'stat.bin', body);

    expect(await s3.provider.stat('stat.bin')).toEqual({ size: 1000, md5Base64: md5Base64(body) });
    expect(await s3.provider.stat('missing.bin')).toBeNull();
  });

  it('single PUT with a wrong MD5 is rejected', async () => {
    const upload = await s3.provider.signUpload(
      'wrong-md5.bin',
      { md5Base64: md5Base64(Buffer.from('other content')) },
      USER,
    );
    const response = await putThrough(upload, Buffer.from('actual content'));
    expect(response.status).toBe(400);
    expect(await errorCodeOf(response)).toBe('BadDigest');
    expect(await s3.provider.stat('wrong-md5.bin')).toBeNull();
  });

  it('upload without MD5 lists no headers', async () => {
    const upload = await s3.provider.signUpload('no-md5.txt', { md5Base64: null }, USER);
    expect(upload.headers).toEqual([]);
    expect((await putThrough(upload, Buffer.from('plain'))).status).toBe(200);
    expect((await downloadFile(s3.provider, 'no-md5.txt')).toString()).toBe('plain');
  });

  it('expiresAt matches the upload and download lifetimes', async () => {
    const now = new Date('2030-01-02T03:04:05.678Z');
    const provider = s3.makeProvider({
      clock: () => now,
      lifetimes: { uploadSeconds: 600, downloadSeconds: 60 },
    });
    const upload = await provider.signUpload('times.bin', { md5Base64: null }, USER);
    const download = await provider.signDownload('times.bin', USER);

    expect(upload.expiresAt.toISOString()).toBe('2030-01-02T03:14:05.000Z');
    expect(new URL(upload.url).searchParams.get('X-Amz-Expires')).toBe('600');
    expect(download.expiresAt.toISOString()).toBe('2030-01-02T03:05:05.000Z');
    expect(new URL(download.url).searchParams.get('X-Amz-Expires')).toBe('60');
  });

  it('0-byte object round-trips', async () => {
    const empty = Buffer.alloc(0);
    await uploadFile(s3.provider, 'empty.bin', empty);

    expect(await s3.provider.stat('empty.bin')).toEqual({ size: 0, md5Base64: md5Base64(empty) });
    expect((await downloadFile(s3.provider, 'empty.bin')).length).toBe(0);
    expect((await s3.provider.readSmallObject('empty.bin', 10)).length).toBe(0);
  });

  it('paths land under the prefix in the bucket', async () => {
    await uploadFile(s3.provider, 'prefixed.txt', Buffer.from('under the prefix'));
    const upload = await s3.provider.signUpload('prefixed.txt', { md5Base64: null }, USER);
    expect(new URL(upload.url).pathname).toBe(`/${BUCKET}/${PREFIX}/prefixed.txt`);

    const unprefixed = s3.makeProvider({ prefix: undefined });
    expect((await unprefixed.stat(`${PREFIX}/prefixed.txt`))?.size).toBe(16);
  });
});

describe('S3 provider multipart uploads', () => {
  it('three parts complete and read back identical', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(1024)];
    const whole = Buffer.concat(parts);
    const { uploadId, etags } = await uploadParts(s3.provider, 'multi.bin', parts);

    const listed = await s3.provider.listParts('multi.bin', uploadId);
    expect(listed).toEqual([
      { partNumber: 1, etag: etags[0], size: 5 * MiB },
      { partNumber: 2, etag: etags[1], size: 5 * MiB },
      { partNumber: 3, etag: etags[2], size: 1024 },
    ]);

    const etag = await s3.provider.completeMultipartUpload(
      'multi.bin',
      uploadId,
      etags.map((value, index) => ({ partNumber: index + 1, etag: value })),
    );
    expect(etag).toMatch(/^"[0-9a-f]{32}-3"$/);

    expect((await downloadFile(s3.provider, 'multi.bin')).equals(whole)).toBe(true);
    // A multipart ETag is not the content MD5, so stat reports none.
    expect(await s3.provider.stat('multi.bin')).toEqual({ size: whole.length, md5Base64: null });
  });

  it('part URLs carry the user and the upload lifetime', async () => {
    const provider = s3.makeProvider({ lifetimes: { uploadSeconds: 900, downloadSeconds: 60 } });
    const uploadId = await provider.createMultipartUpload('part-urls.bin', USER);
    const signed = await provider.signUploadParts('part-urls.bin', uploadId, [1, 2], USER);

    expect(signed.uploadId).toBe(uploadId);
    for (const part of signed.parts) {
      const query = new URL(part.url).searchParams;
      expect(query.get('partNumber')).toBe(String(part.partNumber));
      expect(query.get('uploadId')).toBe(uploadId);
      expect(query.get('X-User')).toBe('alice');
      expect(query.get('X-Amz-Expires')).toBe('900');
    }
    await provider.abortMultipartUpload('part-urls.bin', uploadId);
  });

  it('listParts is empty before any part', async () => {
    const uploadId = await s3.provider.createMultipartUpload('no-parts.bin', USER);
    expect(await s3.provider.listParts('no-parts.bin', uploadId)).toEqual([]);
    await s3.provider.abortMultipartUpload('no-parts.bin', uploadId);
  });

  it('part PUT after abort gets NoSuchUpload', async () => {
    const uploadId = await s3.provider.createMultipartUpload('aborted.bin', USER);
    const signed = await s3.provider.signUploadParts('aborted.bin', uploadId, [1], USER);
    await s3.provider.abortMultipartUpload('aborted.bin', uploadId);

    const response = await fetch(signed.parts[0]!.url, { method: 'PUT', body: randomBytes(100) });
    expect(response.status).toBe(404);
    expect(await errorCodeOf(response)).toBe('NoSuchUpload');
    // Ceph 16.2 reports NoSuchKey here where AWS reports NoSuchUpload; the fix is the same.
    await expect(s3.provider.listParts('aborted.bin', uploadId)).rejects.toThrow(
      /^S3 ListParts of key "team\/project\/aborted\.bin" in bucket "byob-s3-provider-test" failed with HTTP 404 \((NoSuchUpload|NoSuchKey), request [^)]+\): the multipart upload was completed, aborted or never started, so start a new one\.$/,
    );
  });

  it('complete with a wrong ETag names the fix', async () => {
    const { uploadId } = await uploadParts(s3.provider, 'bad-etag.bin', [randomBytes(100)]);
    const wrong = [{ partNumber: 1, etag: `"${'0'.repeat(32)}"` }];

    await expect(
      s3.provider.completeMultipartUpload('bad-etag.bin', uploadId, wrong),
    ).rejects.toThrow(
      /CompleteMultipartUpload .* HTTP 400 \(InvalidPart.*exactly as its part upload returned it/,
    );
    await s3.provider.abortMultipartUpload('bad-etag.bin', uploadId);
  });
});

describe('S3 provider signatures', () => {
  it('tampered signature is rejected', async () => {
    const { url } = await s3.provider.signDownload('single.bin', USER);
    const tampered = new URL(url);
    const signature = tampered.searchParams.get('X-Amz-Signature')!;
    const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    tampered.searchParams.set('X-Amz-Signature', flipped);

    const response = await fetch(tampered);
    expect(response.status).toBe(403);
    expect(await errorCodeOf(response)).toBe('SignatureDoesNotMatch');
  });

  it('tampered or missing X-User is rejected', async () => {
    const upload = await s3.provider.signUpload('x-user.txt', { md5Base64: null }, USER);

    const renamed = new URL(upload.url);
    renamed.searchParams.set('X-User', 'mallory');
    const renamedResponse = await fetch(renamed, { method: 'PUT', body: 'renamed' });
    expect(renamedResponse.status).toBe(403);
    expect(await errorCodeOf(renamedResponse)).toBe('SignatureDoesNotMatch');

    const removed = new URL(upload.url);
    removed.searchParams.delete('X-User');
    expect((await fetch(removed, { method: 'PUT', body: 'removed' })).status).toBe(403);

    expect(await s3.provider.stat('x-user.txt')).toBeNull();
    expect((await fetch(upload.url, { method: 'PUT', body: 'original' })).status).toBe(200);
  });

  it('X-User with spaces, plus and unicode still signs', async () => {
    const username = 'Ann Lee+ops/ü';
    const upload = await s3.provider.signUpload('odd-user.txt', { md5Base64: null }, { username });
    expect(new URL(upload.url).searchParams.get('X-User')).toBe(username);

    expect((await fetch(upload.url, { method: 'PUT', body: 'odd user' })).status).toBe(200);
    const download = await s3.provider.signDownload('odd-user.txt', { username });
    expect(await (await fetch(download.url)).text()).toBe('odd user');
  });

  it('URL for one key cannot write another', async () => {
    const upload = await s3.provider.signUpload('granted.txt', { md5Base64: null }, USER);
    const other = new URL(upload.url);
    other.pathname = `/${BUCKET}/${PREFIX}/other.txt`;

    const response = await fetch(other, { method: 'PUT', body: 'not allowed' });
    expect(response.status).toBe(403);
    expect(await s3.provider.stat('other.txt')).toBeNull();
  });

  it('expired URLs are rejected', async () => {
    const provider = s3.makeProvider({ lifetimes: { uploadSeconds: 2, downloadSeconds: 2 } });
    await uploadFile(s3.provider, 'expiring.txt', Buffer.from('soon gone'));
    const upload = await provider.signUpload('expiring-put.txt', { md5Base64: null }, USER);
    const download = await provider.signDownload('expiring.txt', USER);

    // Wait past the later expiry, plus a margin for the gateway's one-second clock resolution.
    const waitMs = Math.max(upload.expiresAt.getTime(), download.expiresAt.getTime()) - Date.now();
    await sleep(waitMs + 1500);

    const put = await fetch(upload.url, { method: 'PUT', body: 'late' });
    expect(put.status).toBe(403);
    expect(await errorCodeOf(put)).toBe('AccessDenied');
    const get = await fetch(download.url);
    expect(get.status).toBe(403);
    expect(await errorCodeOf(get)).toBe('AccessDenied');
    expect(await s3.provider.stat('expiring-put.txt')).toBeNull();
  });
});

describe('S3 provider with SSE-KMS', () => {
  it('single PUT object is stored with the KMS key', async () => {
    const kmsKeyId = s3.cluster.kmsKeyId;
    const provider = s3.makeProvider({ kmsKeyId });
    const body = randomBytes(10_000);
    const upload = await provider.signUpload(
      'kms-single.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    expect(upload.headers).toEqual([
      `Content-MD5:${md5Base64(body)}`,
      'x-amz-server-side-encryption:aws:kms',
      `x-amz-server-side-encryption-aws-kms-key-id:${kmsKeyId}`,
    ]);
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-md5;host;x-amz-server-side-encryption;x-amz-server-side-encryption-aws-kms-key-id',
    );
    expect((await putThrough(upload, body)).status).toBe(200);

    const head = await s3.sdk.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/kms-single.bin` }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toBe(kmsKeyId);
    expect((await downloadFile(provider, 'kms-single.bin')).equals(body)).toBe(true);
    // An SSE-KMS ETag is not the content MD5.
    expect(await provider.stat('kms-single.bin')).toEqual({ size: body.length, md5Base64: null });
  });

  it('upload without the SSE headers is rejected', async () => {
    const provider = s3.makeProvider({ kmsKeyId: s3.cluster.kmsKeyId });
    const upload = await provider.signUpload('kms-missing.bin', { md5Base64: null }, USER);

    const response = await fetch(upload.url, { method: 'PUT', body: 'no headers' });
    expect(response.status).toBe(403);
    expect(await provider.stat('kms-missing.bin')).toBeNull();
  });

  it('multipart object is stored with the KMS key', async () => {
    const provider = s3.makeProvider({ kmsKeyId: s3.cluster.kmsKeyId });
    const parts = [randomBytes(5 * MiB), randomBytes(2048)];
    const { uploadId, etags } = await uploadParts(provider, 'kms-multi.bin', parts);
    await provider.completeMultipartUpload(
      'kms-multi.bin',
      uploadId,
      etags.map((etag, index) => ({ partNumber: index + 1, etag })),
    );

    const head = await s3.sdk.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/kms-multi.bin` }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toBe(s3.cluster.kmsKeyId);
    expect((await downloadFile(provider, 'kms-multi.bin')).equals(Buffer.concat(parts))).toBe(true);
  });

  it('putSmallObject encrypts with the KMS key', async () => {
    const provider = s3.makeProvider({ kmsKeyId: s3.cluster.kmsKeyId });
    await provider.putSmallObject('kms-manifest.json', Buffer.from('{"kms":true}'));

    const head = await s3.sdk.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/kms-manifest.json` }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect((await provider.readSmallObject('kms-manifest.json', 100)).toString()).toBe(
      '{"kms":true}',
    );
  });
});

describe('S3 provider name encoding', () => {
  const names = [
    'with space.txt',
    'hash#mark.txt',
    'question?mark.txt',
    'plus+sign.txt',
    'percent%25literal.txt',
    'percent%.txt',
    'dir one/sub dir/file.txt',
    'unicode-日本語-ü.txt',
    'mixed +%#?&=;,@$! é.txt',
  ];

  it.each(names)('round-trips %s', async (name) => {
    const body = Buffer.from(`content of ${name}`);
    await uploadFile(s3.provider, name, body);

    expect((await downloadFile(s3.provider, name)).equals(body)).toBe(true);
    expect((await s3.provider.stat(name))?.size).toBe(body.length);
    expect((await s3.provider.readSmallObject(name, 1024)).equals(body)).toBe(true);

    // The key S3 stored is the name itself, not an encoded form of it.
    const head = await s3.sdk.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/${name}` }),
    );
    expect(head.ContentLength).toBe(body.length);
  });

  it('multipart upload keeps an awkward name', async () => {
    const name = 'parts dir/a+b %20 #1?.bin';
    const { uploadId, etags } = await uploadParts(s3.provider, name, [randomBytes(300)]);
    await s3.provider.completeMultipartUpload(name, uploadId, [{ partNumber: 1, etag: etags[0]! }]);
    expect((await s3.provider.stat(name))?.size).toBe(300);
  });
});

describe('S3 provider object operations', () => {
  it('putSmallObject and readSmallObject round-trip', async () => {
    const body = Buffer.from(JSON.stringify({ version: 1, contents: {} }));
    await s3.provider.putSmallObject('manifest.json', body);

    expect((await s3.provider.readSmallObject('manifest.json', 1024)).equals(body)).toBe(true);
    expect(await s3.provider.stat('manifest.json')).toEqual({
      size: body.length,
      md5Base64: md5Base64(body),
    });
  });

  it('readSmallObject rejects objects over maxBytes', async () => {
    await s3.provider.putSmallObject('large.bin', randomBytes(2000));
    await expect(s3.provider.readSmallObject('large.bin', 1999)).rejects.toThrow(
      'Object "team/project/large.bin" in bucket "byob-s3-provider-test" is 2000 bytes, over the 1999-byte limit',
    );
  });

  it('deleteObject removes the object and tolerates a missing one', async () => {
    await s3.provider.putSmallObject('delete-me.txt', Buffer.from('x'));
    await s3.provider.deleteObject('delete-me.txt');
    expect(await s3.provider.stat('delete-me.txt')).toBeNull();
    await expect(s3.provider.deleteObject('delete-me.txt')).resolves.toBeUndefined();
  });

  it('readSmallObject of a missing key names key and code', async () => {
    await expect(s3.provider.readSmallObject('absent.json', 100)).rejects.toThrow(
      /^S3 GetObject of key "team\/project\/absent\.json" in bucket "byob-s3-provider-test" failed with HTTP 404 \(NoSuchKey, request [^)]+\): no object has that key/,
    );
  });
});

describe('S3 provider errors', () => {
  it('missing bucket error names bucket and fix', async () => {
    const provider = s3.makeProvider({ bucket: 'no-such-bucket' });
    await expect(provider.putSmallObject('a.txt', Buffer.from('a'))).rejects.toThrow(
      /^S3 PutObject of key "team\/project\/a\.txt" in bucket "no-such-bucket" failed with HTTP 404 \(NoSuchBucket, request [^)]+\): create the bucket or fix its name\.$/,
    );
  });

  it('wrong secret error leaks no credentials', async () => {
    const secret = 'wrong-secret-key-that-must-not-appear-1234';
    const provider = s3.makeProvider({ secretAccessKey: secret });
    const error = await provider.putSmallObject('a.txt', Buffer.from('a')).then(
      () => null,
      (caught: unknown) => caught as Error,
    );

    expect(error?.message).toMatch(
      /HTTP 403 \(SignatureDoesNotMatch, request [^)]+\): check the secret access key and the region\.$/,
    );
    expect(error?.message).not.toContain(secret);
    expect(error?.message).not.toContain(s3.cluster.accessKeyId);
    expect(error?.message).not.toContain('Signature=');
    expect(error?.message).not.toContain('\n');
    expect(error?.cause).toBeUndefined();
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
  });

  it('unreachable endpoint names the operation', async () => {
    // A port the kernel just handed out and released, so nothing listens on it.
    const [port] = await findFreePorts(1);
    const provider = createS3Provider({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      bucket: BUCKET,
      forcePathStyle: true,
      lifetimes: { uploadSeconds: 60, downloadSeconds: 60 },
    });
    await expect(provider.stat('a.txt')).rejects.toThrow(
      /^S3 HeadObject of key "a\.txt" in bucket "byob-s3-provider-test" failed: .*ECONNREFUSED.*: check the endpoint and that the service is running\.$/,
    );
  });

  it('invalid options fail when the provider opens', () => {
    const lifetimes = { uploadSeconds: 60, downloadSeconds: 60 };
    const base = {
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      bucket: BUCKET,
      forcePathStyle: true,
      lifetimes,
    };
    expect(() => createS3Provider({ ...base, bucket: 'bad/name' })).toThrow(
      'Invalid S3 bucket name "bad/name"',
    );
    expect(() => createS3Provider({ ...base, endpoint: 'ftp://host' })).toThrow(
      'Invalid S3 endpoint "ftp://host"',
    );
    expect(() => createS3Provider({ ...base, region: '' })).toThrow('Missing S3 region');
    expect(() =>
      createS3Provider({ ...base, lifetimes: { ...lifetimes, uploadSeconds: 8 * 86400 } }),
    ).toThrow('Invalid URL lifetime uploadSeconds=691200');
  });
});

describe('openProvider for S3 addresses', () => {
  it('opens an s3:// address with its path and team prefix', async () => {
    const { endpoint, accessKeyId, secretAccessKey, region } = s3.cluster;
    const host = new URL(endpoint).host;
    const address = parseStorageAddress(
      `s3://${accessKeyId}:${encodeURIComponent(secretAccessKey)}@${host}/${BUCKET}/team?region=${region}&tls=false`,
    );
    const provider = openProvider(
      address,
      { uploadSeconds: 60, downloadSeconds: 60 },
      { prefix: 'project', kmsKeyId: s3.cluster.kmsKeyId },
    );
    expect(provider.kind).toBe('s3');
    expect(provider.bucket).toBe(BUCKET);

    await uploadFile(provider, 'opened.txt', Buffer.from('opened'));
    const head = await s3.sdk.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/opened.txt` }),
    );
    expect(head.ServerSideEncryption).toBe('aws:kms');
  });

  it('bare cw:// asks for the deployment settings', () => {
    const lifetimes = { uploadSeconds: 60, downloadSeconds: 60 };
    expect(() => openProvider(parseStorageAddress('cw://'), lifetimes)).toThrow(
      "needs the deployment's CoreWeave settings",
    );
  });
});

describe('S3 provider access check', () => {
  it('passes for the existing bucket', async () => {
    await expect(s3.provider.checkAccess()).resolves.toBeUndefined();
  });

  it('names a missing bucket and the fix', async () => {
    const provider = s3.makeProvider({ bucket: 'byob-no-such-bucket' });
    await expect(provider.checkAccess()).rejects.toThrow(/HTTP 404/);
    await expect(provider.checkAccess()).rejects.toThrow('create the bucket or fix its name');
  });

  it('rejects a wrong secret key', async () => {
    const secretAccessKey = 'wrong-secret-key-0123456789abcdefghij';
    const provider = s3.makeProvider({ secretAccessKey });
    const error = await provider.checkAccess().catch((caught: unknown) => caught as Error);
    expect(error?.message).toContain('HTTP 403');
    expect(error?.message).not.toContain(secretAccessKey);
  });
});
