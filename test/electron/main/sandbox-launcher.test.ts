// ProcessSandboxLauncher against the real `byob-platform sandbox`: it reads the host and key
// from the banner the command prints, the key signs in, and stop() ends the sandbox and its
// Azurite by the sandbox's PID.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { ProcessSandboxLauncher } from '../../../electron/main/services/sandbox';
import { GraphqlClient } from '../../support/graphql-client';
import { isRunning } from '../../support/processes';

const script = fileURLToPath(new URL('../../../bin/byob-platform.js', import.meta.url));

/** Resolves with whether a TCP connection to the URL's host and port opens. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('sandbox launcher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'byob-sandbox-launcher-'));
  const launcher = new ProcessSandboxLauncher({ command: process.execPath, script, dir });

  afterAll(async () => {
    await launcher.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads host and key from the banner', async () => {
    const running = await launcher.start();

    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.apiKey.length).toBeGreaterThan(20);
    const client = new GraphqlClient(running.url, running.apiKey);
    const data = await client.ok<{ viewer: { username: string } }>('{ viewer { username } }');
    expect(data.viewer.username).toBe('admin');
  });

  it('returns the same sandbox twice', async () => {
    const first = await launcher.start();
    const second = await launcher.start();

    expect(second).toBe(first);
  });

  it('stops the sandbox by its PID', async () => {
    const running = await launcher.start();
    const pid = launcher.pid!;
    expect(isRunning(pid)).toBe(true);

    await launcher.stop();

    expect(isRunning(pid)).toBe(false);
    expect(launcher.pid).toBeNull();
    expect(await accepts(running.url)).toBe(false);
  });
});
