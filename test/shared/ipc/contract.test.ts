import { describe, expect, it } from 'vitest';

import {
  IPC_CONTRACT,
  hostSchema,
  languageForLocale,
  listChannels,
  localPathSchema,
  unwrap,
  IpcRequestError,
  ipcError,
} from '../../../shared/ipc/index';

describe('IPC contract', () => {
  it('names every channel namespace:method once', () => {
    const entries = listChannels(IPC_CONTRACT);
    const names = entries.map((entry) => entry.channel.channel);

    expect(new Set(names).size).toBe(names.length);
    for (const entry of entries)
      expect(entry.channel.channel.startsWith(`${entry.namespace}:`)).toBe(true);
  });

  it.each([
    ['https://api.wandb.ai', true],
    ['http://127.0.0.1:8080/', true],
    ['https://host/prefix', true],
    ['ftp://host', false],
    ['https://user:pass@host', false],
    ['https://host/?key=1', false],
    ['api.wandb.ai', false],
  ])('accepts host %s: %s', (host, expected) => {
    expect(hostSchema.safeParse(host).success).toBe(expected);
  });

  it.each([
    ['/home/u/data', true],
    ['C:\\Users\\u\\data', true],
    ['\\\\server\\share\\data', true],
    ['data/set', false],
    ['/tmp/a\u0000b', false],
  ])('accepts local path %s: %s', (path, expected) => {
    expect(localPathSchema.safeParse(path).success).toBe(expected);
  });

  it.each([
    ['ja-JP', 'ja'],
    ['ja', 'ja'],
    ['en-US', 'en'],
    ['jv', 'en'],
  ])('maps locale %s to %s', (locale, language) => {
    expect(languageForLocale(locale)).toBe(language);
  });

  it('unwraps results', () => {
    expect(unwrap({ ok: true, value: 3 })).toBe(3);
    expect(() => unwrap({ ok: false, error: ipcError('NOT_FOUND', 'gone') })).toThrow(
      IpcRequestError,
    );
  });
});
