// Starting and stopping: option checks, stop() with requests in flight, waitForIdle, and a
// process that exits although it never stopped its proxy.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFaultProxy, type FaultProxy } from './index.ts';
import { startRecordingOrigin, type RecordingOrigin } from './recording-origin.ts';

// Upper bound for the child process to exit. It guards against a hang and checks no speed.
const CHILD_EXIT_TIMEOUT_MS = 30_000;

let origin: RecordingOrigin;

beforeAll(async () => {
  origin = await startRecordingOrigin();
});

afterAll(async () => {
  await origin?.stop();
});

/** Resolves once the proxy has `count` requests in its log. */
async function waitForArrivals(proxy: FaultProxy, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (proxy.stats().log.length < count) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${count} request(s).`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startFaultProxy options', () => {
  const invalidUpstreams: Array<[string, string]> = [
    [
      'not a url',
      'Invalid upstream "not a url": expected an origin such as http://127.0.0.1:10000.',
    ],
    ['https://127.0.0.1:8443', 'with http, 127.0.0.1 and a port'],
    ['http://localhost:8080', 'with http, 127.0.0.1 and a port'],
    ['http://192.168.1.10:8080', 'with http, 127.0.0.1 and a port'],
    ['http://127.0.0.1', 'with http, 127.0.0.1 and a port'],
    [
      'http://127.0.0.1:8080/devstoreaccount1',
      'remove the path, query and user, e.g. http://127.0.0.1:8080.',
    ],
    ['http://127.0.0.1:8080/?sig=1', 'remove the path, query and user'],
  ];

  for (const [upstream, message] of invalidUpstreams) {
    it(`rejects upstream ${upstream}`, async () => {
      await expect(startFaultProxy({ upstream })).rejects.toThrow(message);
    });
  }

  it('rejects a zero maxStallMs', async () => {
    await expect(startFaultProxy({ upstream: origin.url, maxStallMs: 0 })).rejects.toThrow(
      'Invalid maxStallMs 0: expected a whole number of ms above 0.',
    );
  });

  it('rejects invalid initial rules', async () => {
    await expect(
      startFaultProxy({
        upstream: origin.url,
        rules: [{ fault: { kind: 'stall', ms: 100 } }],
        maxStallMs: 50,
      }),
    ).rejects.toThrow('Invalid stall of 100 ms in fault rule 0');
  });

  it('reports a port in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startFaultProxy({ upstream: origin.url, port })).rejects.toThrow(
        `Fault proxy failed to listen on 127.0.0.1:${port}`,
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('listens on the given url', async () => {
    const proxy = await startFaultProxy({ upstream: `${origin.url}/` });
    try {
      expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
      expect(proxy.upstream).toBe(origin.url);
      expect((await fetch(`${proxy.url}/ping`)).status).toBe(200);
    } finally {
      await proxy.stop();
    }
  });
});

describe('stop', () => {
  it('destroys stalled connections', async () => {
    const proxy = await startFaultProxy({
      upstream: origin.url,
      rules: [{ fault: { kind: 'stall' } }],
    });
    const pending = fetch(`${proxy.url}/stalled`).then(
      () => 'answered',
      (error: unknown) => (error as Error).name,
    );
    await waitForArrivals(proxy, 1);

    await proxy.stop();
    expect(await pending).toBe('TypeError');
    expect(proxy.stats().log[0]).toMatchObject({
      fault: 'stall',
      status: null,
      outcome: 'stopped',
    });
  });

  it('second stop resolves too', async () => {
    const proxy = await startFaultProxy({ upstream: origin.url });
    await proxy.stop();
    await expect(proxy.stop()).resolves.toBeUndefined();
    await expect(fetch(proxy.url)).rejects.toThrow('fetch failed');
  });

  it('waitForIdle names pending requests', async () => {
    const proxy = await startFaultProxy({
      upstream: origin.url,
      rules: [{ fault: { kind: 'stall' } }],
    });
    const pending = fetch(`${proxy.url}/stalled`).catch(() => undefined);
    try {
      await waitForArrivals(proxy, 1);
      await expect(proxy.waitForIdle(100)).rejects.toThrow(
        `Timed out after 100 ms waiting for 1 request(s) through the fault proxy at ${proxy.url}`,
      );
    } finally {
      await proxy.stop();
      await pending;
    }
  });

  it('unstopped proxy lets the process exit', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'unstopped-proxy.ts')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const exit = await new Promise<{ code: number | null; timedOut: boolean }>((resolve) => {
      const timer = setTimeout(() => {
        process.kill(child.pid!, 'SIGKILL');
        resolve({ code: null, timedOut: true });
      }, CHILD_EXIT_TIMEOUT_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, timedOut: false });
      });
    });

    expect(exit.timedOut, output).toBe(false);
    expect(exit.code, output).toBe(0);
    expect(output).toContain('served 200');
  });
});
