// One long-running Ceph daemon in the foreground: started, watched and stopped by its PID.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { lastLines } from './command.ts';

export interface DaemonSpec {
  /** Ceph's name for it (`mon.a`, `osd.0`, `client.rgw.gateway`), used in messages. */
  name: string;
  command: string;
  args: string[];
  /** Ceph's own log file of the daemon (`log_file` in ceph.conf). */
  logPath: string;
  /** Where its stdout and stderr go; early failures such as a bad option land here. */
  outputPath: string;
  /** util-linux `setpriv`, or null: see startDaemon. */
  setpriv: string | null;
}

export interface DaemonExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long to wait for a process to vanish after SIGKILL before calling it stuck. */
const KILL_WAIT_MS = 5_000;

/** Bytes read from the end of a log for a failure message. */
const TAIL_BYTES = 16 * 1024;

export class Daemon {
  /** Set once the process has exited and been reaped, so its PID is free. */
  exit: DaemonExit | null = null;
  readonly exited: Promise<DaemonExit>;

  constructor(
    readonly spec: DaemonSpec,
    readonly pid: number,
    /** Sends a signal to the process; a no-op once it has exited. */
    readonly kill: (signal: NodeJS.Signals) => unknown,
    exited: Promise<DaemonExit>,
  ) {
    this.exited = exited.then((exit) => (this.exit = exit));
  }

  get name(): string {
    return this.spec.name;
  }

  /** "exited with code 1" or "was killed by SIGSEGV", or null while it runs. */
  describeExit(): string | null {
    if (this.exit === null) return null;
    const { code, signal } = this.exit;
    return (
      `${this.name} (pid ${this.pid}) ` +
      (signal ? `was killed by ${signal}` : `exited with code ${code}`)
    );
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process is gone. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.exit !== null) return;
    this.kill('SIGTERM');
    if (await settlesWithin(this.exited, timeoutMs)) return;

    this.kill('SIGKILL');
    if (await settlesWithin(this.exited, KILL_WAIT_MS)) return;
    throw new Error(`${this.name} (pid ${this.pid}) survived SIGKILL for ${KILL_WAIT_MS} ms`);
  }

  /** The last lines of the daemon's output and of its Ceph log, for failure messages. */
  tail(lines = 25): string {
    return [
      `--- ${this.spec.outputPath} (last ${lines} lines) ---`,
      lastLines(readTail(this.spec.outputPath), lines),
      `--- ${this.spec.logPath} (last ${lines} lines) ---`,
      lastLines(readTail(this.spec.logPath), lines),
    ].join('\n');
  }
}

/**
 * Starts the daemon with stdout and stderr in `outputPath`. With `setpriv`, the kernel also
 * sends it SIGKILL when the thread that spawned it dies, which covers a test process killed by
 * a signal, where no 'exit' listener runs. The daemon keeps the PID (setpriv execs it).
 */
export async function startDaemon(spec: DaemonSpec): Promise<Daemon> {
  const [command, args] =
    spec.setpriv === null
      ? [spec.command, spec.args]
      : [spec.setpriv, ['--pdeathsig', 'KILL', spec.command, ...spec.args]];
  const output = openSync(spec.outputPath, 'a');
  const child = (() => {
    try {
      return spawn(command, args, { stdio: ['ignore', output, output] });
    } finally {
      closeSync(output);
    }
  })();

  const exited = new Promise<DaemonExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  if (child.pid === undefined) {
    const [error] = (await once(child, 'error')) as [Error];
    throw new Error(`Could not start ${spec.name} (${spec.command}): ${error.message}`, {
      cause: error,
    });
  }
  // A forgotten stop() must not keep the test process alive; its 'exit' handler then kills us.
  child.unref();
  return new Daemon(spec, child.pid, (signal) => child.kill(signal), exited);
}

async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const timer = new AbortController();
  const timedOut = sleep(timeoutMs, false, { signal: timer.signal }).catch(() => false);
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    timer.abort();
  }
}

/** The end of a text file, or a note when it does not exist (yet). */
export function readTail(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return '(no such file)';
  }
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8').trimEnd();
}
