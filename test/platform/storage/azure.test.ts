// The Azure provider against a real Azurite: uploads and downloads through minted URLs,
// block staging, names that need encoding, and the shared-key object operations.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  CONTAINER,
  PREFIX,
  USER,
  downloadFile,
  md5Base64,
  putThrough,
  uploadFile,
  useAzurite,
} from './azure-fixture.ts';

const azure = useAzurite();

describe('Azure provider URLs', () => {
  it('single PUT then download is byte-identical', async () => {
    const body = randomBytes(64 * 1024);
    const upload = await azure.provider.signUpload(
      'single.bin',
      { md5Base64: md5Base64(body) },
      USER,
    );
    expect(upload.headers).toEqual(['x-ms-blob-type:BlockBlob', `Content-MD5:${md5Base64(body)}`]);

    const response = await putThrough(upload, body);
    expect(response.status).toBe(201);

    expect((await downloadFile(azure.provider, 'single.bin')).equals(body)).toBe(true);
  });

  it('stat gives size and the uploaded MD5', async () => {
    const body = randomBytes(1000);
    await uploadFile(azure.provider, 'stat.bin', body);

    const info = await azure.provider.stat('stat.bin');
    expect(info?.size).toBe(1000);
    expect(info?.md5Base64).toBe(md5Base64(body));
    expect(await azure.provider.stat('missing.bin')).toBeNull();
  });

  it('single PUT with a wrong MD5 is rejected', async () => {
    const body = Buffer.from('actual content');
    const upload = await azure.provider.signUpload(
      'wrong-md5.bin',
      { md5Base64: md5Base64(Buffer.from('other content')) },
      USER,
    );
    expect((await putThrough(upload, body)).status).toBe(400);
    expect(await azure.provider.stat('wrong-md5.bin')).toBeNull();
  });

  it('staged blocks commit through the upload URL', async () => {
    const blocks = [randomBytes(300_000), randomBytes(200_000), randomBytes(17)];
    const whole = Buffer.concat(blocks);
    const upload = await azure.provider.signUpload('blocks.bin', { md5Base64: null }, USER);

    // Azure requires block ids of one length within a blob, hence the zero padding.
    const ids = blocks.map((_, i) =>
      Buffer.from(`block-${String(i).padStart(6, '0')}`).toString('base64'),
    );
    for (const [i, block] of blocks.entries()) {
      const url = `${upload.url}&comp=block&blockid=${encodeURIComponent(ids[i]!)}`;
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'Content-MD5': md5Base64(block) },
        body: block,
      });
      expect(response.status).toBe(201);
    }

    const blockList = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids
      .map((id) => `<Latest>${id}</Latest>`)
      .join('')}</BlockList>`;
    const commit = await fetch(`${upload.url}&comp=blocklist`, {
      method: 'PUT',
      headers: { 'x-ms-blob-content-md5': md5Base64(whole) },
      body: blockList,
    });
    expect(commit.status).toBe(201);

    expect((await downloadFile(azure.provider, 'blocks.bin')).equals(whole)).toBe(true);
    expect(await azure.provider.stat('blocks.bin')).toEqual({
      size: whole.length,
      md5Base64: md5Base64(whole),
    });
  });

  it('upload URL overwrites an existing blob', async () => {
    await uploadFile(azure.provider, 'overwrite.txt', Buffer.from('first'));
    await uploadFile(azure.provider, 'overwrite.txt', Buffer.from('second version'));
    expect((await downloadFile(azure.provider, 'overwrite.txt')).toString()).toBe('second version');
  });

  it('0-byte blob round-trips', async () => {
    const empty = Buffer.alloc(0);
    await uploadFile(azure.provider, 'empty.bin', empty);

    expect(await azure.provider.stat('empty.bin')).toEqual({
      size: 0,
      md5Base64: md5Base64(empty),
    });
    expect((await downloadFile(azure.provider, 'empty.bin')).length).toBe(0);
    expect((await azure.provider.readSmallObject('empty.bin', 10)).length).toBe(0);
  });

  it('paths land under the prefix in the container', async () => {
    await uploadFile(azure.provider, 'prefixed.txt', Buffer.from('under the prefix'));
    const upload = await azure.provider.signUpload('prefixed.txt', { md5Base64: null }, USER);
    expect(new URL(upload.url).pathname).toBe(
      `/devstoreaccount1/${CONTAINER}/team/project/prefixed.txt`,
    );

    const unprefixed = azure.makeProvider({ prefix: undefined });
    expect((await unprefixed.stat(`${PREFIX}/prefixed.txt`))?.size).toBe(16);
  });
});

describe('Azure provider name encoding', () => {
  const names = [
    'with space.txt',
    'hash#mark.txt',
    'question?mark.txt',
    'plus+sign.txt',
    'percent%25literal.txt',
    'percent%.txt',
    'dir one/sub dir/file.txt',
    'unicode-日本語-ü.txt',
  ];

  it.each(names)('round-trips %s', async (name) => {
    const body = Buffer.from(`content of ${name}`);
    await uploadFile(azure.provider, name, body);

    expect((await downloadFile(azure.provider, name)).equals(body)).toBe(true);
    expect((await azure.provider.stat(name))?.size).toBe(body.length);
    expect((await azure.provider.readSmallObject(name, 1024)).equals(body)).toBe(true);
  });

  it('keeps NFC and NFD names apart', async () => {
    const nfc = 'caf\u00e9.txt';
    const nfd = 'cafe\u0301.txt';
    expect(nfc.normalize('NFC')).toBe(nfd.normalize('NFC'));

    await uploadFile(azure.provider, nfc, Buffer.from('composed'));
    await uploadFile(azure.provider, nfd, Buffer.from('decomposed'));

    expect((await downloadFile(azure.provider, nfc)).toString()).toBe('composed');
    expect((await downloadFile(azure.provider, nfd)).toString()).toBe('decomposed');
  });
});

describe('Azure provider objects', () => {
  it('readSmallObject rejects blobs over the limit', async () => {
    const body = randomBytes(100);
    await azure.provider.putSmallObject('manifest.json', body);

    await expect(azure.provider.readSmallObject('manifest.json', 99)).rejects.toThrow(
      /is 100 bytes, over the 99-byte limit/,
    );
    expect((await azure.provider.readSmallObject('manifest.json', 100)).equals(body)).toBe(true);
  });

  it('putSmallObject stores the MD5', async () => {
    const body = Buffer.from('{"files":[]}');
    await azure.provider.putSmallObject('small.json', body);

    expect(await azure.provider.stat('small.json')).toEqual({
      size: body.length,
      md5Base64: md5Base64(body),
    });
    expect((await downloadFile(azure.provider, 'small.json')).equals(body)).toBe(true);
  });

  it('readSmallObject of a missing blob names it', async () => {
    await expect(azure.provider.readSmallObject('absent.json', 100)).rejects.toThrow(
      /blob "team\/project\/absent.json" .* HTTP 404 \(BlobNotFound/,
    );
  });

  it('deleteObject tolerates a missing blob', async () => {
    await azure.provider.putSmallObject('doomed.json', Buffer.from('{}'));
    await azure.provider.deleteObject('doomed.json');

    expect(await azure.provider.stat('doomed.json')).toBeNull();
    await expect(azure.provider.deleteObject('doomed.json')).resolves.toBeUndefined();
  });

  it('stat fails for a missing container', async () => {
    const elsewhere = azure.makeProvider({ container: 'no-such-container' });
    await expect(elsewhere.stat('file.bin')).rejects.toThrow(/ContainerNotFound/);
  });

  it('multipart methods point to block staging', async () => {
    expect(azure.provider.kind).toBe('azure');
    expect(azure.provider.bucket).toBe(CONTAINER);
    expect(azure.provider.supportsMultipart).toBe(false);

    await expect(azure.provider.createMultipartUpload('big.bin', USER)).rejects.toThrow(
      /stage blocks/,
    );
    await expect(azure.provider.signUploadParts('big.bin', 'id', [1], USER)).rejects.toThrow(
      /stage blocks/,
    );
    await expect(azure.provider.completeMultipartUpload('big.bin', 'id', [])).rejects.toThrow(
      /stage blocks/,
    );
    await expect(azure.provider.abortMultipartUpload('big.bin', 'id')).rejects.toThrow(
      /stage blocks/,
    );
  });

  it('invalid settings are rejected up front', () => {
    expect(() => azure.makeProvider({ container: 'Bad_Name' })).toThrow(
      /container name "Bad_Name"/,
    );
    expect(() => azure.makeProvider({ accountKey: '' })).toThrow(/Missing key/);
    expect(() =>
      azure.makeProvider({ lifetimes: { uploadSeconds: 0, downloadSeconds: 60 } }),
    ).toThrow(/uploadSeconds=0/);
  });
});
