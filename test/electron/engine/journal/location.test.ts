import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  appDataFolder,
  resolveJournalPath,
  userDataFolder,
} from '../../../../electron/engine/journal';

describe('journal location', () => {
  it('uses ~/.config on Linux', () => {
    const folder = userDataFolder({ platform: 'linux', env: {}, home: '/home/ada' });
    expect(folder).toBe('/home/ada/.config/BYOB Transfer');
  });

  it('uses XDG_CONFIG_HOME on Linux when set', () => {
    const env = { XDG_CONFIG_HOME: '/xdg' };
    expect(appDataFolder({ platform: 'linux', env, home: '/home/ada' })).toBe('/xdg');
  });

  it('uses Application Support on macOS', () => {
    const env = { XDG_CONFIG_HOME: '/xdg' };
    expect(userDataFolder({ platform: 'darwin', env, home: '/Users/ada' })).toBe(
      '/Users/ada/Library/Application Support/BYOB Transfer',
    );
  });

  it('uses APPDATA on Windows', () => {
    const env = { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' };
    expect(resolveJournalPath(undefined, { platform: 'win32', env, home: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\BYOB Transfer\\journal.sqlite',
    );
  });

  it('falls back to AppData\\Roaming without APPDATA', () => {
    expect(appDataFolder({ platform: 'win32', env: {}, home: 'C:\\Users\\ada' })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming',
    );
  });

  it('prefers the explicit path, then BYOB_JOURNAL', () => {
    const env = { BYOB_JOURNAL: '/env/journal.sqlite' };
    const inputs = { platform: 'linux' as const, env, home: '/home/ada' };

    expect(resolveJournalPath('/flag/j.sqlite', inputs)).toBe('/flag/j.sqlite');
    expect(resolveJournalPath(undefined, inputs)).toBe('/env/journal.sqlite');
    expect(resolveJournalPath('rel.sqlite', inputs)).toBe(path.resolve('rel.sqlite'));
  });
});
