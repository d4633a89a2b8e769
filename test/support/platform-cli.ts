import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PLATFORM_CLI = join(REPO_ROOT, 'bin', 'byob-platform.js');
// Milliseconds before a command is killed, so a hung command fails its test instead of
// stalling the run.
const COMMAND_TIMEOUT_MS = 30_000;
// Settings a developer may have exported; tests pass them explicitly when they need them.
const DEVELOPER_SETTINGS = [
  'BYOB_PLATFORM_DB',
  'BUCKET',
  'GORILLA_SUPPORTED_FILE_STORES',
  'BYOB_DEPLOYMENT',
  'BYOB_SECRETS_KEY',
];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Builds the child environment: this process's, without the developer's settings, plus `overrides`. */
export function platformCliEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DEVELOPER_SETTINGS) delete env[name];
  return { ...env, ...overrides };
}

/** Runs `byob-platform` with `args` to completion. */
export function runPlatformCli(
  args: string[],
  overrides: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PLATFORM_CLI, ...args], {
      cwd: REPO_ROOT,
      env: platformCliEnv(overrides),
    });
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
export async function runPlatformCliOk(
  args: string[],
  overrides: Record<string, string> = {},
): Promise<string> {
  const result = await runPlatformCli(args, overrides);
  if (result.code !== 0) {
    throw new Error(
      `byob-platform ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}
