// Unreadable folders and files. Root reads everything whatever the mode bits, so when the
// tests run as root the walk runs in a child process without that override.
import { chmod, chown, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import {
  ignoresFileModes,
  OTHER_UID,
  runScriptWithFileModesEnforced,
} from '../../../support/file-modes.ts';
import {
  collect,
  describeSkips,
  useTempFolder,
  writeTree,
  type WalkResult,
} from './walk-fixture.ts';

const folder = useTempFolder('walk-access');

/** Walks `paths` in a child process that mode bits apply to and returns what it printed. */
async function collectWithFileModesEnforced(paths: string[]): Promise<WalkResult> {
  const walkerUrl = new URL('../../../../electron/engine/walk/index.ts', import.meta.url);
  const script = path.join(folder.dir, 'walk-with-file-modes.mts');
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

  return JSON.parse(await runScriptWithFileModesEnforced(script)) as WalkResult;
}

function walk(paths: string[]): Promise<WalkResult> {
  return ignoresFileModes ? collectWithFileModesEnforced(paths) : collect(paths);
}

describe('walkUploadSources permissions', () => {
  let root = '';

  beforeAll(async () => {
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
    // The walking child runs as the test's own uid, so the mode 600 file must belong to
    // another user to be unreadable. Only root can give it away.
    // NOTE: when the tests run as a user other than root, the file is the tester's own and
    // readable, so the first test fails on it.
    if (ignoresFileModes) await chown(path.join(root, 'e-owner-only.bin'), OTHER_UID, OTHER_UID);
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
  it.runIf(ignoresFileModes)('reads everything as root', async () => {
    const result = await collect([root]);

    expect(result.entries).toHaveLength(5);
    expect(result.skips).toEqual([]);
  });
});
