import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runPlatformCli } from '../support/platform-cli';

describe('byob-platform serve options', () => {
  let dir: string;
  let busy: net.Server;
  let busyPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'byob-serve-options-'));
    busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects an unknown log level', async () => {
    const result = await runPlatformCli(['serve', '--log-level', 'verbose']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("'verbose' is invalid");
    expect(result.stderr).toContain('fatal, error, warn, info, debug, trace, silent');
    expect(result.stderr).not.toContain('pino');
  });

  it('rejects an unknown sandbox log level', async () => {
    const result = await runPlatformCli(['sandbox', '--dir', join(dir, 'sb'), '--log-level', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("'x' is invalid");
  });

  it.each(['127.0.0.999', 'platform.invalid', ''])('rejects host "%s"', async (host) => {
    const result = await runPlatformCli(['serve', '--host', host]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`"${host}" is not an IP address`);
    expect(result.stderr).not.toContain('ENOTFOUND');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a port in use in one line', async () => {
    const db = join(dir, 'busy.sqlite');
    const args = ['serve', '--db', db, '--host', '127.0.0.1', '--port', String(busyPort)];
    const result = await runPlatformCli(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `byob-platform: port ${busyPort} on 127.0.0.1 is already in use: choose another --port, or --port 0 for a free one.`,
    );
    expect(result.stderr).not.toContain('EADDRINUSE');
  });
});
