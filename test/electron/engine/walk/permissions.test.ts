// Unreadable folders and files. Root reads everything whatever the mode bits, so when the
// tests run as root the walk runs in a child process as uid 65534 (`nobody` on Debian).
import { execFile } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { beforeAll, describe, expect, it } from 'vitest';

import {
  collect,
  describeSkips,
  useTempFolder,
  writeTree,
  type WalkResult,
} from './walk-fixture.ts';

const folder = useTempFolder('walk-access');

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** Walks `paths` in a child process running as `nobody` and returns what it printed. */
async function collectAsNobody(paths: string[]): Promise<WalkResult> {
  const walkerUrl = new URL('../../../../electron/engine/walk/index.ts', import.meta.url);
  const script = path.join(folder.dir, 'walk-as-nobody.mts');
  await writeFile(
    script,
    [
      `import { walkUploadSources } from ${JSON.stringify(walkerUrl.href)};`,
      'const skips = [];',
      `const walk = walkUploadSources(${JSON.stringify(paths)}, { onSkip: (skip) => skips.push(skip) });`,
      'const entries = [];',
      'for await (const entry of walk) entries.push(entry);',
      'console.log(JSON.stringify({ entries, skips, summary: walk.summary }));',
    ].join('\n'),
  );
  await chmod(script, 0o644);

  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
    cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
    uid: NOBODY,
    gid: NOBODY,
    timeout: 30_000,
  });
  return JSON.parse(stdout) as WalkResult;
}

function walk(paths: string[]): Promise<WalkResult> {
  return isRoot ? collectAsNobody(paths) : collect(paths);
}

describe('walkUploadSources permissions', () => {
  let root = '';

  beforeAll(async () => {
    // mkdtemp creates the folder with mode 700, which would lock uid 65534 out of all of it.
    await chmod(folder.dir, 0o755);
    root = folder.at('tree');
    await writeTree(root, {
      'a-readable.txt': 'ok',
      'b-locked/secret.txt': 'hidden by mode',
      'c-open/inside.txt': 'ok too',
      'd-private.bin': 'mode 000',
      'e-owner-only.bin': 'mode 600',
    });
    await chmod(path.join(root, 'b-locked'), 0o000);
    await chmod(path.join(root, 'd-private.bin'), 0o000);
    await chmod(path.join(root, 'e-owner-only.bin'), 0o600);
  });

  it('reports unreadable folders and files', async () => {
    const result = await walk([root]);

    expect(result.entries.map((entry) => entry.logicalPath)).toEqual([
      'tree/a-readable.txt',
      'tree/c-open/inside.txt',
    ]);
    expect(describeSkips(result, root)).toEqual([
      'permission-denied d-private.bin',
      'permission-denied e-owner-only.bin',
      'permission-denied b-locked',
    ]);
    expect(result.skips.map((skip) => skip.osCode)).toEqual(['EACCES', 'EACCES', 'EACCES']);
    expect(result.skips[2]?.message).toBe(
      `Skipped ${JSON.stringify(path.join(root, 'b-locked'))}: permission denied (EACCES from opendir). Give this user read access to it, or leave it out.`,
    );
    expect(result.summary.skipped['permission-denied']).toBe(3);
    expect(result.summary.files).toBe(2);
  });

  it('reports an unreadable dropped folder', async () => {
    const locked = path.join(root, 'b-locked');

    const result = await walk([locked, path.join(root, 'a-readable.txt')]);

    expect(result.entries.map((entry) => entry.logicalPath)).toEqual(['a-readable.txt']);
    expect(describeSkips(result, root)).toEqual(['permission-denied b-locked']);
  });

  // Only root ignores mode bits, so for other users this case does not exist.
  it.runIf(isRoot)('reads everything as root', async () => {
    const result = await collect([root]);

    expect(result.entries).toHaveLength(5);
    expect(result.skips).toEqual([]);
  });
});
