// The Azurite launcher: process lifetime, data kept across restarts, and a clear error when the
// requested port is in use.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  AZURITE_ACCOUNT,
  AZURITE_ACCOUNT_KEY,
  startAzurite,
} from '../../../platform/sandbox/azurite.ts';
import { createAzureProvider } from '../../../platform/storage/azure.ts';
import { isRunning } from '../../support/processes';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'azurite-launcher-test-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('startAzurite', () => {
  it('stop ends the child process', async () => {
    const azurite = await startAzurite({ dir: dataDir });
    expect(azurite.endpoint).toBe(`http://127.0.0.1:${azurite.port}/${AZURITE_ACCOUNT}`);
    expect(azurite.accountKey).toBe(AZURITE_ACCOUNT_KEY);
    expect(isRunning(azurite.pid)).toBe(true);

    await azurite.stop();
    expect(isRunning(azurite.pid)).toBe(false);
    await expect(azurite.stop()).resolves.toBeUndefined();
  });

  it('keeps blobs across restarts', async () => {
    const body = Buffer.from('survives a restart');
    const first = await startAzurite({ dir: dataDir });
    try {
      const provider = providerFor(first.endpoint);
      await provider.ensureContainer();
      await provider.putSmallObject('kept.txt', body);
    } finally {
      await first.stop();
    }

    const second = await startAzurite({ dir: dataDir });
    try {
      const provider = providerFor(second.endpoint);
      expect((await provider.readSmallObject('kept.txt', 100)).equals(body)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('busy port fails with Azurite output', async () => {
    // Closing each connection at once lets blocker.close() finish after the readiness probes.
    const blocker = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    try {
      await expect(startAzurite({ dir: dataDir, port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

function providerFor(endpoint: string) {
  return createAzureProvider({
    account: AZURITE_ACCOUNT,
    accountKey: AZURITE_ACCOUNT_KEY,
    container: 'launcher-test',
    endpoint,
    lifetimes: { uploadSeconds: 60, downloadSeconds: 60 },
  });
}
