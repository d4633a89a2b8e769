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

describe('putFileRange', () => {
  it('sends exactly the requested byte range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byob-http-test-'));
    const path = join(dir, 'data.bin');
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    writeFileSync(path, bytes);

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
    const dispatcher = createHttpAgent();

    let counted = 0;
    const response = await putFileRange(
      {
        dispatcher,
        url: `http://127.0.0.1:${port}/object?sig=secret`,
        headers: {},
        limiter: new BandwidthLimiter(10 * 1024 * 1024),
        onBytes: (n) => (counted += n),
      },
      { path, offset: 70_000, length: 200_001 },
    );

    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"abc"');
    expect(received[0]!.equals(bytes.subarray(70_000, 270_001))).toBe(true);
    expect(counted).toBe(200_001);
    await dispatcher.close();
    server.close();
  });
});
