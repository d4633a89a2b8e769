import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  localTargetOf,
  partPathOf,
  requireInsideRoot,
} from '../../../../electron/engine/download/local-paths';
import { diskError } from '../../../../electron/engine/download/disk-errors';
import { TransferError } from '../../../../electron/engine/transfer/errors';

const root = mkdtempSync(join(tmpdir(), 'byob-local-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('localTargetOf', () => {
  it('keeps a plain path', () => {
    expect(localTargetOf(root, 'dir/a b+c.txt')).toEqual({
      localPath: join(root, 'dir', 'a b+c.txt'),
      relativePath: join('dir', 'a b+c.txt'),
      mapped: false,
    });
  });

  it('maps names Windows rejects', () => {
    const target = localTargetOf(root, 'AUX/x:y?.txt');
    expect(target.localPath).toBe(join(root, '%41UX', 'x%3Ay%3F.txt'));
    expect(target.mapped).toBe(true);
  });

  it.each([
    ['../escape.txt'],
    ['a/../../escape.txt'],
    ['/etc/passwd'],
    ['\\server\\share.txt'],
    ['C:/Windows/x.txt'],
    ['C:\\Windows\\x.txt'],
    ['C:'],
    ['a\\..\\..\\escape.txt'],
    ['a//b.txt'],
    ['./a.txt'],
    [''],
    ['a\0b.txt'],
  ])('rejects %j with UNSAFE_PATH', (logicalPath) => {
    let error: unknown;
    try {
      localTargetOf(root, logicalPath);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(TransferError);
    expect((error as TransferError).code).toBe('UNSAFE_PATH');
    expect((error as TransferError).message).toContain(root);
  });

  it('names the partial file beside the final one', () => {
    const localPath = join(root, 'a.bin');
    expect(partPathOf({ id: 42, localPath })).toBe(join(root, 'a.bin.byob-42.part'));
  });
});

describe('requireInsideRoot', () => {
  it('accepts a folder inside the root', async () => {
    const folder = join(root, 'inside');
    mkdirSync(folder);
    await expect(requireInsideRoot(root, folder, 'inside/a.txt')).resolves.toBeUndefined();
  });

  it('rejects a link that leaves the root', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'byob-outside-'));
    symlinkSync(outside, join(root, 'link'));
    try {
      await expect(requireInsideRoot(root, join(root, 'link'), 'link/a.txt')).rejects.toThrow(
        /symbolic link/,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('diskError', () => {
  it('reports a full disk as DISK_FULL', () => {
    const error = diskError(
      Object.assign(new Error('no space'), { code: 'ENOSPC' }),
      'write',
      '/d/a.part',
      {},
    );
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toContain('/d/a.part');
  });

  it('reports other failures as WRITE_FAILED', () => {
    const error = diskError(
      Object.assign(new Error('read-only'), { code: 'EROFS' }),
      'rename',
      '/d/a',
      {},
    );
    expect(error.code).toBe('WRITE_FAILED');
    expect(error.message).toContain('read-only');
  });
});
