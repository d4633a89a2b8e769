// The file tree over paged paths: folders first, sizes summed, pages merged, selection rules.
import { describe, expect, it } from 'vitest';

import type { RemoteFileItem } from '../../shared/ipc/index';
import {
  ancestorSelected,
  FileTreeIndex,
  isSelected,
  toggleSelection,
} from '../../renderer/src/screens/browse/file-tree-model';

function file(path: string, size = 10): RemoteFileItem {
  return { path, size, md5: null, digest: null, updatedAt: null };
}

function names(index: FileTreeIndex, expanded: string[] = []) {
  return index.rows(new Set(expanded)).map((row) => `${'  '.repeat(row.depth)}${row.path}`);
}

describe('FileTreeIndex', () => {
  it('lists folders first, then files, in natural order', () => {
    const index = new FileTreeIndex();
    index.sync([
      file('b.txt'),
      file('img/10.png'),
      file('img/2.png'),
      file('a.txt'),
      file('data/x'),
    ]);
    expect(names(index)).toEqual(['data/', 'img/', 'a.txt', 'b.txt']);
    expect(names(index, ['img/'])).toEqual([
      'data/',
      'img/',
      '  img/2.png',
      '  img/10.png',
      'a.txt',
      'b.txt',
    ]);
  });

  it('sums sizes and counts per folder', () => {
    const index = new FileTreeIndex();
    index.sync([file('a/b/c', 5), file('a/d', 7)]);
    const [folder] = index.rows(new Set());
    expect(folder).toMatchObject({ kind: 'folder', path: 'a/', size: 12, fileCount: 2 });
  });

  it('merges a later page into sorted folders', () => {
    const index = new FileTreeIndex();
    const first = [file('d/5'), file('d/1')];
    index.sync(first);
    expect(names(index, ['d/'])).toEqual(['d/', '  d/1', '  d/5']);
    index.sync([...first, file('d/3'), file('e/0')]);
    expect(names(index, ['d/'])).toEqual(['d/', '  d/1', '  d/3', '  d/5', 'e/']);
  });

  it('starts over for a different list', () => {
    const index = new FileTreeIndex();
    index.sync([file('old')]);
    index.sync([file('new')]);
    expect(names(index)).toEqual(['new']);
  });
});

describe('selection', () => {
  it('covers files under a selected folder', () => {
    const selection = new Set(['img/']);
    expect(isSelected(selection, 'img/a/1.png')).toBe(true);
    expect(ancestorSelected(selection, 'img/')).toBe(false);
    expect(isSelected(selection, 'imgs/1.png')).toBe(false);
  });

  it('drops entries a selected folder covers', () => {
    const selection = toggleSelection(new Set(['img/1.png', 'txt']), 'img/');
    expect([...selection].sort()).toEqual(['img/', 'txt']);
  });

  it('removes an entry selected twice', () => {
    expect([...toggleSelection(new Set(['a']), 'a')]).toEqual([]);
  });
});
