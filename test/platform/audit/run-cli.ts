import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(REPO_ROOT, 'bin', 'byob-platform.js');
// Milliseconds before a command is killed, so a hung command fails its test instead of
// stalling the run.
const COMMAND_TIMEOUT_MS = 30_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `byob-platform` with `args` to completion, without the developer's BYOB_PLATFORM_DB. */
export function runPlatformCli(args: string[]): Promise<CliResult> {
  const env = { ...process.env };
  delete env.BYOB_PLATFORM_DB;
  delete env.BUCKET;

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed and returns its standard output. */
export async function runPlatformCliOk(args: string[]): Promise<string> {
  const result = await runPlatformCli(args);
  if (result.code !== 0) {
    throw new Error(
      `byob-platform ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}
