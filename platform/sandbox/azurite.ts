// Starts Azurite's Blob service as a child process, for the `byob-platform sandbox` command
// (long-running, data kept in a folder) and for tests (temporary folder).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Azurite's development account. Microsoft publishes it for the storage emulators only. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
/** The published key of the development account (Azurite README, "Default Storage Account"). */
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Folder for Azurite's blobs and metadata; created when missing. */
  dir: string;
  /** Port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** How long to wait for Azurite to respond, in milliseconds. Default 30 000. */
  startTimeoutMs?: number;
}

export interface AzuriteInstance {
  /** Blob service URL including the account path, e.g. `http://127.0.0.1:10000/devstoreaccount1`. */
  endpoint: string;
  account: string;
  accountKey: string;
  port: number;
  pid: number;
  /** Stops Azurite and resolves once its process has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_START_TIMEOUT_MS = 30_000;
// Azurite needs a moment after SIGTERM to save its metadata database; then it is killed.
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LINES_KEPT = 20;
// A port picked by findFreePort can be taken by another process before Azurite binds it.
const PORT_ATTEMPTS = 3;

const WATCHDOG_PATH = fileURLToPath(new URL('./azurite-watchdog.cjs', import.meta.url));

/**
 * Starts Azurite's Blob service on 127.0.0.1 and waits until it responds to requests.
 * The child keeps the parent's event loop alive until stop() is called.
 */
export async function startAzurite(options: AzuriteOptions): Promise<AzuriteInstance> {
  await mkdir(options.dir, { recursive: true });
  const script = await resolveAzuriteBlobScript();
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;

  const attempts = options.port === undefined ? PORT_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort());
    const child = spawnAzurite(script, options.dir, port);
    try {
      await waitUntilReady(child, port, timeoutMs);
      return describeInstance(child.process, port);
    } catch (error) {
      await stopChild(child.process);
      const portTaken = child.output().includes('EADDRINUSE');
      if (!(portTaken && attempt < attempts)) throw error;
    }
  }
}

/** Finds the azurite-blob entry point through the installed package, not through PATH. */
async function resolveAzuriteBlobScript(): Promise<string> {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve('azurite/package.json');
  } catch {
    throw new Error('npm package "azurite" not found: run `npm install` in the repository root.');
  }
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    bin?: Record<string, string>;
  };
  const relative = manifest.bin?.['azurite-blob'];
  if (relative === undefined) {
    throw new Error(`No "azurite-blob" entry in the bin field of ${manifestPath}.`);
  }
  return path.resolve(path.dirname(manifestPath), relative);
}

interface RunningChild {
  process: ChildProcess;
  /** The last lines Azurite wrote to stdout and stderr. */
  output(): string;
}

function spawnAzurite(script: string, dir: string, port: number): RunningChild {
  // A custom account list in AZURITE_ACCOUNTS disables the development account (Azurite README).
  const env = { ...process.env };
  delete env.AZURITE_ACCOUNTS;

  const child = spawn(
    process.execPath,
    [
      '--require',
      WATCHDOG_PATH,
      script,
      ...['--blobHost', HOST, '--blobPort', String(port), '--location', dir],
      // Without this flag Azurite 3.35 rejects every request from @azure/storage-blob 12.32,
      // which sends a newer x-ms-version than Azurite supports.
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
    ],
    // The IPC channel is what the watchdog watches; no messages are sent on it.
    { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );

  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES_KEPT));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Without a listener, a failed spawn would throw an unhandled 'error' event.
  child.on('error', (error) => lines.push(`spawn failed: ${error.message}`));

  // Sends SIGTERM if the parent exits while the child runs. Only synchronous work is possible
  // in an 'exit' handler, and the watchdog in the child covers parents that die without one.
  const killOnExit = () => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));

  return { process: child, output: () => lines.join('\n') };
}

function describeInstance(child: ChildProcess, port: number): AzuriteInstance {
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${HOST}:${port}/${AZURITE_ACCOUNT}`,
    account: AZURITE_ACCOUNT,
    accountKey: AZURITE_ACCOUNT_KEY,
    port,
    pid: child.pid ?? -1,
    stop() {
      stopping ??= stopChild(child);
      return stopping;
    },
  };
}

/** Asks Azurite to shut down, kills it after STOP_TIMEOUT_MS, and waits for the exit. */
async function stopChild(child: ChildProcess): Promise<void> {
  // No pid means the spawn itself failed, so there is no process to stop.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  // Closing the IPC channel makes the watchdog send SIGTERM to Azurite from inside the child.
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');

  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function waitUntilReady(child: RunningChild, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const POLL_INTERVAL_MS = 100;

  while (Date.now() < deadline) {
    if (child.process.pid === undefined) {
      // The spawn failed. Its 'error' event, which names the reason, arrives on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error(`Failed to start Azurite with ${process.execPath}: ${child.output()}`);
    }
    const { exitCode, signalCode } = child.process;
    if (exitCode !== null || signalCode !== null) {
      throw new Error(
        `Azurite exited with ${exitCode !== null ? `code ${exitCode}` : signalCode} before responding on ${HOST}:${port}. Its last output:\n${child.output()}`,
      );
    }
    if (await respondsAsAzurite(port)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }

  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for Azurite to respond on ${HOST}:${port}: check the output below, or raise startTimeoutMs. Its last output:\n${child.output()}`,
  );
}

/** Returns true when the port responds with Azurite's Server header (another server may use it). */
function respondsAsAzurite(port: number): Promise<boolean> {
  const PROBE_TIMEOUT_MS = 1000;
  return new Promise((resolve) => {
    const request = http.get(
      { host: HOST, port, path: `/${AZURITE_ACCOUNT}?comp=list`, agent: false },
      (response) => {
        response.resume();
        resolve(String(response.headers.server ?? '').startsWith('Azurite-Blob'));
      },
    );
    request.setTimeout(PROBE_TIMEOUT_MS, () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** Asks the operating system for a port on 127.0.0.1 that is free right now. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
