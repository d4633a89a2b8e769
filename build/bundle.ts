// Bundles the Electron side with esbuild: `tsx build/bundle.ts preload` and
// `tsx build/bundle.ts main` (npm run build:preload and build:main).
//
// - preload: one CommonJS file, because a sandboxed preload cannot load other modules; only
//   `electron` stays outside it.
// - main: the main process, the transfer host that runs in a utilityProcess and the hashing
//   worker, as ES modules in dist/main/. Packages from node_modules stay imports, so
//   better-sqlite3's native addon and the other dependencies load from node_modules.
import { fileURLToPath } from 'node:url';

import { build, type BuildOptions } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export const PRELOAD_BUILD: BuildOptions = {
  absWorkingDir: root,
  entryPoints: ['electron/preload/index.ts'],
  outfile: 'electron/preload/dist/index.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  // Electron 40 ships Chromium 144.
  target: 'chrome120',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
};

export const MAIN_BUILD: BuildOptions = {
  absWorkingDir: root,
  entryPoints: {
    main: 'electron/main/main.ts',
    'transfer-host': 'electron/main/transfer-host/remote/host-entry.ts',
    'hash-worker': 'electron/engine/hashing/worker.ts',
  },
  outdir: 'dist/main',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  // Electron 40 ships Node 24; the lowest Node this repository supports is 20.
  target: 'node20',
  packages: 'external',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
};

export const TARGETS = { preload: PRELOAD_BUILD, main: MAIN_BUILD } as const;

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !(name in TARGETS));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `Unknown bundle target "${unknown.join(', ') || '(none)'}": pass preload, main or both.`,
    );
  }
  for (const name of names) await build(TARGETS[name as keyof typeof TARGETS]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
