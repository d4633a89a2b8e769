// Shared set-up for the `byob` CLI tests: a test platform on Azurite, two users with their
// own teams, and a temporary HOME, so the CLI never reads the developer's netrc, settings or
// journal. `withProxy` puts a fault proxy between the platform's bucket and Azurite (the
// bucket's endpoint is the proxy), so a CLI child process reaches storage through it and the
// tests can count the bytes it sends.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { Journal } from '../../electron/engine/journal/index';
import { PlatformClient } from '../../electron/platform-client/index';
import { startAzurite, type AzuriteInstance } from '../../platform/sandbox/azurite';
import type { AzureStorageAddress } from '../../platform/storage/address';
import { createAzureProvider } from '../../platform/storage/azure';
import { DEFAULT_URL_LIFETIMES } from '../../platform/storage/provider';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy/index';
import { withFileModesEnforced } from '../support/file-modes';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { REPO_ROOT, type CliResult } from '../support/platform-cli';

export const BYOB_CLI = join(REPO_ROOT, 'bin', 'byob.js');
export const TEAM = 'kappa';
export const OTHER_TEAM = 'lambda';
export const PROJECT = 'vision';
export const MiB = 1024 * 1024;

/** Milliseconds before a command is killed, so a hung command fails its test instead of stalling the run. */
const COMMAND_TIMEOUT_MS = 90_000;

/** Variables a developer may have set that would change what the CLI reads or where it connects. */
const DEVELOPER_VARIABLES =
  /^(WANDB_|BYOB_|NETRC$|XDG_|APPDATA$|HTTPS?_PROXY$|NO_PROXY$|ALL_PROXY$)/i;

export interface CliEnv {
  platform: TestPlatform;
  /** Present with `withProxy`: the proxy in front of the bucket's Azurite. */
  proxy: FaultProxy | undefined;
  /** API keys of alice (member of TEAM) and bob (member of OTHER_TEAM). */
  keys: { alice: string; bob: string };
  /** The temporary HOME of every CLI child. */
  home: string;
  /** The journal the CLI opens by default: the app's data folder under `home`. */
  journalPath: string;
  /** Folder for local files. */
  dir: string;
  /** The environment of a CLI child: isolated from the developer's, plus `overrides`. */
  env(overrides?: Record<string, string>): NodeJS.ProcessEnv;
  /** Runs `byob args` to completion. */
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  /** Starts `byob args` and returns the running child. */
  start(args: string[], options?: RunOptions): CliChild;
  /** Writes `bytes` to `relative` under `dir` and returns the absolute path. */
  writeLocal(relative: string, bytes: Buffer | string): string;
  /** Opens the default journal; close it after use. */
  openJournal(): Journal;
  /** Downloads every file of `collection:alias` in TEAM/PROJECT through its directUrl. */
  readBack(collection: string, alias?: string): Promise<Record<string, Buffer>>;
  stop(): Promise<void>;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Text written to the child's standard input, which is then closed. */
  stdin?: string;
  /** Runs the child with mode bits enforced even for root, so a file of mode 000 is unreadable. */
  enforceFileModes?: boolean;
}

export interface CliChild {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the child exits, with its code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first parsed stdout line (of --json output) that `match` accepts, printed before or after the call. */
  waitForEvent(
    match: (event: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
}

export async function startCliEnv(options: { withProxy?: boolean } = {}): Promise<CliEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'byob-cli-test-'));
  const home = join(dir, 'home');
  mkdirSync(home);

  let azurite: AzuriteInstance | undefined;
  let proxy: FaultProxy | undefined;
  let instanceBucket: AzureStorageAddress | undefined;
  if (options.withProxy) {
    azurite = await startAzurite({ dir: join(dir, 'azurite-behind-proxy') });
    proxy = await startFaultProxy({ upstream: `http://127.0.0.1:${azurite.port}` });
    const container = 'cli-test';
    await createAzureProvider({
      account: azurite.account,
      accountKey: azurite.accountKey,
      container,
      endpoint: azurite.endpoint,
      lifetimes: DEFAULT_URL_LIFETIMES,
    }).ensureContainer();
    instanceBucket = {
      provider: 'azure',
      accountName: azurite.account,
      accountKey: azurite.accountKey,
      container,
      path: '',
      endpoint: `${proxy.url}/${azurite.account}`,
    };
  }

  const platform = await startTestPlatform(instanceBucket ? { instanceBucket } : {});
  const alice = (await platform.clientFor('alice')).apiKey!;
  const bob = (await platform.clientFor('bob')).apiKey!;
  await platform.createTeam(TEAM, ['alice']);
  await platform.createTeam(OTHER_TEAM, ['bob']);

  const journalPath = join(home, '.config', 'BYOB Transfer', 'journal.sqlite');
  const env = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!DEVELOPER_VARIABLES.test(name)) base[name] = value;
    }
    return { ...base, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...overrides };
  };

  const start = (args: string[], runOptions: RunOptions = {}): CliChild =>
    startChild(args, env(runOptions.env), dir, runOptions);
  const client = new PlatformClient({ host: platform.url, apiKey: alice });

  return {
    platform,
    proxy,
    keys: { alice, bob },
    home,
    journalPath,
    dir,
    env,
    start,
    async run(args, runOptions = {}) {
      const child = start(args, runOptions);
      const { code } = await child.exited;
      return { code, stdout: child.stdout(), stderr: child.stderr() };
    },
    writeLocal(relative, bytes) {
      const path = join(dir, 'files', relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      return path;
    },
    openJournal: () => Journal.open(journalPath),
    async readBack(collection, alias = 'latest') {
      const files: Record<string, Buffer> = {};
      for await (const file of client.iterateArtifactFiles(TEAM, PROJECT, collection, alias)) {
        const response = await fetch(file.directUrl);
        if (!response.ok) throw new Error(`GET ${file.name} failed with HTTP ${response.status}`);
        files[file.name] = Buffer.from(await response.arrayBuffer());
      }
      return files;
    },
    async stop() {
      await platform.stop();
      await proxy?.stop();
      await azurite?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: RunOptions,
): CliChild {
  const commandLine = options.enforceFileModes
    ? withFileModesEnforced(process.execPath, [BYOB_CLI, ...args])
    : { command: process.execPath, args: [BYOB_CLI, ...args] };
  const child = spawn(commandLine.command, commandLine.args, {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: {
    match: (event: Record<string, unknown>) => boolean;
    resolve: (event: Record<string, unknown>) => void;
  }[] = [];
  let pending = '';
  // Every event printed so far: a waiter registered after its event arrived still finds it,
  // since two events often come in one chunk of output.
  const events: Record<string, unknown>[] = [];

  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stdout += text;
    pending += text;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  if (options.stdin !== undefined) child.stdin!.write(options.stdin);
  child.stdin!.end();

  const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal });
      });
    },
  );

  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForEvent(match) {
      return new Promise((resolve, reject) => {
        const earlier = events.find(match);
        if (earlier !== undefined) {
          resolve(earlier);
          return;
        }
        waiters.push({ match, resolve });
        void exited.then(() =>
          reject(
            new Error(
              `byob ${args.join(' ')} exited before the expected event; stderr: ${stderr.trim()}`,
            ),
          ),
        );
      });
    },
  };
}
