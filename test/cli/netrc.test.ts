import { describe, expect, it } from 'vitest';

import {
  findNetrcEntry,
  machineFor,
  NetrcError,
  netrcPath,
  parseNetrc,
  replaceNetrcEntry,
} from '../../cli/credentials/netrc';

describe('netrc parsing', () => {
  it('reads one-line and multi-line entries', () => {
    const entries = parseNetrc(
      'machine a.example login ann password one\n\nmachine b.example\n  login bob\n  password two\n',
    );

    expect(entries).toEqual([
      { machine: 'a.example', login: 'ann', password: 'one' },
      { machine: 'b.example', login: 'bob', password: 'two' },
    ]);
  });

  it('reads quotes, escapes and comments', () => {
    const entries = parseNetrc('# keys\nmachine h login "a b" password "q\\"x" # trailing\n');
    expect(entries).toEqual([{ machine: 'h', login: 'a b', password: 'q"x' }]);
  });

  it('skips macro bodies', () => {
    const text = 'macdef init\ncd /pub\nmachine fake password no\n\nmachine h password yes\n';
    expect(parseNetrc(text)).toEqual([{ machine: 'h', password: 'yes' }]);
  });

  it('falls back to the default entry', () => {
    const entries = parseNetrc('machine a password one\ndefault login anon password two\n');

    expect(findNetrcEntry(entries, 'a')?.password).toBe('one');
    expect(findNetrcEntry(entries, 'b')?.password).toBe('two');
  });

  it('matches the host with its port', () => {
    expect(machineFor('http://127.0.0.1:8080')).toBe('127.0.0.1:8080');
    expect(machineFor('https://api.wandb.ai/')).toBe('api.wandb.ai');
  });

  it('rejects broken files without quoting them', () => {
    expect(() => parseNetrc('machine h password "secret-value')).toThrow(NetrcError);
    expect(() => parseNetrc('machine h password "secret-value')).toThrow(
      'unterminated quote on line 1',
    );
    expect(() => parseNetrc('password secret-value')).toThrow('comes before any machine');
    expect(() => parseNetrc('machine h secret-value')).not.toThrow(/secret-value/);
    expect(() => parseNetrc('machine h secret-value')).toThrow('unexpected word on line 1');
  });
});

describe('netrc updates', () => {
  it('appends an entry to an empty file', () => {
    expect(replaceNetrcEntry('', 'h:1', 'user', 'k')).toBe(
      'machine h:1\n  login user\n  password k\n',
    );
  });

  it('replaces only the entry of its machine', () => {
    const before =
      '# top\nmachine h:1\n  login user\n  password old\nmachine other login o password p\n';
    const after = replaceNetrcEntry(before, 'h:1', 'user', 'new');

    expect(after).toBe(
      '# top\nmachine other login o password p\n\nmachine h:1\n  login user\n  password new\n',
    );
    expect(parseNetrc(after).map((entry) => entry.password)).toEqual(['p', 'new']);
  });

  it('quotes values with spaces', () => {
    const text = replaceNetrcEntry('', 'h', 'user', 'a "b"');
    expect(findNetrcEntry(parseNetrc(text), 'h')?.password).toBe('a "b"');
  });
});

describe('netrc location', () => {
  it('prefers NETRC with ~ expanded', () => {
    expect(netrcPath({ NETRC: '~/keys/netrc' }, '/home/ada')).toBe('/home/ada/keys/netrc');
  });

  it('defaults to ~/.netrc or ~/_netrc on Windows', () => {
    expect(netrcPath({}, '/nonexistent-home', 'linux')).toBe('/nonexistent-home/.netrc');
    expect(netrcPath({}, '/nonexistent-home', 'win32')).toBe('/nonexistent-home/_netrc');
  });
});
