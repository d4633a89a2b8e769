// Shared set-up for the download engine tests: the upload engine's environment (a test
// platform on Azurite, the GCS double or a given bucket), plus helpers that upload files with
// the UploadEngine and download them again into a fresh folder.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { expect } from 'vitest';

import {
  DownloadEngine,
  type DownloadEngineOptions,
} from '../../../../electron/engine/download/index';
import {
  HashPool,
  type FileHashResult,
  type HashFileOptions,
} from '../../../../electron/engine/hashing/index';
import { FAST_RETRY, MiB, PROJECT, TEAM, type EngineEnv } from '../upload/fixture';

export { MiB, PROJECT, TEAM };

/** Small ranges, so tests fetch files of a few MiB in parallel ranges. */
export const SMALL_RANGES = { rangeSize: 5 * MiB, parallelThreshold: 5 * MiB };

/**
 * A real HashPool that records the path of every file it hashes, so a test can check
 * whether the verify step read a `.part` file again.
 */
export class RecordingHashPool extends HashPool {
  readonly hashedPaths: string[] = [];

  constructor() {
    // Two workers even on a one-core machine, so the pool can spare one for a ranged file.
    super({ size: 2 });
  }

  override hash(path: string, options?: HashFileOptions): Promise<FileHashResult> {
    this.hashedPaths.push(path);
    return super.hash(path, options);
  }
}

/** Creates download engines on the environment's journal and dispatcher. */
export function downloader(
  ctx: EngineEnv,
  overrides: Partial<DownloadEngineOptions> = {},
): DownloadEngine {
  return new DownloadEngine({
    client: ctx.client,
    journal: ctx.journal,
    dispatcher: ctx.dispatcher,
    retry: FAST_RETRY,
    ...overrides,
  });
}

/** Uploads `files` (logical path → bytes) as a new version of `name` and waits for it. */
export async function uploadArtifact(
  ctx: EngineEnv,
  name: string,
  files: Record<string, Buffer>,
): Promise<void> {
  const engine = ctx.engine({ multipartThreshold: 6 * MiB, partSize: 5 * MiB });
  const id = engine.uploadArtifact({
    entity: TEAM,
    project: PROJECT,
    name,
    type: 'dataset',
    files: Object.entries(files).map(([logicalPath, bytes], index) => ({
      logicalPath,
      localPath: ctx.writeLocal(`${name}/${index}`, bytes),
    })),
  });
  expect(await engine.wait(id)).toBe('completed');
}

/** Creates a new empty folder to download into. */
export function newRoot(ctx: EngineEnv, name: string): string {
  return mkdtempSync(join(ctx.dir, `download-${name}-`));
}

/** Reads every file below `root` as relative path (with `/`) → bytes. */
export function readTree(root: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path).split(sep).join('/')] = readFileSync(path);
  }
  return files;
}

/** Checks that `root` contains exactly `expected`, byte for byte, with no `.part` file left. */
export function expectTree(root: string, expected: Record<string, Buffer>): void {
  const actual = readTree(root);
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [path, bytes] of Object.entries(expected)) {
    expect(actual[path]!.equals(bytes), `content of ${path}`).toBe(true);
  }
}
