// Failures a user meets when hashing real files: missing paths, folders, unreadable files,
// files changed while they are read, and a worker script that does not load.
import { appendFileSync, renameSync, truncateSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { fromFsError, type HashErrorData } from '../../../../electron/engine/hashing/errors.ts';
import { allocateReadBuffers, hashFile } from '../../../../electron/engine/hashing/hash-file.ts';
import { HashError, HashPool } from '../../../../electron/engine/hashing/index.ts';
import { ignoresFileModes, runScriptWithFileModesEnforced } from '../../../support/file-modes.ts';
import { MiB, useTempFolder } from './hashing-fixture.ts';

const folder = useTempFolder('hash-errors');
const pool = new HashPool({ size: 2, readSize: 256 * 1024, progressIntervalMs: 0 });
afterAll(() => pool.close());

async function hashError(filePath: string): Promise<HashError> {
  const error = await pool.hash(filePath).then(
    () => new Error(`hashing ${filePath} succeeded, expected a HashError`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HashError);
  return error as HashError;
}

/**
 * Hashes `filePath` in a child process that mode bits apply to and returns the error it
 * printed. Root reads every file whatever its mode bits, so a permission error needs a child
 * without that override.
 */
async function hashWithFileModesEnforced(filePath: string): Promise<HashErrorData> {
  const poolUrl = new URL('../../../../electron/engine/hashing/index.ts', import.meta.url);
  const script = path.join(folder.dir, 'hash-with-file-modes.mts');
  await writeFile(
    script,
    [
      `import { HashPool } from ${JSON.stringify(poolUrl.href)};`,
      'const pool = new HashPool({ size: 1 });',
      `const error = await pool.hash(${JSON.stringify(filePath)}).catch((e) => e);`,
      'console.log(JSON.stringify(error.toData()));',
      'await pool.close();',
    ].join('\n'),
  );

  return JSON.parse(await runScriptWithFileModesEnforced(script)) as HashErrorData;
}

describe('HashPool file errors', () => {
  it('reports a missing file', async () => {
    const missing = path.join(folder.dir, 'missing.bin');

    const error = await hashError(missing);

    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.path).toBe(missing);
    expect(error.osCode).toBe('ENOENT');
    expect(error.message).toBe(
      `Cannot hash ${JSON.stringify(missing)}: file not found (ENOENT from stat). Check the path and that the file still exists.`,
    );
  });

  it('reports a directory', async () => {
    const error = await hashError(folder.dir);

    expect(error.code).toBe('NOT_A_FILE');
    expect(error.message).toContain('the path is a directory, not a regular file');
  });

  it('keeps a path with a newline on one line', async () => {
    const odd = path.join(folder.dir, 'line\nbreak.bin');

    const error = await hashError(odd);

    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('line\\nbreak.bin');
  });

  it('reports an unreadable file', async () => {
    const file = await folder.randomFile('unreadable.bin', 10);
    await chmod(file.path, 0o000);

    const error = ignoresFileModes
      ? await hashWithFileModesEnforced(file.path)
      : (await hashError(file.path)).toData();

    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.osCode).toBe('EACCES');
    expect(error.syscall).toBe('open');
  });

  it('maps EACCES and EPERM to PERMISSION_DENIED', () => {
    for (const osCode of ['EACCES', 'EPERM']) {
      const osError = Object.assign(new Error(`${osCode}: permission denied, open '/x'`), {
        code: osCode,
        syscall: 'open',
      });

      const error = fromFsError(osError, '/x');

      expect(error.code).toBe('PERMISSION_DENIED');
      expect(error.message).toBe(
        `Cannot hash "/x": permission denied (${osCode} from open). Give this user read access to the file.`,
      );
    }
  });

  it('reports a worker script that fails to load', async () => {
    const brokenScript = path.join(folder.dir, 'broken-worker.mjs');
    await writeFile(brokenScript, "throw new Error('worker script failed to load');\n");
    const brokenPool = new HashPool({ size: 1, workerUrl: pathToFileURL(brokenScript) });

    try {
      const error = await brokenPool.hash(path.join(folder.dir, 'any.bin')).catch((e) => e);

      expect(error).toMatchObject({ code: 'WORKER_FAILED' });
      expect(error.message).toContain('worker script failed to load');
      expect(brokenPool.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
    } finally {
      await brokenPool.close();
    }
  });
});

describe('HashPool fingerprint check', () => {
  // The worker reads 64 MiB in 256 KiB reads and the test changes the file on the first
  // progress message. The main thread gets that message after one read, long before the
  // worker's last read and its final stat.
  it('fails with FILE_CHANGED when the file grows', async () => {
    const file = await folder.largeRandomFile('appended.bin', 64 * MiB);
    let appended = false;

    const error = await pool
      .hash(file.path, {
        onProgress: () => {
          if (appended) return;
          appendFileSync(file.path, 'more');
          appended = true;
        },
      })
      .catch((e) => e);

    expect(appended).toBe(true);
    expect(error).toBeInstanceOf(HashError);
    expect(error.code).toBe('FILE_CHANGED');
    expect(error.path).toBe(file.path);
    expect(error.message).toContain('changed while it was read');
  });

  it('fails with FILE_CHANGED when the file shrinks', async () => {
    const file = await folder.largeRandomFile('truncated.bin', 64 * MiB);
    let truncated = false;

    const error = await pool
      .hash(file.path, {
        onProgress: () => {
          if (truncated) return;
          truncateSync(file.path, 1 * MiB);
          truncated = true;
        },
      })
      .catch((e) => e);

    expect(error).toMatchObject({ code: 'FILE_CHANGED', path: file.path });
  });

  it('fails with FILE_CHANGED when the path is replaced', async () => {
    const file = await folder.largeRandomFile('replaced.bin', 64 * MiB);
    const replacement = await folder.randomFile('replacement.bin', 64 * MiB);
    let replaced = false;

    const error = await pool
      .hash(file.path, {
        onProgress: () => {
          if (replaced) return;
          // The worker keeps reading the old inode through its open handle.
          renameSync(replacement.path, file.path);
          replaced = true;
        },
      })
      .catch((e) => e);

    expect(error).toMatchObject({ code: 'FILE_CHANGED', path: file.path });
    expect(error.message).toContain('the path now points to a different file');
  });

  it('catches an append between two reads', async () => {
    // hashFile calls onProgress between reads on the same thread, so this append lands at
    // a known point: after the first read, before the second.
    const file = await folder.randomFile('append-between-reads.bin', 1 * MiB);
    let appended = false;

    const call = hashFile(
      file.path,
      {},
      {
        buffers: allocateReadBuffers(64 * 1024),
        progressIntervalMs: 0,
        onProgress: () => {
          if (appended) return;
          appendFileSync(file.path, 'x');
          appended = true;
        },
      },
    );

    await expect(call).rejects.toMatchObject({
      code: 'FILE_CHANGED',
      message: expect.stringContaining(`its size went from ${1 * MiB} to ${1 * MiB + 1} bytes`),
    });
  });
});
