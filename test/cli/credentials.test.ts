// Where `byob` finds its platform and key (flags, then environment, then netrc), and what
// `byob login` writes. No output may contain an API key.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startCliEnv, OTHER_TEAM, TEAM, type CliEnv } from './fixture';

describe('byob credentials', () => {
  let cli: CliEnv;
  let host: string;
  let machine: string;
  let netrc: string;

  beforeAll(async () => {
    cli = await startCliEnv();
    host = cli.platform.url;
    machine = new URL(host).host;
    netrc = join(cli.home, '.netrc');
  });

  afterAll(async () => {
    await cli?.stop();
  });

  beforeEach(() => {
    writeFileSync(netrc, '');
  });

  /** Runs `whoami --json` and returns the user name it printed, or the failed result. */
  async function whoami(args: string[], env: Record<string, string> = {}) {
    const result = await cli.run([...args, 'whoami', '--json'], { env });
    const username =
      result.code === 0 ? (JSON.parse(result.stdout) as { username: string }).username : null;
    return { ...result, username };
  }

  function expectNoKey(text: string): void {
    expect(text).not.toContain(cli.keys.alice);
    expect(text).not.toContain(cli.keys.bob);
  }

  it('prefers --key over the environment', async () => {
    const result = await whoami(['--host', host, '--key', cli.keys.alice], {
      WANDB_API_KEY: cli.keys.bob,
    });
    expect(result.username).toBe('alice');
  });

  it('prefers the environment over netrc', async () => {
    writeFileSync(netrc, `machine ${machine} login user password ${cli.keys.alice}\n`);
    const result = await whoami([], { WANDB_BASE_URL: host, WANDB_API_KEY: cli.keys.bob });
    expect(result.username).toBe('bob');
  });

  it('reads the key from netrc', async () => {
    writeFileSync(netrc, `machine ${machine}\n  login user\n  password ${cli.keys.alice}\n`);
    const result = await whoami(['--host', host]);
    expect(result.username).toBe('alice');
  });

  it('honours NETRC', async () => {
    const other = join(cli.dir, 'other-netrc');
    writeFileSync(other, `machine ${machine} login user password ${cli.keys.bob}\n`);
    const result = await whoami(['--host', host], { NETRC: other });
    expect(result.username).toBe('bob');
  });

  it('prefers --host over WANDB_BASE_URL', async () => {
    const result = await whoami(['--host', host, '--key', cli.keys.alice], {
      WANDB_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(result.username).toBe('alice');
  });

  it('asks for byob login without a key', async () => {
    const result = await whoami(['--host', host]);

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`Run byob login --host ${host}`);
  });

  it('logs in from standard input', async () => {
    writeFileSync(netrc, '# mine\nmachine example.org login me password keep-this\n');
    const result = await cli.run(['login', '--host', host], { stdin: `${cli.keys.alice}\n` });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('as alice');
    expectNoKey(result.stdout + result.stderr);
    expect(statSync(netrc).mode & 0o777).toBe(0o600);
    const text = readFileSync(netrc, 'utf8');
    expect(text).toContain(`machine ${machine}\n  login user\n  password ${cli.keys.alice}\n`);
    expect(text).toContain('machine example.org login me password keep-this');
    expect(text).toContain('# mine');
  });

  it('replaces the entry on a second login', async () => {
    await cli.run(['login', '--host', host], { stdin: `${cli.keys.alice}\n` });
    const result = await cli.run(['login', '--host', host, cli.keys.bob]);

    expect(result.code).toBe(0);
    expectNoKey(result.stdout + result.stderr);
    const text = readFileSync(netrc, 'utf8');
    expect(text).not.toContain(cli.keys.alice);
    expect(text.split(`machine ${machine}`)).toHaveLength(2);
  });

  it('saves the login host as default', async () => {
    await cli.run(['login', '--host', host], { stdin: `${cli.keys.alice}\n` });
    const result = await whoami([]);
    expect(result.username).toBe('alice');
  });

  it('rejects a wrong key without storing it', async () => {
    const wrong = 'f'.repeat(40);
    const result = await cli.run(['login', '--host', host], { stdin: `${wrong}\n` });

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain(wrong);
    expect(readFileSync(netrc, 'utf8')).toBe('');
  });

  it('rejects an empty key as usage', async () => {
    const result = await cli.run(['login', '--host', host], { stdin: '\n' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid API key');
  });

  it('prints entity and teams with whoami --json', async () => {
    const result = await cli.run(['--host', host, '--key', cli.keys.alice, 'whoami', '--json']);

    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { entity: string; teams: string[] };
    expect(printed.entity).toBe('alice');
    expect(printed.teams).toEqual([TEAM]);
    expect(printed.teams).not.toContain(OTHER_TEAM);
    expectNoKey(result.stdout + result.stderr);
  });
});
