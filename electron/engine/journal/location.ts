// Location of the journal that the desktop app and the `byob` CLI share. Both resolve the same
// folder as Electron's `app.getPath('userData')` for the app name "BYOB Transfer", so a
// transfer started in one can be listed, paused or resumed from the other. Plain Node, so the
// CLI does not need Electron to find it.

import { homedir } from 'node:os';
import path from 'node:path';

/** The app name that Electron's `userData` folder is named after. */
export const APP_FOLDER_NAME = 'BYOB Transfer';

export const JOURNAL_FILE_NAME = 'journal.sqlite';

export interface AppFolderInputs {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/**
 * Returns the per-user application data folder as Electron's `app.getPath('appData')`
 * defines it: `%APPDATA%` on Windows, `~/Library/Application Support` on macOS, and
 * `$XDG_CONFIG_HOME` or `~/.config` elsewhere.
 */
export function appDataFolder(inputs: AppFolderInputs = {}): string {
  const platform = inputs.platform ?? process.platform;
  const env = inputs.env ?? process.env;
  const home = inputs.home ?? homedir();
  const join = joinFor(platform);

  if (platform === 'win32') return env.APPDATA || join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');

  return env.XDG_CONFIG_HOME || join(home, '.config');
}

/** Returns the app's own data folder, Electron's `userData`: the app data folder + "BYOB Transfer". */
export function userDataFolder(inputs: AppFolderInputs = {}): string {
  return joinFor(inputs.platform)(appDataFolder(inputs), APP_FOLDER_NAME);
}

/**
 * Returns the journal file to open: `explicit` when given (a `--journal` option), else
 * `BYOB_JOURNAL`, else `journal.sqlite` in the app's data folder.
 */
export function resolveJournalPath(explicit?: string, inputs: AppFolderInputs = {}): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = (inputs.env ?? process.env).BYOB_JOURNAL;
  if (fromEnv) return path.resolve(fromEnv);
  return joinFor(inputs.platform)(userDataFolder(inputs), JOURNAL_FILE_NAME);
}

/** Returns the path join of the target platform, so tests on Linux can check Windows paths. */
function joinFor(platform: NodeJS.Platform = process.platform): (...parts: string[]) => string {
  return platform === 'win32' ? path.win32.join : path.posix.join;
}
