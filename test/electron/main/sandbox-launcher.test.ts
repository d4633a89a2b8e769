// ProcessSandboxLauncher against the real `byob-platform sandbox`: it reads the host and key
// from the banner the command prints, the key signs in, and stop() ends the sandbox and its
// Azurite by the sandbox's PID. The app's first run (auth:start-sandbox) signs in to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { ProcessSandboxLauncher } from '../../../electron/main/services/sandbox';
import type { Session, Team } from '../../../shared/ipc/index';
import { GraphqlClient } from '../../support/graphql-client';
import { isRunning } from '../../support/processes';
import { startMainEnv, type MainEnv } from './fixture';

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

describe('first run with the sandbox', () => {
  let env: MainEnv | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'byob-sandbox-first-run-'));
  const launcher = new ProcessSandboxLauncher({ command: process.execPath, script, dir });

  afterAll(async () => {
    await env?.stop();
    await launcher.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in to the started sandbox', async () => {
    env = await startMainEnv({ sandbox: launcher });

    const session = await env.ok<Session>('auth:start-sandbox');
    const { teams } = await env.ok<{ teams: Team[] }>('teams:list');

    expect(session.profile.kind).toBe('sandbox');
    expect(session.viewer.username).toBe('admin');
    expect(teams.map((team) => team.name)).toContain('demo');
  });

  it('stops the sandbox when the app closes', async () => {
    const pid = launcher.pid!;

    await env!.stop();
    env = undefined;

    expect(isRunning(pid)).toBe(false);
  });
});
