// The GCS provider's own object requests (stat, small reads and writes, delete), its settings
// checks, its error messages and openProvider's gs:// branch, against the project's GCS double.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';

import { describe, expect, it } from 'vitest';

import { openProvider } from '../../../platform/storage/open-provider.ts';
import {
  BUCKET,
  PREFIX,
  USER,
  downloadFile,
  md5Base64,
  uploadFile,
  useGcsDouble,
} from './gcs-fixture.ts';

const fixture = useGcsDouble();
const SEVEN_DAYS = 7 * 24 * 60 * 60;

/** Returns a port on 127.0.0.1 that this test listened on and closed again, so no server listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('GCS provider object requests', () => {
  it('stat returns null for a missing object', async () => {
    expect(await fixture.provider.stat('never-written.bin')).toBeNull();
  });

  it('putSmallObject stores the MD5', async () => {
    const body = Buffer.from('{"version": 1}');
    await fixture.provider.putSmallObject('manifest.json', body);

    expect(await fixture.provider.stat('manifest.json')).toEqual({
      size: body.length,
      md5Base64: md5Base64(body),
    });
    expect((await fixture.provider.readSmallObject('manifest.json', 100)).equals(body)).toBe(true);
  });

  it('readSmallObject rejects objects over maxBytes', async () => {
    await uploadFile(fixture.provider, 'large.bin', randomBytes(2000));

    await expect(fixture.provider.readSmallObject('large.bin', 1999)).rejects.toThrow(
      'Object "team/project/large.bin" is 2000 bytes, over the 1999-byte limit',
    );
    expect((await fixture.provider.readSmallObject('large.bin', 2000)).length).toBe(2000);
    await expect(fixture.provider.readSmallObject('large.bin', -1)).rejects.toThrow(
      /Invalid maxBytes -1/,
    );
  });

  it('readSmallObject names a missing object', async () => {
    await expect(fixture.provider.readSmallObject('absent.json', 100)).rejects.toThrow(
      'GCS download of object "team/project/absent.json" in bucket "provider-test" failed with HTTP 404 (NoSuchKey)',
    );
  });

  it('deleteObject removes an object', async () => {
    await uploadFile(fixture.provider, 'delete-me.txt', Buffer.from('short-lived'));
    await fixture.provider.deleteObject('delete-me.txt');

    expect(await fixture.provider.stat('delete-me.txt')).toBeNull();
    // Deleting it again succeeds, as on S3.
    await expect(fixture.provider.deleteObject('delete-me.txt')).resolves.toBeUndefined();
  });

  it('putSmallObject overwrites', async () => {
    await fixture.provider.putSmallObject('overwrite.txt', Buffer.from('first'));
    await fixture.provider.putSmallObject('overwrite.txt', Buffer.from('second version'));
    expect((await downloadFile(fixture.provider, 'overwrite.txt')).toString()).toBe(
      'second version',
    );
  });
});

describe('GCS provider errors', () => {
  it('missing bucket names bucket and fix', async () => {
    const missing = fixture.makeProvider({ bucket: 'no-such-bucket' });
    await expect(missing.putSmallObject('a.txt', Buffer.from('a'))).rejects.toThrow(
      'GCS upload of object "team/project/a.txt" in bucket "no-such-bucket" failed with HTTP 404 (NoSuchBucket): create the bucket or fix its name.',
    );
    await expect(missing.deleteObject('a.txt')).rejects.toThrow(/NoSuchBucket/);
  });

  it('unknown key leaks no secret', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const stranger = fixture.makeProvider({
      clientEmail: 'stranger@example-project.iam.gserviceaccount.com',
      privateKey: pem,
    });

    const error = await stranger.putSmallObject('secret.txt', Buffer.from('x')).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('bucket "provider-test"');
    expect(message).toContain('object "team/project/secret.txt"');
    expect(message).toContain('HTTP 403 (SignatureDoesNotMatch)');
    expect(message).not.toMatch(/X-Goog|\?|PRIVATE KEY/);
    expect(message).not.toContain(pem.split('\n')[1]);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('unreachable endpoint names origin only', async () => {
    const port = await closedPort();
    const offline = fixture.makeProvider({ endpoint: `http://127.0.0.1:${port}` });

    const error = (await offline.stat('a.txt').catch((e) => e)) as Error;
    expect(error.message).toBe(
      `GCS stat of object "team/project/a.txt" in bucket "provider-test" failed: could not reach http://127.0.0.1:${port} (ECONNREFUSED): check the endpoint and that the service is running.`,
    );
  });
});

describe('GCS provider settings', () => {
  it('rejects a lifetime over 7 days', () => {
    expect(() =>
      fixture.makeProvider({ lifetimes: { uploadSeconds: SEVEN_DAYS + 1, downloadSeconds: 60 } }),
    ).toThrow(
      'Invalid URL lifetime uploadSeconds=604801: GCS V4 signed URLs last at most 604800 seconds (7 days), so lower it.',
    );
    expect(() =>
      fixture.makeProvider({ lifetimes: { uploadSeconds: 60, downloadSeconds: 30 * 86_400 } }),
    ).toThrow(/downloadSeconds=2592000/);
  });

  it('accepts exactly 7 days', async () => {
    const weekLong = fixture.makeProvider({
      lifetimes: { uploadSeconds: SEVEN_DAYS, downloadSeconds: SEVEN_DAYS },
    });
    await uploadFile(weekLong, 'week.txt', Buffer.from('valid for a week'));
    const { url } = await weekLong.signDownload('week.txt', USER);
    expect(new URL(url).searchParams.get('X-Goog-Expires')).toBe('604800');
    expect((await fetch(url)).status).toBe(200);
  });

  it('rejects invalid settings', () => {
    expect(() =>
      fixture.makeProvider({ lifetimes: { uploadSeconds: 0, downloadSeconds: 1 } }),
    ).toThrow(/uploadSeconds=0: expected a positive whole number/);
    expect(() => fixture.makeProvider({ bucket: 'Upper_Case' })).toThrow(
      /Invalid GCS bucket name "Upper_Case"/,
    );
    expect(() => fixture.makeProvider({ privateKey: 'not a key' })).toThrow(
      /Invalid private key for service account/,
    );
    expect(() => fixture.makeProvider({ privateKey: '' })).toThrow(/Missing private key/);
    expect(() => fixture.makeProvider({ clientEmail: '' })).toThrow(/Missing GCS service account/);
    expect(() => fixture.makeProvider({ endpoint: 'http://127.0.0.1:1/base' })).toThrow(
      /remove the path and query/,
    );
    expect(() => fixture.makeProvider({ endpoint: 'ftp://127.0.0.1' })).toThrow(/http:\/\//);
  });

  it('openProvider opens a GCS address', async () => {
    const account = fixture.gcs.createServiceAccount();
    const provider = openProvider(
      {
        provider: 'gcs',
        clientEmail: account.client_email,
        privateKey: account.private_key,
        bucket: BUCKET,
        path: 'team',
        endpoint: fixture.gcs.endpoint,
      },
      { uploadSeconds: 600, downloadSeconds: 600 },
      { prefix: 'project' },
    );
    expect(provider.kind).toBe('gcs');
    expect(provider.supportsMultipart).toBe(true);

    await provider.putSmallObject('opened.txt', Buffer.from('through openProvider'));
    expect((await fixture.provider.readSmallObject('opened.txt', 100)).toString()).toBe(
      'through openProvider',
    );
    expect(PREFIX).toBe('team/project');
  });
});
