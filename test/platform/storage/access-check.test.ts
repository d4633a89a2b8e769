import net from 'node:net';

import { describe, expect, it } from 'vitest';

import type { AzureStorageAddress } from '../../../platform/storage/address';
import { checkInstanceBucket } from '../../../platform/storage/access-check';
import { runPlatformCli } from '../../support/platform-cli';
import { CONTAINER, useAzurite } from './azure-fixture';
import { useGcsDouble } from './gcs-fixture';

/** A port on 127.0.0.1 that nothing listens on right now. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The az:// address form that --instance-bucket takes. */
function azUrl(address: AzureStorageAddress): string {
  const endpoint = encodeURIComponent(address.endpoint!);
  return `az://:${encodeURIComponent(address.accountKey)}@${address.accountName}/${address.container}?endpoint=${endpoint}`;
}

describe('instance bucket access check on Azure', () => {
  const azure = useAzurite();
  const wrongKey = Buffer.alloc(64, 7).toString('base64');

  const addressOf = (overrides: Partial<AzureStorageAddress> = {}): AzureStorageAddress => ({
    provider: 'azure',
    accountName: azure.azurite.account,
    accountKey: azure.azurite.accountKey,
    container: CONTAINER,
    path: '',
    endpoint: azure.azurite.endpoint,
    ...overrides,
  });

  it('passes for an existing container', async () => {
    await azure.provider.ensureContainer();
    await expect(checkInstanceBucket(addressOf())).resolves.toBeUndefined();
  });

  it('names a missing container and the fix', async () => {
    const check = checkInstanceBucket(addressOf({ container: 'no-such-container' }));
    await expect(check).rejects.toThrow(
      /az:\/\/devstoreaccount1\/no-such-container .*ContainerNotFound.*create the container or fix its name.*Fix --instance-bucket or BUCKET/,
    );
  });

  it('rejects a wrong key without printing it', async () => {
    const error = await checkInstanceBucket(addressOf({ accountKey: wrongKey })).catch(
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain('HTTP 403');
    expect(error?.message).toContain('check the account name and key');
    expect(error?.message).not.toContain(wrongKey);
  });

  it('rejects an endpoint nobody listens on', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}/${azure.azurite.account}`;
    const check = checkInstanceBucket(addressOf({ endpoint }), 5_000);
    await expect(check).rejects.toThrow('failed its access check');
  }, 15_000);

  it('stops serve with one line', async () => {
    const address = azUrl(addressOf({ accountKey: wrongKey }));
    const result = await runPlatformCli([
      'serve',
      '--db',
      ':memory:',
      '--instance-bucket',
      address,
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^byob-platform: The instance-level bucket az:\/\/devstoreaccount1/,
    );
    expect(result.stderr).toContain('HTTP 403');
    expect(result.stderr).not.toContain(wrongKey);
    expect(result.stderr).not.toContain(encodeURIComponent(wrongKey));
  });
});

describe('instance bucket access check on GCS', () => {
  const gcs = useGcsDouble();

  it('passes for an existing bucket', async () => {
    await expect(gcs.provider.checkAccess()).resolves.toBeUndefined();
  });

  it('names a missing bucket', async () => {
    const provider = gcs.makeProvider({ bucket: 'no-such-bucket' });
    await expect(provider.checkAccess()).rejects.toThrow(/HTTP 404 \(NoSuchBucket\)/);
  });

  it('rejects an unknown service account', async () => {
    const stranger = gcs.makeProvider({ clientEmail: 'stranger@example.iam.gserviceaccount.com' });
    await expect(stranger.checkAccess()).rejects.toThrow(/HTTP 40[13]/);
  });
});
