// Requests through minted URLs, made the way clients make them: plain fetch calls that carry
// only the signed URL and its listed headers, never the provider's keys. The provider test
// fixtures and the fault proxy tests share them.
import { createHash } from 'node:crypto';

import { expect } from 'vitest';

import type { SignedUpload, StorageProvider } from '../../platform/storage/provider.ts';

export const USER = { username: 'alice' };

export function md5Base64(body: Uint8Array): string {
  return createHash('md5').update(body).digest('base64');
}

/** Turns W&B `"Key:Value"` header strings into a fetch header object. */
export function headersOf(upload: SignedUpload): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of upload.headers) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return headers;
}

/** Sends a single PUT through an upload URL with the headers it came with. */
export function putThrough(upload: SignedUpload, body: Uint8Array): Promise<Response> {
  return fetch(upload.url, { method: 'PUT', headers: headersOf(upload), body });
}

/**
 * Returns a function that puts `body` at `objectPath` through a freshly minted upload URL, with
 * its MD5, and expects `status` (201 on Azure, 200 on S3 and GCS).
 */
export function uploaderExpecting(
  status: number,
): (provider: StorageProvider, objectPath: string, body: Uint8Array) => Promise<void> {
  return async (provider, objectPath, body) => {
    const upload = await provider.signUpload(objectPath, { md5Base64: md5Base64(body) }, USER);
    const response = await putThrough(upload, body);
    expect(response.status, `PUT ${objectPath}: ${await response.text()}`).toBe(status);
  };
}

/** Reads `objectPath` through a freshly minted download URL. */
export async function downloadFile(provider: StorageProvider, objectPath: string): Promise<Buffer> {
  const { url } = await provider.signDownload(objectPath, USER);
  const response = await fetch(url);
  expect(response.status, `GET ${objectPath}`).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Returns the `<Code>` of an XML error body, such as `NoSuchUpload`. */
export async function errorCodeOf(response: Response): Promise<string | undefined> {
  const body = await response.text();
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
}
