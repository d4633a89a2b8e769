// Starts an engine child script (upload-child.ts, or the download tests' download-child.ts) in
// its own Node process and reads its JSON lines.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import type { ChildRequest } from './upload-child';

const SCRIPT = fileURLToPath(new URL('./upload-child.ts', import.meta.url));

export interface UploadChild {
  process: ChildProcess;
  /** Resolves with the transfer id once the child has journaled the transfer. */
  transferId: Promise<string>;
  /** Resolves with the final line, or rejects when the child exits without one. */
  result: Promise<{ state: string; error: unknown; maxRssBytes: number }>;
  /** Resolves once the process has exited, with its signal when it was killed. */
  exited: Promise<NodeJS.Signals | null>;
}

export function startUploadChild(request: ChildRequest): UploadChild {
  return startEngineChild(SCRIPT, request);
}

/**
 * Runs `script` with tsx and one JSON argument. The script prints `{ "transferId" }` first and
 * a result line (with `state`) last.
 */
export function startEngineChild(script: string, request: unknown): UploadChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let resolveId!: (id: string) => void;
  let resolveResult!: (value: { state: string; error: unknown; maxRssBytes: number }) => void;
  let rejectResult!: (error: Error) => void;
  const transferId = new Promise<string>((resolve) => (resolveId = resolve));
  const result = new Promise<{ state: string; error: unknown; maxRssBytes: number }>(
    (resolve, reject) => {
      resolveResult = resolve;
      rejectResult = reject;
    },
  );
  // A killed child never prints its result; the test that kills it does not wait for one.
  result.catch(() => undefined);

  lines.on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    if (typeof message.transferId === 'string') resolveId(message.transferId);
    else resolveResult(message as { state: string; error: unknown; maxRssBytes: number });
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => {
    child.on('exit', (code, signal) => {
      rejectResult(
        new Error(
          `engine child exited with code ${code} and signal ${signal} before printing its result`,
        ),
      );
      resolve(signal);
    });
  });
  return { process: child, transferId, result, exited };
}
