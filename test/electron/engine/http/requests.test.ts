import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  BandwidthLimiter,
  createHttpAgent,
  putFileRange,
} from '../../../../electron/engine/http/index';

describe('createHttpAgent', () => {
  it('rejects zero connections per origin', () => {
    expect(() => createHttpAgent({ connectionsPerOrigin: 0 })).toThrow(/connectionsPerOrigin 0/);
  });

  it('names a missing CA bundle', () => {
    expect(() => createHttpAgent({ caFile: '/no/such/ca.pem' })).toThrow(
      /\/no\/such\/ca\.pem.*caFile/,
    );
  });
});

/** Starts a server on 127.0.0.1 that records every request body and replies 200 with an ETag. */
async function recordingServer() {
  const received: Buffer[] = [];
  const server = createServer((req, res) => {
    const slices: Buffer[] = [];
    req.on('data', (slice: Buffer) => slices.push(slice));
    req.on('end', () => {
      received.push(Buffer.concat(slices));
      res.writeHead(200, { etag: '"abc"' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, url: `http://127.0.0.1:${port}/object?sig=secret`, server };
}

describe('putFileRange', () => {
  const dir = mkdtempSync(join(tmpdir(), 'byob-http-test-'));
  const path = join(dir, 'data.bin');
  const bytes = Buffer.from(Array.from({ length: 600_000 }, (_, i) => i % 251));
  writeFileSync(path, bytes);

  // Ranges up to 256 KiB are read into memory, larger ones are streamed.
  const cases = [
    { name: 'a small range from memory', offset: 70_000, length: 200_001 },
    { name: 'a large range as a stream', offset: 3, length: 500_000 },
  ];

  for (const { name, offset, length } of cases) {
    it(`sends ${name}`, async () => {
      const { received, url, server } = await recordingServer();
      const dispatcher = createHttpAgent();

      let counted = 0;
      const response = await putFileRange(
        {
          dispatcher,
          url,
          headers: {},
          limiter: new BandwidthLimiter(10 * 1024 * 1024),
          onBytes: (n) => (counted += n),
        },
        { path, offset, length },
      );

      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"abc"');
      expect(received[0]!.equals(bytes.subarray(offset, offset + length))).toBe(true);
      expect(counted).toBe(length);
      await dispatcher.close();
      server.close();
    });
  }

  it('rejects a small range past the end of the file', async () => {
    const { received, url, server } = await recordingServer();
    const dispatcher = createHttpAgent();

    const sending = putFileRange(
      { dispatcher, url, headers: {} },
      { path, offset: 599_000, length: 2_000 },
    );

    await expect(sending).rejects.toThrow(/data\.bin ended at byte 600000, before the 2000 bytes/);
    expect(received).toHaveLength(0);
    await dispatcher.close();
    server.close();
  });
});
