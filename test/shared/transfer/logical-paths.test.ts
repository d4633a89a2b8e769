import { describe, expect, it } from 'vitest';

import {
  LogicalPathError,
  MAX_LOGICAL_PATH_BYTES,
  splitLogicalPath,
  toLocalName,
  toLogicalPath,
  utf8ByteLength,
} from '../../../shared/transfer/logical-paths';

const E_ACUTE_NFC = '\u00e9';
const E_ACUTE_NFD = 'e\u0301';
// "가" as macOS returns it: the jamo U+1100 U+1161 instead of the syllable U+AC00.
const HANGUL_GA_NFD = '\u1100\u1161';

describe('toLogicalPath', () => {
  it('joins segments with slashes', () => {
    expect(toLogicalPath(['data', 'train', 'part-0001.parquet'])).toBe(
      'data/train/part-0001.parquet',
    );
    expect(toLogicalPath(['README.md'])).toBe('README.md');
  });

  it('normalises NFD segments to NFC', () => {
    const path = toLogicalPath([`caf${E_ACUTE_NFD}`, `${HANGUL_GA_NFD}.txt`]);

    expect(path).toBe(`caf${E_ACUTE_NFC}/\uac00.txt`);
    expect(path).toBe(path.normalize('NFC'));
    expect(toLogicalPath([`caf${E_ACUTE_NFC}`])).toBe(toLogicalPath([`caf${E_ACUTE_NFD}`]));
  });

  it('keeps characters that are valid in keys', () => {
    const segments = ['a b', 'x\\y', 'q?.txt', '.hidden', '...', '100%'];

    expect(toLogicalPath(segments)).toBe(segments.join('/'));
  });

  it('rejects an empty list', () => {
    expect(() => toLogicalPath([])).toThrow(LogicalPathError);
    expect(() => toLogicalPath([])).toThrow(/no segments/);
  });

  it('rejects empty, dot and dot-dot segments', () => {
    for (const segment of ['', '.', '..']) {
      const join = () => toLogicalPath(['data', segment, 'file.bin']);
      expect(join, JSON.stringify(segment)).toThrow(LogicalPathError);
      expect(join, JSON.stringify(segment)).toThrow(
        `segment 2 of ${JSON.stringify(`data/${segment}/file.bin`)}`,
      );
    }
  });

  it('rejects a slash inside a segment', () => {
    expect(() => toLogicalPath(['a/b'])).toThrow(/contains "\/"/);
  });

  it('rejects NUL and lone surrogates', () => {
    expect(() => toLogicalPath(['a\u0000b'])).toThrow(/NUL character/);
    expect(() => toLogicalPath(['a\ud800b'])).toThrow(/lone UTF-16 surrogate/);
    expect(() => toLogicalPath(['\udc00'])).toThrow(/lone UTF-16 surrogate/);
    expect(toLogicalPath(['\ud83d\ude00'])).toBe('😀');
  });

  it('accepts 1,024 bytes and rejects 1,025', () => {
    const folder = 'd'.repeat(100);
    const fits = [folder, 'f'.repeat(MAX_LOGICAL_PATH_BYTES - folder.length - 1)];
    const tooLong = [folder, 'f'.repeat(MAX_LOGICAL_PATH_BYTES - folder.length)];

    expect(toLogicalPath(fits)).toHaveLength(1024);
    expect(() => toLogicalPath(tooLong)).toThrow(/1025 bytes of UTF-8, over the 1024-byte limit/);
  });

  it('counts multibyte characters in bytes', () => {
    // "あ" is 3 bytes: 341 of them and one ASCII letter make exactly 1,024 bytes.
    expect(toLogicalPath(['あ'.repeat(341) + 'a'])).toHaveLength(342);
    expect(() => toLogicalPath(['あ'.repeat(341) + 'ab'])).toThrow(/1025 bytes/);
  });

  it('measures the length after NFC', () => {
    // 512 "é" are 1,536 bytes as NFD but 1,024 bytes as NFC.
    const path = toLogicalPath([E_ACUTE_NFD.repeat(512)]);

    expect(utf8ByteLength(path)).toBe(1024);
  });
});

describe('splitLogicalPath', () => {
  it('returns the segments of a valid path', () => {
    expect(splitLogicalPath('data/train/x.bin')).toEqual(['data', 'train', 'x.bin']);
  });

  it('rejects empty segments and relative parts', () => {
    for (const path of ['', '/a', 'a/', 'a//b', './a', 'a/../b']) {
      expect(() => splitLogicalPath(path), JSON.stringify(path)).toThrow(LogicalPathError);
    }
  });

  it('rejects a path that is not NFC', () => {
    expect(() => splitLogicalPath(`caf${E_ACUTE_NFD}`)).toThrow(/not in Unicode NFC/);
  });
});

describe('utf8ByteLength', () => {
  it('matches TextEncoder', () => {
    const encoder = new TextEncoder();
    for (const text of [
      '',
      'abc',
      'é',
      'あいう',
      '😀',
      `${E_ACUTE_NFD}\u0000x`,
      'a\u07ffb\u0800',
    ]) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(encoder.encode(text).length);
    }
  });
});

describe('logical-paths re-exports', () => {
  it('exposes the local name mapping', () => {
    expect(toLocalName('CON')).toEqual({ name: '%43ON', mapped: true });
  });
});
