import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runPlatformCli } from '../support/platform-cli';

const CLI = fileURLToPath(new URL('../../bin/byob-platform.js', import.meta.url));
const SERVE_START_TIMEOUT_MS = 20_000;

/**
 * Starts `serve` without an instance bucket, waits for its start-up log line, stops it with
 * SIGTERM and returns its stderr.
 */
function serveOnce(db: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.BYOB_PLATFORM_DB;
    delete env.BUCKET;
    const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within ${SERVE_START_TIMEOUT_MS} ms: ${stderr}`));
    }, SERVE_START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('platform started')) child.kill('SIGTERM');
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(stderr);
    });
  });
}

describe('byob-platform --db', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'byob-db-path-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('announces a database a command creates', async () => {
    const db = join(dir, 'cli', 'new.sqlite');
    const first = await runPlatformCli(['user', 'create', 'olga', '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`byob-platform: created a new database at ${db}\n`);

    const second = await runPlatformCli(['user', 'list', '--db', db]);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
  });

  it('announces a database serve creates', async () => {
    const db = join(dir, 'serve', 'new.sqlite');
    expect(await serveOnce(db)).toContain(`byob-platform: created a new database at ${db}\n`);
    expect(await serveOnce(db)).not.toContain('created a new database');
  });

  it('rejects a folder in a command before any file', async () => {
    const folder = join(dir, 'folder-cli');
    mkdirSync(folder);
    const result = await runPlatformCli(['user', 'create', 'olga', '--db', folder]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `byob-platform: The database path ${folder} is a folder: give a file path with --db, e.g. --db ${folder}/byob-platform.sqlite.\n`,
    );
    expect(existsSync(`${folder}.key`)).toBe(false);
    expect(existsSync(`${folder}.audit.jsonl`)).toBe(false);
  });

  it('rejects a folder in serve before any file', async () => {
    const folder = join(dir, 'folder-serve');
    mkdirSync(folder);
    const result = await runPlatformCli(['serve', '--db', folder, '--port', '0']);

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`The database path ${folder} is a folder`);
    expect(result.stderr).not.toContain('unable to open database file');
    expect(existsSync(`${folder}.key`)).toBe(false);
    expect(existsSync(`${folder}.audit.jsonl`)).toBe(false);
  });

  it('rejects a path below a file', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'not a folder\n');
    const db = join(file, 'platform.sqlite');
    const result = await runPlatformCli(['serve', '--db', db, '--port', '0']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `byob-platform: Cannot create the database ${db}, because ${file} is a file, not a folder: choose another --db path.\n`,
    );
    expect(existsSync(`${db}.key`)).toBe(false);
  });

  // NOTE: an unwritable folder is checked with access(W_OK), which always passes for root,
  // so that case has no test here.
});
