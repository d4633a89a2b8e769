import { describe, expect, it } from 'vitest';

import { CliError } from '../../cli/errors';
import { parseArtifactPath, parseEntityOrProject, parseRunPath } from '../../cli/names';
import { formatBytes, formatFileCount, parseSize } from '../../cli/sizes';

describe('parseSize', () => {
  const cases: [string, number][] = [
    ['8MiB', 8 * 1024 * 1024],
    ['5M', 5 * 1024 * 1024],
    ['5m', 5 * 1024 * 1024],
    ['100MB', 100_000_000],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['1k', 1024],
    ['1kB', 1000],
    ['7 MiB', 7 * 1024 * 1024],
    ['4096', 4096],
  ];

  it.each(cases)('parses %s', (text, expected) => {
    expect(parseSize(text, '--part-size')).toBe(expected);
  });

  it.each(['abc', '-5M', '5 parsecs', ''])('rejects %j as usage', (text) => {
    const error = (() => {
      try {
        parseSize(text, '--limit-rate');
      } catch (caught) {
        return caught;
      }
    })() as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('--limit-rate');
  });

  it('enforces the minimum', () => {
    expect(() => parseSize('1M', '--part-size', 5 * 1024 * 1024)).toThrow('at least 5 MiB');
  });

  it('formats binary units', () => {
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB');
    expect(formatBytes(0)).toBe('0 B');
  });

  it('formats file counts', () => {
    expect(formatFileCount(1)).toBe('1 file');
    expect(formatFileCount(0)).toBe('0 files');
    expect(formatFileCount(20_000)).toBe('20,000 files');
  });
});

describe('name parsing', () => {
  it('splits an artifact name with alias', () => {
    expect(parseArtifactPath('demo/mnist/images:v3')).toEqual({
      entity: 'demo',
      project: 'mnist',
      name: 'images',
      alias: 'v3',
    });
  });

  it('leaves the alias out when absent', () => {
    expect(parseArtifactPath('demo/mnist/images')).toEqual({
      entity: 'demo',
      project: 'mnist',
      name: 'images',
    });
  });

  it.each(['demo/mnist', 'demo//images', 'demo/mnist/images:', 'a/b/c/d', 'demo/mnist/my images'])(
    'rejects artifact name %j',
    (text) => {
      expect(() => parseArtifactPath(text)).toThrow(CliError);
    },
  );

  it('requires a version where asked', () => {
    expect(() => parseArtifactPath('demo/mnist/images', true)).toThrow('Missing version');
  });

  it('parses runs and projects', () => {
    expect(parseRunPath('demo/mnist/3x8k')).toEqual({
      entity: 'demo',
      project: 'mnist',
      run: '3x8k',
    });
    expect(parseEntityOrProject('demo')).toEqual({ entity: 'demo' });
    expect(parseEntityOrProject('demo/mnist')).toEqual({ entity: 'demo', project: 'mnist' });
    expect(() => parseRunPath('demo/mnist')).toThrow('ENTITY/PROJECT/RUN_ID');
  });
});
