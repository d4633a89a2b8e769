// Starts the local sandbox (`byob-platform sandbox`) as a child process for the app's first
// run, and reads its host and API key from the banner it prints. The child runs as long as
// the app; `stop` ends it by its PID.
import { spawn, type ChildProcess } from 'node:child_process';

import { ServiceError } from './errors';

export interface RunningSandboxInfo {
  url: string;
  apiKey: string;
}

export interface SandboxLauncher {
  /** Starts the sandbox, or returns the one this launcher already started. */
  start(): Promise<RunningSandboxInfo>;
  stop(): Promise<void>;
}

export interface ProcessSandboxOptions {
  /** Program that runs `script`: Node, or Electron with ELECTRON_RUN_AS_NODE=1. */
  command: string;
  /** Path of bin/byob-platform.js. */
  script: string;
  /** Folder for the sandbox's database and Azurite data. */
  dir: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds to wait for the banner; Azurite's first start takes a few seconds. */
  startTimeoutMs?: number;
}

// The banner lines that carry the two values (platform/cli/sandbox.ts prints them).
const HOST_LINE = /^\s*host\s+(https?:\/\/\S+)\s*$/m;
const KEY_LINE = /^\s*API key\s+(\S+)\s*$/m;

export class ProcessSandboxLauncher implements SandboxLauncher {
  private child: ChildProcess | null = null;
  private running: Promise<RunningSandboxInfo> | null = null;

  constructor(private readonly options: ProcessSandboxOptions) {}

  /** PID of the running sandbox process, or null when none runs. */
  get pid(): number | null {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return null;
    return child.pid ?? null;
  }

  start(): Promise<RunningSandboxInfo> {
    this.running ??= this.launch().catch((error: unknown) => {
      this.running = null;
      throw error;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.running = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  private launch(): Promise<RunningSandboxInfo> {
    const { command, script, dir, env, startTimeoutMs = 120_000 } = this.options;
    const child = spawn(command, [script, 'sandbox', '--dir', dir, '--port', '0'], {
      env: env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;

    return new Promise<RunningSandboxInfo>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const fail = (message: string) => {
        clearTimeout(timer);
        child.kill('SIGTERM');
        reject(new ServiceError('INTERNAL', message));
      };
      const timer = setTimeout(
        () =>
          fail(
            `The local sandbox printed no host within ${startTimeoutMs / 1000} s; see its output: ${stderr.trim().slice(-300)}`,
          ),
        startTimeoutMs,
      );

      child.stdout?.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        const host = HOST_LINE.exec(stdout)?.[1];
        const apiKey = KEY_LINE.exec(stdout)?.[1];
        if (host && apiKey) {
          clearTimeout(timer);
          resolve({ url: host, apiKey });
        }
      });
      child.stderr?.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
      });
      child.once('error', (error) =>
        fail(`Failed to start the local sandbox with ${command}: ${error.message}.`),
      );
      child.once('exit', (code, signal) =>
        fail(
          `The local sandbox exited (${signal ?? `code ${code}`}) before it was ready: ${stderr.trim().slice(-300) || 'no output'}.`,
        ),
      );
    });
  }
}
