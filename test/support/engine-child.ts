// Both sides of the line protocol between an engine test and an engine child script that runs
// one transfer in its own Node process. The child takes one JSON argument and prints JSON lines
// on stdout: first `{ "transferId" }` once the transfer is journaled, then `{ "state", "error",
// "maxRssBytes" }` when the transfer ends. Tests kill such a child mid-transfer, or read the
// peak memory of a process that runs nothing else.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import type { Journal } from '../../electron/engine/journal/index';

/** The last line a child prints. */
export interface EngineChildResult {
  state: string;
  error: unknown;
  maxRssBytes: number;
}

export interface EngineChild {
  process: ChildProcess;
  /** Resolves with the transfer id once the child has journaled the transfer. */
  transferId: Promise<string>;
  /** Resolves with the final line, or rejects when the child exits without one. */
  result: Promise<EngineChildResult>;
  /** Resolves once the process has exited, with its signal when it was killed. */
  exited: Promise<NodeJS.Signals | null>;
}

/** The parts of an upload or download engine that a child script drives. */
interface ChildEngine {
  wait(transferId: string): Promise<string>;
  close(): Promise<void>;
}

/** What a child script needs to reach the test platform and share the test's journal. */
export interface EngineChildConnection {
  platformUrl: string;
  apiKey: string;
  journalPath: string;
}

/** Returns the connection fields of a child request for a started engine test environment. */
export function childConnection(ctx: {
  env: { url: string };
  apiKey: string;
  journalPath: string;
}): EngineChildConnection {
  return { platformUrl: ctx.env.url, apiKey: ctx.apiKey, journalPath: ctx.journalPath };
}

/** Runs `script` with tsx and `request` as its one JSON argument. */
export function startEngineChild(script: string, request: unknown): EngineChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let resolveId!: (id: string) => void;
  let resolveResult!: (value: EngineChildResult) => void;
  let rejectResult!: (error: Error) => void;
  const transferId = new Promise<string>((resolve) => (resolveId = resolve));
  const result = new Promise<EngineChildResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // A killed child never prints its result, and the test that kills it does not wait for one.
  result.catch(() => undefined);

  lines.on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    if (typeof message.transferId === 'string') resolveId(message.transferId);
    else resolveResult(message as unknown as EngineChildResult);
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

/**
 * Prints the child's lines for a started transfer, waits for it to end, then closes the engine
 * and the journal. The caller closes its dispatchers after this returns.
 */
export async function reportTransfer(
  engine: ChildEngine,
  journal: Journal,
  transferId: string,
): Promise<void> {
  process.stdout.write(`${JSON.stringify({ transferId })}\n`);

  const state = await engine.wait(transferId);
  const error = journal.getTransfer(transferId)?.transfer.error ?? null;
  // resourceUsage().maxRSS is in kilobytes (Node documentation of process.resourceUsage).
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ state, error, maxRssBytes })}\n`);

  await engine.close();
  journal.close();
}
