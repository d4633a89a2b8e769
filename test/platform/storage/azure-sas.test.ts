// What the Azure provider's SAS URLs allow and what Azurite rejects: expiry, tampering, reuse on
// another blob, and permissions beyond the ones granted.
import { describe, expect, it } from 'vitest';

import {
  USER,
  downloadFile,
  headersOf,
  putThrough,
  uploadFile,
  useAzurite,
} from './azure-fixture.ts';

const azure = useAzurite();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Replaces the query string of `url` with the one of `donor`. */
function withQueryOf(url: string, donor: string): string {
  return `${url.split('?')[0]}?${donor.split('?')[1]}`;
}

/** Flips one byte of the signature (`sig`) in a SAS URL. */
function tamperSignature(url: string): string {
  const parsed = new URL(url);
  const signature = Buffer.from(parsed.searchParams.get('sig') ?? '', 'base64');
  signature[0] = signature[0]! ^ 0xff;
  parsed.searchParams.set('sig', signature.toString('base64'));
  return parsed.toString();
}

describe('Azure SAS contents', () => {
  it('SAS times follow the clock', async () => {
    const provider = azure.makeProvider({
      clock: () => new Date('2030-01-01T00:00:00.500Z'),
      lifetimes: { uploadSeconds: 7200, downloadSeconds: 60 },
    });

    const upload = await provider.signUpload('timed.bin', { md5Base64: null }, USER);
    const uploadQuery = new URL(upload.url).searchParams;
    expect(upload.expiresAt.toISOString()).toBe('2030-01-01T02:00:00.000Z');
    expect(uploadQuery.get('se')).toBe('2030-01-01T02:00:00Z');
    // Backdated 15 minutes for clock skew between the platform and the storage servers.
    expect(uploadQuery.get('st')).toBe('2029-12-31T23:45:00Z');
    expect(uploadQuery.get('sp')).toBe('cw');
    expect(uploadQuery.get('sr')).toBe('b');

    const download = await provider.signDownload('timed.bin', USER);
    const downloadQuery = new URL(download.url).searchParams;
    expect(download.expiresAt.toISOString()).toBe('2030-01-01T00:01:00.000Z');
    expect(downloadQuery.get('sp')).toBe('r');
  });

  it('SAS protocol follows the endpoint', async () => {
    const local = await azure.provider.signDownload('any.bin', USER);
    expect(new URL(local.url).searchParams.get('spr')).toBe('https,http');

    // Signing is local: this provider never sends a request to the default endpoint.
    const cloud = azure.makeProvider({ endpoint: undefined });
    const remote = await cloud.signDownload('any.bin', USER);
    expect(remote.url.startsWith('https://devstoreaccount1.blob.core.windows.net/')).toBe(true);
    expect(new URL(remote.url).searchParams.get('spr')).toBe('https');
  });
});

describe('Azure SAS enforcement', () => {
  it('expired upload and download URLs are rejected', async () => {
    const shortLived = azure.makeProvider({ lifetimes: { uploadSeconds: 2, downloadSeconds: 2 } });
    const body = Buffer.from('short-lived');

    const upload = await shortLived.signUpload('expiring.bin', { md5Base64: null }, USER);
    const download = await shortLived.signDownload('expiring.bin', USER);
    // Used at once, both work, so the later 403s come from expiry alone.
    expect((await putThrough(upload, body)).status).toBe(201);
    expect((await fetch(download.url)).status).toBe(200);

    // Azure compares whole seconds; wait well past the later expiry.
    const latest = Math.max(upload.expiresAt.getTime(), download.expiresAt.getTime());
    await sleep(latest - Date.now() + 1500);

    expect((await putThrough(upload, Buffer.from('too late'))).status).toBe(403);
    expect((await fetch(download.url)).status).toBe(403);
    expect((await downloadFile(azure.provider, 'expiring.bin')).toString()).toBe('short-lived');
  });

  it('tampered signature is rejected', async () => {
    await uploadFile(azure.provider, 'tamper.bin', Buffer.from('original'));
    const upload = await azure.provider.signUpload('tamper.bin', { md5Base64: null }, USER);
    const download = await azure.provider.signDownload('tamper.bin', USER);

    const put = await fetch(tamperSignature(upload.url), {
      method: 'PUT',
      headers: headersOf(upload),
      body: 'replaced',
    });
    expect(put.status).toBe(403);
    expect((await fetch(tamperSignature(download.url))).status).toBe(403);
    expect((await downloadFile(azure.provider, 'tamper.bin')).toString()).toBe('original');
  });

  it('SAS for one blob is rejected on another', async () => {
    await uploadFile(azure.provider, 'blob-b.bin', Buffer.from('b content'));
    const uploadA = await azure.provider.signUpload('blob-a.bin', { md5Base64: null }, USER);
    const downloadA = await azure.provider.signDownload('blob-a.bin', USER);
    const urlB = (await azure.provider.signDownload('blob-b.bin', USER)).url;

    const put = await fetch(withQueryOf(urlB, uploadA.url), {
      method: 'PUT',
      headers: headersOf(uploadA),
      body: 'overwrite b',
    });
    expect(put.status).toBe(403);
    expect((await fetch(withQueryOf(urlB, downloadA.url))).status).toBe(403);
    expect((await downloadFile(azure.provider, 'blob-b.bin')).toString()).toBe('b content');
  });

  it('download URL cannot write or delete', async () => {
    await uploadFile(azure.provider, 'read-only.bin', Buffer.from('keep me'));
    const { url } = await azure.provider.signDownload('read-only.bin', USER);

    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'overwritten',
    });
    expect(put.status).toBe(403);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(403);
    expect((await downloadFile(azure.provider, 'read-only.bin')).toString()).toBe('keep me');
  });

  it('upload URL cannot read', async () => {
    await uploadFile(azure.provider, 'write-only.bin', Buffer.from('secret'));
    const upload = await azure.provider.signUpload('write-only.bin', { md5Base64: null }, USER);

    expect((await fetch(upload.url)).status).toBe(403);
  });
});
