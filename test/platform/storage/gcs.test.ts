// The GCS provider against the project's GCS double: uploads and downloads through minted V4
// URLs, what the signature protects, names that need encoding, and the platform's own object
// requests, which also go through signed URLs.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  BUCKET,
  PREFIX,
  USER,
  downloadFile,
  errorCodeOf,
  md5Base64,
  putThrough,
  uploadFile,
  useGcsDouble,
} from './gcs-fixture.ts';

const fixture = useGcsDouble();

describe('GCS provider URLs', () => {
  it('single PUT then download is byte-identical', async () => {
    const body = randomBytes(64 * 1024);
    const upload = await fixture.provider.signUpload(
      'single.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    expect(upload.headers).toEqual([`Content-MD5:${md5Base64(body)}`]);

    const response = await putThrough(upload, body);
    expect(response.status, await response.text()).toBe(200);

    expect((await downloadFile(fixture.provider, 'single.bin')).equals(body)).toBe(true);
    expect(await fixture.provider.stat('single.bin')).toEqual({
      size: body.length,
      md5Base64: md5Base64(body),
    });
  });

  it('upload without MD5 needs no headers', async () => {
    const upload = await fixture.provider.signUpload('no-md5.txt', { md5Base64: null }, USER);
    expect(upload.headers).toEqual([]);

    const response = await putThrough(upload, Buffer.from('no digest'));
    expect(response.status).toBe(200);
    expect((await downloadFile(fixture.provider, 'no-md5.txt')).toString()).toBe('no digest');
  });

  it('URLs carry the signed X-User', async () => {
    const upload = await fixture.provider.signUpload('user.txt', { md5Base64: null }, USER);
    const download = await fixture.provider.signDownload('user.txt', USER);

    for (const url of [upload.url, download.url]) {
      const query = new URL(url).searchParams;
      expect(query.get('X-User')).toBe('alice');
      expect(query.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    }
  });

  it('expiry matches the lifetime', async () => {
    const before = Date.now();
    const upload = await fixture.provider.signUpload('expiry.txt', { md5Base64: null }, USER);
    const query = new URL(upload.url).searchParams;

    expect(query.get('X-Goog-Expires')).toBe('3600');
    expect(upload.expiresAt.getTime()).toBeGreaterThan(before + 3598_000);
    expect(upload.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it('tampered signature is rejected', async () => {
    await uploadFile(fixture.provider, 'tamper.txt', Buffer.from('original'));
    const { url } = await fixture.provider.signDownload('tamper.txt', USER);

    const signature = new URL(url).searchParams.get('X-Goog-Signature')!;
    const lastDigit = signature.at(-1) === '0' ? '1' : '0';
    const tampered = url.replace(signature, signature.slice(0, -1) + lastDigit);
    expect(tampered).not.toBe(url);

    const response = await fetch(tampered);
    expect(response.status).toBe(403);
    expect(await errorCodeOf(response)).toBe('SignatureDoesNotMatch');
  });

  it('tampered X-User is rejected', async () => {
    const upload = await fixture.provider.signUpload('x-user.txt', { md5Base64: null }, USER);
    const tampered = upload.url.replace('X-User=alice', 'X-User=mallory');
    expect(tampered).not.toBe(upload.url);

    const response = await fetch(tampered, { method: 'PUT', body: 'written as mallory' });
    expect(response.status).toBe(403);
    expect(await errorCodeOf(response)).toBe('SignatureDoesNotMatch');
    expect(await fixture.provider.stat('x-user.txt')).toBeNull();
  });

  it('URL cannot write another object', async () => {
    const upload = await fixture.provider.signUpload('allowed.txt', { md5Base64: null }, USER);
    const other = new URL(upload.url);
    other.pathname = `/${BUCKET}/${PREFIX}/other.txt`;

    const response = await fetch(other, { method: 'PUT', body: 'not allowed' });
    expect(response.status).toBe(403);
    expect(await errorCodeOf(response)).toBe('SignatureDoesNotMatch');
    expect(await fixture.provider.stat('other.txt')).toBeNull();
  });

  it('download URL cannot write', async () => {
    const { url } = await fixture.provider.signDownload('read-only.txt', USER);
    const response = await fetch(url, { method: 'PUT', body: 'not allowed' });
    expect(response.status).toBe(403);
    expect(await fixture.provider.stat('read-only.txt')).toBeNull();
  });

  it('expired URL is rejected', async () => {
    const shortLived = fixture.makeProvider({
      lifetimes: { uploadSeconds: 2, downloadSeconds: 2 },
    });
    await uploadFile(shortLived, 'expiring.txt', Buffer.from('soon gone'));
    const download = await shortLived.signDownload('expiring.txt', USER);
    expect(new URL(download.url).searchParams.get('X-Goog-Expires')).toBe('2');

    // Wait past expiresAt, plus a second for the double's whole-second comparison.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, download.expiresAt.getTime() - Date.now()) + 1100),
    );
    const response = await fetch(download.url);
    expect(response.status).toBe(400);
    expect(await errorCodeOf(response)).toBe('ExpiredToken');
  });

  it('wrong Content-MD5 is rejected with BadDigest', async () => {
    const body = Buffer.from('actual content');
    const upload = await fixture.provider.signUpload(
      'wrong-md5.bin',
      { md5Base64: md5Base64(Buffer.from('other content')) },
      USER,
    );

    const response = await putThrough(upload, body);
    expect(response.status).toBe(400);
    expect(await errorCodeOf(response)).toBe('BadDigest');
    expect(await fixture.provider.stat('wrong-md5.bin')).toBeNull();
  });

  it('signed Content-MD5 must be sent', async () => {
    const body = Buffer.from('no header');
    const upload = await fixture.provider.signUpload(
      'md5-missing.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );

    const response = await fetch(upload.url, { method: 'PUT', body });
    expect(response.status).toBe(403);
    expect(await fixture.provider.stat('md5-missing.bin')).toBeNull();
  });

  it('0-byte object round-trips', async () => {
    const empty = Buffer.alloc(0);
    await uploadFile(fixture.provider, 'empty.bin', empty);

    expect(await fixture.provider.stat('empty.bin')).toEqual({
      size: 0,
      md5Base64: md5Base64(empty),
    });
    expect((await downloadFile(fixture.provider, 'empty.bin')).length).toBe(0);
    expect((await fixture.provider.readSmallObject('empty.bin', 10)).length).toBe(0);
  });

  it('paths land under the prefix', async () => {
    await uploadFile(fixture.provider, 'prefixed.txt', Buffer.from('under the prefix'));
    const upload = await fixture.provider.signUpload('prefixed.txt', { md5Base64: null }, USER);
    expect(new URL(upload.url).pathname).toBe(`/${BUCKET}/team/project/prefixed.txt`);

    const unprefixed = fixture.makeProvider({ prefix: undefined });
    expect((await unprefixed.stat(`${PREFIX}/prefixed.txt`))?.size).toBe(16);
  });
});

describe('GCS provider name encoding', () => {
  const names = [
    'with space.txt',
    'plus+sign.txt',
    'percent%.txt',
    'percent%25literal.txt',
    'hash#mark.txt',
    'question?mark.txt',
    'dir one/sub dir/file.txt',
    'unicode-日本語-ü.txt',
    'emoji-🧪.bin',
  ];

  it.each(names)('round-trips %s', async (name) => {
    const body = Buffer.from(`content of ${name}`);
    await uploadFile(fixture.provider, name, body);

    expect((await downloadFile(fixture.provider, name)).equals(body)).toBe(true);
    expect((await fixture.provider.stat(name))?.size).toBe(body.length);
    expect((await fixture.provider.readSmallObject(name, 1024)).equals(body)).toBe(true);
  });

  it.each(names)('platform writes and deletes %s', async (name) => {
    const path = `platform/${name}`;
    const body = Buffer.from(`manifest for ${name}`);
    await fixture.provider.putSmallObject(path, body);

    expect((await downloadFile(fixture.provider, path)).equals(body)).toBe(true);
    await fixture.provider.deleteObject(path);
    expect(await fixture.provider.stat(path)).toBeNull();
  });

  it('keeps NFC and NFD names apart', async () => {
    const nfc = 'caf\u00e9.txt';
    const nfd = 'cafe\u0301.txt';
    await uploadFile(fixture.provider, nfc, Buffer.from('composed'));
    await uploadFile(fixture.provider, nfd, Buffer.from('decomposed'));

    expect((await downloadFile(fixture.provider, nfc)).toString()).toBe('composed');
    expect((await downloadFile(fixture.provider, nfd)).toString()).toBe('decomposed');
  });

  it('rejects dot segments and line breaks', async () => {
    await expect(fixture.provider.signDownload('a/../b.txt', USER)).rejects.toThrow(/"\.\."/);
    await expect(fixture.provider.signDownload('./b.txt', USER)).rejects.toThrow(/segments/);
    await expect(fixture.provider.signDownload('line\nbreak.txt', USER)).rejects.toThrow(
      /line breaks/,
    );
    await expect(fixture.provider.signDownload('', USER)).rejects.toThrow(/must name a file/);
  });

  it('rejects names over 1024 bytes', async () => {
    const long = 'ü'.repeat(600);
    await expect(fixture.provider.stat(long)).rejects.toThrow(/limit of 1024 bytes/);
  });
});
