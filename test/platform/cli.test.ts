import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createRunFilesMutation,
  runFilesQuery,
  upsertRunMutation,
  viewerQuery,
  type CreateRunFilesData,
  type RunFilesData,
  type ViewerData,
} from '../../shared/graphql/operations/index';
import { GraphqlClient } from '../support/graphql-client';
import { PLATFORM_CLI, REPO_ROOT, platformCliEnv, runPlatformCli } from '../support/platform-cli';
import { headersOf, putOrThrow } from '../support/wandb-upload';

// Milliseconds before a stopped sandbox must have exited, and to wait for its banner.
const COMMAND_TIMEOUT_MS = 30_000;
const SANDBOX_START_TIMEOUT_MS = 45_000;

interface RunningSandbox {
  child: ChildProcess;
  banner: string;
  url: string;
  apiKey: string;
  /** Port of the sandbox's Azurite, from the bucket line of the banner. */
  azuritePort: number;
  /** Everything the sandbox has written to stderr so far. */
  stderr(): string;
}

/** Starts `byob-platform sandbox` and resolves once its banner is complete. */
function startSandbox(dir: string): Promise<RunningSandbox> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PLATFORM_CLI, 'sandbox', '--dir', dir, '--port', '0'], {
      cwd: REPO_ROOT,
      env: platformCliEnv(),
    });
    let stdout = '';
    let stderr = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.kill('SIGKILL');
      reject(new Error(`The sandbox did not start (${reason}). Its stderr: ${stderr.trim()}`));
    };
    const onExit = (code: number | null) => fail(`exited with code ${code}`);
    const timer = setTimeout(() => fail('timed out'), SANDBOX_START_TIMEOUT_MS);

    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (!stdout.includes('Press Ctrl+C')) return;
      const url = /^\s+host\s+(\S+)$/m.exec(stdout)?.[1];
      const apiKey = /^\s+API key\s+(\S+)$/m.exec(stdout)?.[1];
      const azuritePort = /^\s+bucket\s.* at http:\/\/127\.0\.0\.1:(\d+)\//m.exec(stdout)?.[1];
      if (!url || !apiKey || !azuritePort) return fail('no host, API key or bucket in the banner');

      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({
        child,
        banner: stdout,
        url,
        apiKey,
        azuritePort: Number(azuritePort),
        stderr: () => stderr,
      });
    });
    child.on('exit', onExit);
  });
}

/** Sends `signal` to the process by its PID and resolves with its exit code. */
function stopByPid(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    process.kill(child.pid!, signal);
  });
}

/** Resolves true when a TCP connection to 127.0.0.1:`port` succeeds. */
function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('byob-platform account commands', () => {
  let dir: string;
  let db: string;
  let apiKey = '';
  // The stderr of every command in this suite, checked for the key at the end.
  const stderrSeen: string[] = [];

  const cli = async (...args: string[]) => {
    const result = await runPlatformCli([...args, '--db', db]);
    stderrSeen.push(result.stderr);
    return result;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'byob-cli-test-'));
    db = join(dir, 'platform.sqlite');
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates an admin user', async () => {
    const result = await cli('user', 'create', 'alice', '--admin');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Created user alice (admin).\n');
  });

  it('prints a new key once, on stdout', async () => {
    const result = await cli('key', 'create', 'alice');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f]{40}\n$/);

    apiKey = result.stdout.trim();
    expect(result.stderr).toContain(apiKey.slice(0, 8));
    expect(result.stderr).not.toContain(apiKey);
  });

  it('lists keys by prefix only', async () => {
    const result = await cli('key', 'list', 'alice');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${apiKey.slice(0, 8)}…`);
    expect(result.stdout).toContain('active');
    expect(result.stdout).not.toContain(apiKey);
  });

  it('creates a team with a member', async () => {
    const result = await cli('team', 'create', 'kappa', '--member', 'alice');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('kappa');
    expect(result.stdout).toContain('members: alice');
  });

  it('lists teams as JSON', async () => {
    const result = await cli('team', 'list', '--json');
    expect(result.code).toBe(0);

    const teams = JSON.parse(result.stdout) as { name: string; members: { username: string }[] }[];
    expect(teams.map((t) => t.name)).toEqual(['kappa']);
    expect(teams[0]!.members.map((m) => m.username)).toEqual(['alice']);
  });

  it('shows one team as JSON', async () => {
    const result = await cli('team', 'show', 'kappa', '--json');
    expect(result.code).toBe(0);

    const team = JSON.parse(result.stdout) as { name: string; storage: string; members: unknown };
    expect(team.name).toBe('kappa');
    expect(team.storage).toBe('instance');
    expect(team.members).toEqual([{ username: 'alice', role: 'member' }]);
  });

  it('revokes a key by prefix', async () => {
    const revoked = await cli('key', 'revoke', 'alice', apiKey.slice(0, 8));
    expect(revoked.code).toBe(0);

    const listed = await cli('key', 'list', 'alice');
    expect(listed.stdout).toContain('revoked');
    expect(listed.stdout).not.toContain('active');
  });

  it('revokes a whole key without echoing it', async () => {
    const created = await cli('key', 'create', 'alice');
    const wholeKey = created.stdout.trim();

    const revoked = await cli('key', 'revoke', 'alice', wholeKey);

    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^Revoked key \d+ of alice\.$/m);
    expect(revoked.stdout).not.toContain(wholeKey.slice(0, 5));
  });

  it.each([
    [['user', 'create', 'bad name'], 'bad name'],
    [['user', 'create', 'alice'], 'alice'],
    [['team', 'show', 'nosuch'], 'nosuch'],
    [['key', 'revoke', 'alice', 'nokey'], 'nokey'],
    [['serve', '--upload-url-ttl', '9d'], '9d'],
    [['serve', '--port', '70000'], '70000'],
  ])('rejects %j with one line', async (args, value) => {
    const result = await cli(...args);
    const lines = result.stderr.trimEnd().split('\n');

    expect([1, 2]).toContain(result.code);
    expect(result.stdout).toBe('');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toContain(value);
  });

  it('never writes the key to stderr', () => {
    expect(apiKey).toMatch(/^[0-9a-f]{40}$/);
    expect(stderrSeen.length).toBeGreaterThan(5);
    for (const stderr of stderrSeen) expect(stderr).not.toContain(apiKey);
  });
});

describe('byob-platform sandbox', () => {
  let dir: string;
  let first: RunningSandbox | undefined;
  let second: RunningSandbox | undefined;
  let third: RunningSandbox | undefined;
  let blocker: net.Server | undefined;
  const content = randomBytes(4096);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'byob-sandbox-test-'));
  });
  afterAll(async () => {
    for (const sandbox of [first, second, third]) if (sandbox) await stopByPid(sandbox.child);
    if (blocker) await new Promise((resolve) => blocker!.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts with a new key and demo team', async () => {
    first = await startSandbox(join(dir, 'sandbox'));
    expect(first.banner).toContain('created');
    expect(first.apiKey).toMatch(/^[0-9a-f]{40}$/);
    expect(new URL(first.url).hostname).toBe('127.0.0.1');
    expect(first.banner).toContain(
      'With the byob CLI, run from this repository as npx byob (see docs/cli.md):',
    );
    expect(first.banner).toContain('Try it with curl, which works now:');
    expect(first.stderr()).toBe('');

    const client = new GraphqlClient(first.url, first.apiKey);
    const viewer = await client.ok<ViewerData>(viewerQuery);
    expect(viewer.viewer!.username).toBe('admin');
    expect(viewer.viewer!.teams!.edges.map((e) => e.node!.name)).toEqual(['demo']);
  });

  it('stores a run file in the demo team', async () => {
    const client = new GraphqlClient(first!.url, first!.apiKey);
    await client.ok(upsertRunMutation, { entity: 'demo', project: 'sandbox', name: 'run-1' });
    const urls = await client.ok<CreateRunFilesData>(createRunFilesMutation, {
      entity: 'demo',
      project: 'sandbox',
      run: 'run-1',
      files: ['kept.bin'],
    });
    const created = urls.createRunFiles!;
    await putOrThrow(created.files![0]!.uploadUrl!, content, headersOf(created.uploadHeaders));
  });

  it('stops on SIGTERM', async () => {
    expect(await stopByPid(first!.child)).toBe(0);
  });

  it('reuses the folder on the second run', async () => {
    second = await startSandbox(join(dir, 'sandbox'));
    expect(second.banner).toContain('reused');
    expect(second.apiKey).toBe(first!.apiKey);
    expect(second.azuritePort).toBe(first!.azuritePort);
    expect(second.stderr()).not.toContain('warning');

    const client = new GraphqlClient(second.url, second.apiKey);
    const viewer = await client.ok<ViewerData>(viewerQuery);
    expect(viewer.viewer!.username).toBe('admin');
  });

  it('keeps the demo team data', async () => {
    const client = new GraphqlClient(second!.url, second!.apiKey);
    const data = await client.ok<RunFilesData>(runFilesQuery, {
      entity: 'demo',
      project: 'sandbox',
      run: 'run-1',
    });
    const nodes = data.project!.run!.files!.edges.map((e) => e.node!);
    expect(nodes.map((n) => n.name)).toEqual(['kept.bin']);

    const response = await fetch(nodes[0]!.directUrl);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });

  it('stops the second run too', async () => {
    expect(await stopByPid(second!.child)).toBe(0);
  });

  it('warns when the saved Azurite port is taken', async () => {
    const saved = second!.azuritePort;
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(saved, '127.0.0.1', resolve));

    third = await startSandbox(join(dir, 'sandbox'));
    expect(third.azuritePort).not.toBe(saved);
    expect(third.stderr()).toContain(
      `byob-platform: warning: Azurite's previous port ${saved} is in use, so it now listens on ${third.azuritePort}`,
    );
  });

  it('stops Azurite on SIGHUP', async () => {
    expect(await acceptsConnections(third!.azuritePort)).toBe(true);
    expect(await stopByPid(third!.child, 'SIGHUP')).toBe(0);
    expect(await acceptsConnections(third!.azuritePort)).toBe(false);
  });
});
