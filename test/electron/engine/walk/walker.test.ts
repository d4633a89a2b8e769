// The walker on real folders: logical paths, order, names, duplicates, hidden files and a
// real npm package compared with an independent count.
import { readdirSync } from 'node:fs';
import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  WalkError,
  WalkOptionError,
  walkUploadSources,
} from '../../../../electron/engine/walk/index.ts';
import { skipFromFsError } from '../../../../electron/engine/walk/skips.ts';
import { collect, describeSkips, logicalPaths, useTempFolder, writeTree } from './walk-fixture.ts';

const folder = useTempFolder('walk');

describe('walkUploadSources trees', () => {
  it('names files under the dropped folder', async () => {
    const set = folder.at('trees', 'data', 'set');
    await writeTree(set, {
      'a.txt': 'alpha',
      'images/cat.png': 'meow',
      'images/raw/dog.raw': 'woof!',
      'labels/train/0001.json': '{}',
    });

    const result = await collect([set]);

    expect(logicalPaths(result)).toEqual([
      'set/a.txt',
      'set/images/cat.png',
      'set/images/raw/dog.raw',
      'set/labels/train/0001.json',
    ]);
    expect(result.entries[0]?.localPath).toBe(path.join(set, 'a.txt'));
    expect(result.skips).toEqual([]);
    expect(result.summary.files).toBe(4);
    expect(result.summary.bytes).toBe(5 + 4 + 5 + 2);
    expect(result.summary.directories).toBe(5);
  });

  it('names a dropped file by its name', async () => {
    const file = folder.at('trees', 'single', 'weights.bin');
    await writeTree(path.dirname(file), { 'weights.bin': '0123456789' });

    const result = await collect([file]);

    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]?.logicalPath).toBe('weights.bin');
    expect(result.entries[0]?.size).toBe(10);
  });

  it('reports size and mtime in whole milliseconds', async () => {
    const file = folder.at('trees', 'times', 'clock.txt');
    await writeTree(path.dirname(file), { 'clock.txt': 'tick' });
    await utimes(file, 1_700_000_000.123, 1_700_000_000.987654);

    const [entry] = (await collect([file])).entries;

    expect(entry?.size).toBe(4);
    expect(entry?.mtimeMs).toBe(1_700_000_000_987);
    expect(Number.isInteger(entry?.mtimeMs)).toBe(true);
  });

  it('resolves relative dropped paths', async () => {
    const result = await collect([path.relative(process.cwd(), folder.at('trees', 'single'))]);

    expect(result.entries[0]?.localPath).toBe(folder.at('trees', 'single', 'weights.bin'));
    expect(logicalPaths(result)).toEqual(['single/weights.bin']);
  });

  it('reports a missing dropped path', async () => {
    const missing = folder.at('trees', 'missing');

    const result = await collect([missing]);

    expect(result.entries).toEqual([]);
    expect(result.skips).toHaveLength(1);
    expect(result.skips[0]?.reason).toBe('not-found');
    expect(result.skips[0]?.osCode).toBe('ENOENT');
    expect(result.skips[0]?.message).toBe(
      `Skipped ${JSON.stringify(missing)}: not found (ENOENT from stat). It was removed or renamed during the walk, or it is a link to a missing target.`,
    );
    expect(result.summary.skipped['not-found']).toBe(1);
  });

  it('walks an empty folder', async () => {
    const empty = folder.at('trees', 'empty');
    await mkdir(empty, { recursive: true });

    const result = await collect([empty]);

    expect(result.entries).toEqual([]);
    expect(result.summary.directories).toBe(1);
  });
});

describe('walkUploadSources order', () => {
  it('yields files before subfolders, in code-unit order', async () => {
    const root = folder.at('order', 'mix');
    await writeTree(root, {
      'b.txt': '',
      'B.txt': '',
      'a/z.txt': '',
      'a.txt': '',
      'a0/y.txt': '',
      'é.txt': '',
      'Z/x.txt': '',
      '10.txt': '',
      '9.txt': '',
    });

    const result = await collect([root]);

    // Uppercase sorts before lowercase and "10" before "9" in code-unit order, and files
    // come before every subfolder.
    expect(logicalPaths(result)).toEqual([
      'mix/10.txt',
      'mix/9.txt',
      'mix/B.txt',
      'mix/a.txt',
      'mix/b.txt',
      'mix/é.txt',
      'mix/Z/x.txt',
      'mix/a/z.txt',
      'mix/a0/y.txt',
    ]);
  });

  it('gives the same sequence on every walk', async () => {
    const root = folder.at('order', 'repeat');
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i += 1) files[`d${i % 7}/s${i % 3}/f${(i * 37) % 300}.bin`] = '';
    await writeTree(root, files);

    const first = await collect([root], { concurrency: 1, readAheadDirectories: 0 });
    const second = await collect([root], { concurrency: 32, readAheadDirectories: 8 });

    expect(first.entries).toHaveLength(300);
    expect(logicalPaths(second)).toEqual(logicalPaths(first));
  });

  it('keeps the order of dropped paths', async () => {
    const result = await collect([folder.at('order', 'mix', 'a0'), folder.at('order', 'mix', 'Z')]);

    expect(logicalPaths(result)).toEqual(['a0/y.txt', 'Z/x.txt']);
  });
});

describe('walkUploadSources names', () => {
  it('keeps spaces, URL characters and unicode', async () => {
    const root = folder.at('names', 'odd');
    const names = [
      'a b.txt',
      'a+b.txt',
      '100%.txt',
      '%41.txt',
      '#1.txt',
      'why?.txt',
      '数据.csv',
      '🙂 ok.txt',
    ];
    await writeTree(root, Object.fromEntries(names.map((name) => [name, name])));

    const result = await collect([root]);

    const expected = [...names].sort().map((name) => `odd/${name}`);
    expect(logicalPaths(result)).toEqual(expected);
    for (const entry of result.entries) {
      expect(entry.size).toBe(Buffer.byteLength(path.basename(entry.localPath)));
    }
  });

  it('normalises NFD names to NFC', async () => {
    const root = folder.at('names', 'nfd');
    const decomposed = 'cafe\u0301';
    await writeTree(root, { [`${decomposed}/Mu\u0308ller.txt`]: 'x' });

    const result = await collect([root]);

    expect(logicalPaths(result)).toEqual(['nfd/caf\u00e9/M\u00fcller.txt']);
    expect(result.entries[0]?.localPath).toBe(path.join(root, decomposed, 'Mu\u0308ller.txt'));
    await expect(stat(result.entries[0]?.localPath ?? '')).resolves.toBeDefined();
  });

  it('reports NFC and NFD twins once', async () => {
    const root = folder.at('names', 'twins');
    await writeTree(root, {
      'e\u0301.txt': 'decomposed',
      '\u00e9.txt': 'composed',
      'caf\u00e9/a.txt': 'composed folder',
      'cafe\u0301/a.txt': 'decomposed folder',
    });

    const result = await collect([root]);

    // The twin already in NFC is kept, so its name on disk equals its logical name.
    expect(logicalPaths(result)).toEqual(['twins/\u00e9.txt', 'twins/caf\u00e9/a.txt']);
    expect(result.entries[0]?.localPath).toBe(path.join(root, '\u00e9.txt'));
    expect(result.entries[1]?.localPath).toBe(path.join(root, 'caf\u00e9', 'a.txt'));
    // Skips come in listing order, where "café" sorts before "é.txt".
    expect(describeSkips(result, root)).toEqual([
      'duplicate-path cafe\u0301',
      'duplicate-path e\u0301.txt',
    ]);
    expect(result.skips[1]?.message).toContain('"twins/\u00e9.txt" is already taken by');
    expect(result.summary.skipped['duplicate-path']).toBe(2);
  });

  it('reports dropped paths with the same name', async () => {
    const first = folder.at('names', 'drop1', 'set');
    const second = folder.at('names', 'drop2', 'set');
    const file = folder.at('names', 'drop3', 'set');
    await writeTree(first, { 'a.txt': '1' });
    await writeTree(second, { 'a.txt': '2', 'b.txt': '2' });
    await writeTree(path.dirname(file), { set: 'file named set' });

    const result = await collect([first, second, file]);

    expect(result.entries.map((entry) => entry.localPath)).toEqual([path.join(first, 'a.txt')]);
    expect(result.skips.map((skip) => [skip.reason, skip.path])).toEqual([
      ['duplicate-path', second],
      ['duplicate-path', file],
    ]);
    expect(result.skips[0]?.message).toBe(
      `Skipped ${JSON.stringify(second)}: its logical path "set" is already taken by ${JSON.stringify(first)}, which is kept. Rename one of them to upload both.`,
    );
  });

  it('reports a name that is not UTF-8', async () => {
    const root = folder.at('names', 'bytes');
    await writeTree(root, { 'good.txt': 'ok' });
    const badName = Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x74, 0x78, 0x74]);
    await writeFile(Buffer.concat([Buffer.from(`${root}/`), badName]), 'latin-1 name');

    const result = await collect([root]);

    expect(logicalPaths(result)).toEqual(['bytes/good.txt']);
    expect(result.skips).toHaveLength(1);
    expect(result.skips[0]?.reason).toBe('name-invalid');
    expect(result.skips[0]?.message).toContain('its name is not valid UTF-8');
  });

  it('reports a logical path over 1,024 bytes', async () => {
    const root = folder.at('names', 'long');
    const segment = 'a'.repeat(250);
    await writeTree(root, {
      [`${segment}/${segment}/${segment}/fits.txt`]: '',
      [`${segment}/${segment}/${segment}/${segment}/${segment}/too-long.txt`]: '',
    });

    const result = await collect([root]);

    expect(logicalPaths(result)).toEqual([`long/${segment}/${segment}/${segment}/fits.txt`]);
    // The fifth folder is the first whose logical path passes 1,024 bytes, so it is
    // reported once and nothing inside it is visited.
    expect(result.skips).toHaveLength(1);
    expect(result.skips[0]?.reason).toBe('name-invalid');
    expect(result.skips[0]?.path).toBe(path.join(root, ...Array(5).fill(segment)));
    expect(result.skips[0]?.message).toContain('over the 1024-byte limit of an object key');
  });
});

describe('walkUploadSources hidden files', () => {
  const files = {
    '.env': 'KEY=1',
    '.git/config': '[core]',
    '.git/objects/ab': 'blob',
    'data/.DS_Store': 'finder',
    'data/train.csv': 'x,y',
  };

  it('includes hidden files by default', async () => {
    const root = folder.at('hidden', 'project');
    await writeTree(root, files);

    const result = await collect([root]);

    expect(logicalPaths(result)).toEqual([
      'project/.env',
      'project/.git/config',
      'project/.git/objects/ab',
      'project/data/.DS_Store',
      'project/data/train.csv',
    ]);
    expect(result.skips).toEqual([]);
  });

  it('skips hidden files when excluded', async () => {
    const root = folder.at('hidden', 'project');

    const result = await collect([root], { includeHidden: false });

    expect(logicalPaths(result)).toEqual(['project/data/train.csv']);
    expect(describeSkips(result, root)).toEqual([
      'hidden .env',
      'hidden .git',
      'hidden data/.DS_Store',
    ]);
    expect(result.summary.skipped.hidden).toBe(3);
    expect(result.skips[0]?.message).toContain('Set includeHidden to upload it.');
  });

  it('walks a dropped hidden folder', async () => {
    const root = folder.at('hidden', 'project', '.git');

    const result = await collect([root], { includeHidden: false });

    expect(logicalPaths(result)).toEqual(['.git/config', '.git/objects/ab']);
  });
});

describe('walkUploadSources on an npm package', () => {
  it('counts the files of node_modules/zod', async () => {
    const packageDir = fileURLToPath(new URL('../../../../node_modules/zod', import.meta.url));

    // Reference: Node's own recursive readdir, which shares no code with the walker.
    const reference = readdirSync(packageDir, { recursive: true, withFileTypes: true })
      .filter((dirent) => dirent.isFile())
      .map((dirent) => {
        const relative = path.relative(packageDir, path.join(dirent.parentPath, dirent.name));
        return `zod/${relative.split(path.sep).join('/')}`;
      })
      .sort();
    expect(reference.length).toBeGreaterThan(100);

    const result = await collect([packageDir]);

    expect(result.summary.files).toBe(reference.length);
    expect([...logicalPaths(result)].sort()).toEqual(reference);
    expect(result.skips).toEqual([]);
  });
});

describe('walkUploadSources options', () => {
  it('rejects a concurrency of 0', () => {
    expect(() => walkUploadSources([folder.dir], { concurrency: 0 })).toThrow(WalkOptionError);
    expect(() => walkUploadSources([folder.dir], { concurrency: 0 })).toThrow(
      'Invalid concurrency 0: it must be an integer of at least 1.',
    );
  });

  it('ends the walk on an I/O error', () => {
    const ioError = Object.assign(new Error('EIO: i/o error, scandir'), {
      code: 'EIO',
      syscall: 'scandir',
    });

    expect(() => skipFromFsError(ioError, '/data/set')).toThrow(WalkError);
    expect(() => skipFromFsError(ioError, '/data/set')).toThrow(
      'Cannot walk "/data/set": EIO from scandir failed. Check the disk and retry the transfer.',
    );
  });

  it('rejects a second iteration', async () => {
    const walk = walkUploadSources([folder.at('trees', 'single')]);
    for await (const entry of walk) expect(entry.logicalPath).toBe('single/weights.bin');

    expect(() => walk[Symbol.asyncIterator]()).toThrow('This walk has already been iterated.');
  });
});
