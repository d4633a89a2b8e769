// The esbuild bundles of build/bundle.ts, written to a folder under test-output/: the preload is one
// CommonJS file that requires only electron, the main bundles import only runtime
// dependencies, and the transfer host and hashing worker bundles run in plain Node threads.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAIN_BUILD, PRELOAD_BUILD } from '../../build/bundle';
import { HashPool } from '../../electron/engine/hashing/index';
import { RemoteTransferHost } from '../../electron/main/transfer-host/remote/remote-host';
import { startWorkerHost } from '../../electron/main/transfer-host/remote/worker-port';
import packageJson from '../../package.json' with { type: 'json' };

/** Bare module names that a bundle imports or requires. */
function importsOf(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/(?:^import .* from |^import |require\()"([^"]+)"/gm)) {
    names.add(match[1]!);
  }
  return [...names].sort();
}

describe('esbuild bundles', () => {
  let out: string;

  beforeAll(async () => {
    // Inside the repository, so the bundles resolve their packages from its node_modules.
    const parent = fileURLToPath(new URL('../../test-output/', import.meta.url));
    mkdirSync(parent, { recursive: true });
    out = mkdtempSync(join(parent, 'bundle-'));
    await build({
      ...PRELOAD_BUILD,
      outfile: join(out, 'preload', 'index.cjs'),
      logLevel: 'silent',
    });
    await build({ ...MAIN_BUILD, outdir: join(out, 'main'), logLevel: 'silent' });
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('preload requires only electron', () => {
    const code = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');

    expect(importsOf(code)).toEqual(['electron']);
    expect(code).toContain('exposeInMainWorld');
  });

  it('main imports only runtime dependencies', () => {
    const allowed = new Set([
      'electron',
      ...Object.keys(packageJson.dependencies),
      ...builtinModules.map((name) => `node:${name}`),
    ]);

    for (const name of ['main', 'transfer-host', 'hash-worker']) {
      const code = readFileSync(join(out, 'main', `${name}.mjs`), 'utf8');
      const outside = importsOf(code).filter((module) => !allowed.has(module));
      expect(outside, `${name}.mjs`).toEqual([]);
    }
  });

  it('transfer host bundle answers in a worker', async () => {
    const journalPath = join(out, 'journal.sqlite');
    const host = new RemoteTransferHost({
      start: () => startWorkerHost(pathToFileURL(join(out, 'main', 'transfer-host.mjs'))),
      init: {
        journalPath,
        hashWorkerUrl: pathToFileURL(join(out, 'main', 'hash-worker.mjs')).toString(),
      },
    });

    try {
      await host.configure(null);
      await expect(host.pause('missing-id')).rejects.toMatchObject({
        info: { code: 'NOT_FOUND' },
      });
    } finally {
      await host.close();
    }
  });

  it('hash worker bundle hashes a file', async () => {
    const file = join(out, 'sample.bin');
    const bytes = Buffer.alloc(300_000, 7);
    writeFileSync(file, bytes);
    const pool = new HashPool({
      size: 1,
      workerUrl: pathToFileURL(join(out, 'main', 'hash-worker.mjs')),
    });

    try {
      const result = await pool.hash(file);
      expect(result.md5Base64).toBe(createHash('md5').update(bytes).digest('base64'));
    } finally {
      await pool.close();
    }
  });
});
