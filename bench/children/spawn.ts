// Starts one benchmark child process and reads its result. Every measured transfer runs in a
// child of its own, so the engine and the SDK baselines each get a process without the
// platform, the stand-ins or the other side in it, and the child's peak RSS is its own.
//
// The request travels in the BYOB_BENCH_REQUEST environment variable rather than on the
// command line, because it carries an API key or storage keys that `ps` would show.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REQUEST_VARIABLE = 'BYOB_BENCH_REQUEST';

/** The result every child prints as its last line of standard output. */
export interface ChildTiming {
  /** Seconds of the measured work only: start-up and warm-up are excluded. */
  seconds: number;
  /** Peak resident set size of the whole child process, worker threads included. */
  maxRssBytes: number;
}

export interface SpawnOptions {
  /**
   * Folder for a V8 CPU profile of the child (node --cpu-prof). Without it, the
   * BYOB_BENCH_CPU_PROFILE_DIR environment variable, when set, names the folder.
   */
  cpuProfileDir?: string;
}

/** Runs `script` (relative to bench/children/) with `request` and resolves with its JSON result. */
export async function runChild<T extends ChildTiming>(
  script: string,
  request: object,
  options: SpawnOptions = {},
): Promise<T> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const profileDir = options.cpuProfileDir ?? process.env.BYOB_BENCH_CPU_PROFILE_DIR;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path], {
    env: { ...process.env, [REQUEST_VARIABLE]: JSON.stringify(request) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  let last = '';
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line.trim() !== '') last = line;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode));
  });

  let result: (T & { error?: undefined }) | { error: string } | undefined;
  try {
    result = JSON.parse(last) as typeof result;
  } catch {
    result = undefined;
  }
  if (code !== 0 || result === undefined || result.error !== undefined) {
    const reason =
      result?.error ?? `exit code ${code}, last output ${JSON.stringify(last.slice(0, 300))}`;
    throw new Error(`Benchmark child ${script} failed: ${reason}`);
  }
  return result as T;
}

/** Reads the request inside a child; exits with status 2 when it is missing. */
export function readChildRequest<T>(): T {
  const text = process.env[REQUEST_VARIABLE];
  if (text === undefined) {
    console.error(
      `${REQUEST_VARIABLE} is not set: start this script through bench/children/spawn.ts.`,
    );
    process.exit(2);
  }
  return JSON.parse(text) as T;
}

/** Prints the child's result line, or its error, and sets the exit code. */
export function finishChild(result: object | Error): void {
  if (result instanceof Error) {
    process.stdout.write(`${JSON.stringify({ error: result.message })}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Peak RSS of this process in bytes; Node reports resourceUsage().maxRSS in kilobytes. */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
