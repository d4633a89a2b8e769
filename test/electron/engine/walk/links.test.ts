// Symbolic links, directory loops and special files on real folders.
import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { collect, describeSkips, logicalPaths, useTempFolder, writeTree } from './walk-fixture.ts';

const folder = useTempFolder('walk-links');

describe('walkUploadSources symbolic links', () => {
  let root = '';
  let outside = '';

  beforeAll(async () => {
    root = folder.at('links', 'tree');
    outside = folder.at('links', 'elsewhere');
    await writeTree(root, { 'real/x.txt': 'inside', 'notes.txt': 'notes' });
    await writeTree(outside, { 'secret.txt': 'outside', 'dir/y.txt': 'outside dir' });

    await symlink('notes.txt', path.join(root, 'notes-link.txt'));
    await symlink('real', path.join(root, 'alias'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'out-file.txt'));
    await symlink(path.join(outside, 'dir'), path.join(root, 'out-dir'));
    await symlink('missing.txt', path.join(root, 'broken.txt'));
  });

  it('follows links inside and skips the rest', async () => {
    const result = await collect([root]);

    expect(logicalPaths(result)).toEqual([
      'tree/notes-link.txt',
      'tree/notes.txt',
      'tree/alias/x.txt',
      'tree/real/x.txt',
    ]);
    expect(result.entries[0]?.localPath).toBe(path.join(root, 'notes-link.txt'));
    expect(result.entries[0]?.size).toBe(5);
    expect(result.entries[2]?.localPath).toBe(path.join(root, 'alias', 'x.txt'));

    expect(describeSkips(result, root)).toEqual([
      'not-found broken.txt',
      'symlink-outside out-dir',
      'symlink-outside out-file.txt',
    ]);
    expect(result.skips[2]?.message).toBe(
      `Skipped ${JSON.stringify(path.join(root, 'out-file.txt'))}: the symbolic link resolves to ${JSON.stringify(path.join(outside, 'secret.txt'))}, outside the dropped folder ${JSON.stringify(root)}. Set followSymlinksOutside to upload it, or drop the target itself.`,
    );
    expect(result.summary.skipped['symlink-outside']).toBe(2);
    expect(result.summary.skipped['not-found']).toBe(1);
  });

  it('follows links outside when asked', async () => {
    const result = await collect([root], { followSymlinksOutside: true });

    expect(logicalPaths(result)).toEqual([
      'tree/notes-link.txt',
      'tree/notes.txt',
      'tree/out-file.txt',
      'tree/alias/x.txt',
      'tree/out-dir/y.txt',
      'tree/real/x.txt',
    ]);
    expect(result.entries[2]?.size).toBe('outside'.length);
    expect(describeSkips(result, root)).toEqual(['not-found broken.txt']);
  });

  it('follows a dropped link', async () => {
    const dropped = folder.at('links', 'dropped-link');
    await symlink(outside, dropped);

    const result = await collect([dropped]);

    // The dropped link is named by itself, and its folder is the tree that "inside" means.
    expect(logicalPaths(result)).toEqual(['dropped-link/secret.txt', 'dropped-link/dir/y.txt']);
    expect(result.skips).toEqual([]);
  });

  it('treats a link out through a linked root as outside', async () => {
    const dropped = folder.at('links', 'dropped-tree');
    await symlink(root, dropped);

    const result = await collect([dropped]);

    expect(logicalPaths(result)).toContain('dropped-tree/alias/x.txt');
    expect(describeSkips(result, dropped)).toEqual([
      'not-found broken.txt',
      'symlink-outside out-dir',
      'symlink-outside out-file.txt',
    ]);
  });
});

describe('walkUploadSources loops', () => {
  it('skips a link back to a parent', async () => {
    const root = folder.at('loops', 'tree');
    await writeTree(root, { 'a/b/file.txt': 'data' });
    await symlink('..', path.join(root, 'a', 'b', 'up'));
    await symlink('.', path.join(root, 'here'));

    const result = await collect([root]);

    expect(logicalPaths(result)).toEqual(['tree/a/b/file.txt']);
    expect(describeSkips(result, root)).toEqual(['loop here', 'loop a/b/up']);
    expect(result.skips[0]?.message).toContain(
      'same directory (device and inode) as one of its parents',
    );
    expect(result.summary.skipped.loop).toBe(2);
  });

  it('skips a link cycle between siblings', async () => {
    const root = folder.at('loops', 'cycle');
    await writeTree(root, { 'left/l.txt': 'l', 'right/r.txt': 'r' });
    await symlink('../right', path.join(root, 'left', 'to-right'));
    await symlink('../left', path.join(root, 'right', 'to-left'));

    const result = await collect([root]);

    // Each sibling is walked once directly and once through the other's link, which stops
    // where it would enter itself again.
    expect(logicalPaths(result)).toEqual([
      'cycle/left/l.txt',
      'cycle/left/to-right/r.txt',
      'cycle/right/r.txt',
      'cycle/right/to-left/l.txt',
    ]);
    expect(describeSkips(result, root)).toEqual([
      'loop left/to-right/to-left',
      'loop right/to-left/to-right',
    ]);
  });

  it('skips a link to itself', async () => {
    const root = folder.at('loops', 'self');
    await mkdir(root, { recursive: true });
    await symlink('me', path.join(root, 'me'));

    const result = await collect([root]);

    expect(result.entries).toEqual([]);
    expect(describeSkips(result, root)).toEqual(['loop me']);
    expect(result.skips[0]?.osCode).toBe('ELOOP');
  });
});

describe('walkUploadSources special files', () => {
  it('skips a FIFO', async () => {
    const root = folder.at('special', 'tree');
    await writeTree(root, { 'data.txt': 'data' });
    execFileSync('mkfifo', [path.join(root, 'pipe')]);

    const result = await collect([root]);

    expect(logicalPaths(result)).toEqual(['tree/data.txt']);
    expect(describeSkips(result, root)).toEqual(['special-file pipe']);
    expect(result.skips[0]?.message).toBe(
      `Skipped ${JSON.stringify(path.join(root, 'pipe'))}: it is a FIFO (named pipe), not a regular file or directory. Only regular files can be uploaded; copy its contents to a file to upload them.`,
    );
    expect(result.summary.skipped['special-file']).toBe(1);
  });

  it('skips a dropped device', async () => {
    const result = await collect(['/dev/null']);

    expect(result.entries).toEqual([]);
    expect(result.skips.map((skip) => skip.reason)).toEqual(['special-file']);
    expect(result.skips[0]?.message).toContain('it is a character device');
  });
});
