// XML API multipart uploads through the GCS provider against the project's GCS double: part URLs
// used the way clients use them, then completion, listing and abort by the platform.
import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { USER, downloadFile, errorCodeOf, md5Base64, useGcsDouble } from './gcs-fixture.ts';
import type { CompletedPart } from '../../../platform/storage/provider.ts';

const fixture = useGcsDouble();
const MiB = 1024 * 1024;

/** PUTs each body through its part URL and returns the ETags GCS sent back. */
async function uploadParts(path: string, uploadId: string, bodies: Buffer[]) {
  const signed = await fixture.provider.signUploadParts(
    path,
    uploadId,
    bodies.map((_, index) => index + 1),
    USER,
  );
  const completed: CompletedPart[] = [];
  for (const [index, part] of signed.parts.entries()) {
    const response = await fetch(part.url, { method: 'PUT', body: bodies[index] });
    expect(response.status, await response.text()).toBe(200);
    completed.push({ partNumber: part.partNumber, etag: response.headers.get('etag')! });
  }
  return completed;
}

describe('GCS provider multipart uploads', () => {
  it('three parts complete into one object', async () => {
    const bodies = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(1024)];
    const whole = Buffer.concat(bodies);

    const uploadId = await fixture.provider.createMultipartUpload('multi.bin', USER);
    expect(uploadId).not.toBe('');
    const completed = await uploadParts('multi.bin', uploadId, bodies);

    const etag = await fixture.provider.completeMultipartUpload('multi.bin', uploadId, completed);
    expect(etag).toMatch(/^"[0-9a-f]{32}-3"$/);

    expect((await downloadFile(fixture.provider, 'multi.bin')).equals(whole)).toBe(true);
    // An object assembled from parts has a CRC32C but no MD5 in GCS.
    expect(await fixture.provider.stat('multi.bin')).toEqual({
      size: whole.length,
      md5Base64: null,
    });
  });

  it('part URLs carry part number, upload id and X-User', async () => {
    const uploadId = await fixture.provider.createMultipartUpload('part-urls.bin', USER);
    const signed = await fixture.provider.signUploadParts('part-urls.bin', uploadId, [1, 2], USER);

    expect(signed.uploadId).toBe(uploadId);
    expect(signed.parts.map((part) => part.partNumber)).toEqual([1, 2]);
    for (const part of signed.parts) {
      const query = new URL(part.url).searchParams;
      expect(query.get('partNumber')).toBe(String(part.partNumber));
      expect(query.get('uploadId')).toBe(uploadId);
      expect(query.get('X-User')).toBe('alice');
    }
    expect(signed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    await fixture.provider.abortMultipartUpload('part-urls.bin', uploadId);
  });

  it('listParts returns uploaded parts', async () => {
    const bodies = [randomBytes(5 * MiB), randomBytes(2048)];
    const uploadId = await fixture.provider.createMultipartUpload('listed.bin', USER);
    expect(await fixture.provider.listParts('listed.bin', uploadId)).toEqual([]);

    const completed = await uploadParts('listed.bin', uploadId, bodies);
    const listed = await fixture.provider.listParts('listed.bin', uploadId);
    expect(listed).toEqual([
      { partNumber: 1, etag: completed[0]!.etag, size: 5 * MiB },
      { partNumber: 2, etag: completed[1]!.etag, size: 2048 },
    ]);
    expect(listed[1]!.etag).toBe(
      `"${Buffer.from(md5Base64(bodies[1]!), 'base64').toString('hex')}"`,
    );

    // The listed ETags are the ones completion needs.
    await fixture.provider.completeMultipartUpload('listed.bin', uploadId, listed);
    expect((await fixture.provider.stat('listed.bin'))?.size).toBe(5 * MiB + 2048);
  });

  it('aborted upload rejects part PUTs', async () => {
    const uploadId = await fixture.provider.createMultipartUpload('aborted.bin', USER);
    const signed = await fixture.provider.signUploadParts('aborted.bin', uploadId, [1], USER);

    await fixture.provider.abortMultipartUpload('aborted.bin', uploadId);

    const response = await fetch(signed.parts[0]!.url, { method: 'PUT', body: randomBytes(100) });
    expect(response.status).toBe(404);
    expect(await errorCodeOf(response)).toBe('NoSuchUpload');
    await expect(fixture.provider.listParts('aborted.bin', uploadId)).rejects.toThrow(
      /HTTP 404 \(NoSuchUpload\)/,
    );
    expect(await fixture.provider.stat('aborted.bin')).toBeNull();
  });

  it('part URL cannot join another upload', async () => {
    const first = await fixture.provider.createMultipartUpload('first.bin', USER);
    const second = await fixture.provider.createMultipartUpload('first.bin', USER);
    const signed = await fixture.provider.signUploadParts('first.bin', first, [1], USER);

    const moved = signed.parts[0]!.url.replace(first, second);
    const response = await fetch(moved, { method: 'PUT', body: randomBytes(100) });
    expect(response.status).toBe(403);
    expect(await fixture.provider.listParts('first.bin', second)).toEqual([]);

    await fixture.provider.abortMultipartUpload('first.bin', first);
    await fixture.provider.abortMultipartUpload('first.bin', second);
  });

  it('wrong ETag fails completion', async () => {
    const uploadId = await fixture.provider.createMultipartUpload('bad-etag.bin', USER);
    await uploadParts('bad-etag.bin', uploadId, [randomBytes(1000)]);

    const completion = fixture.provider.completeMultipartUpload('bad-etag.bin', uploadId, [
      { partNumber: 1, etag: `"${'0'.repeat(32)}"` },
    ]);
    await expect(completion).rejects.toThrow(
      /^GCS multipart completion of object "team\/project\/bad-etag.bin" in bucket "provider-test" failed with HTTP 400 \(InvalidPart\): list the part numbers/,
    );
    await fixture.provider.abortMultipartUpload('bad-etag.bin', uploadId);
  });

  it('rejects invalid part numbers', async () => {
    const uploadId = await fixture.provider.createMultipartUpload('numbers.bin', USER);
    for (const partNumber of [0, 10_001, 1.5]) {
      await expect(
        fixture.provider.signUploadParts('numbers.bin', uploadId, [partNumber], USER),
      ).rejects.toThrow(`Invalid part number ${partNumber}`);
    }
    await expect(
      fixture.provider.completeMultipartUpload('numbers.bin', uploadId, []),
    ).rejects.toThrow(/it is empty/);
    await expect(
      fixture.provider.signUploadParts('numbers.bin', uploadId, [], USER),
    ).rejects.toThrow(/Missing part numbers/);
    await expect(fixture.provider.signUploadParts('numbers.bin', '', [1], USER)).rejects.toThrow(
      /Missing multipart upload id/,
    );
    await fixture.provider.abortMultipartUpload('numbers.bin', uploadId);
  });
});
