// The CLI's settings file: a small JSON object in the app's data folder (see
// electron/engine/journal/location.ts), which for now holds only the default platform host
// that `byob login --host` saves.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { userDataFolder, type AppFolderInputs } from '../../electron/engine/journal/location';
import { failure } from '../errors';

export const SETTINGS_FILE_NAME = 'cli-settings.json';

export interface CliSettings {
  /** Platform URL used when neither --host nor WANDB_BASE_URL is set. */
  host?: string;
}

export function settingsPath(inputs: AppFolderInputs = {}): string {
  return path.join(userDataFolder(inputs), SETTINGS_FILE_NAME);
}

/** Reads the settings; a missing file gives empty settings, a corrupt one an error with the fix. */
export function readSettings(file: string): CliSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw failure(
      `Cannot read the settings file ${file}: ${(error as Error).message}. Check its permissions.`,
    );
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw failure(
      `Invalid settings file ${file}: expected a JSON object such as {"host": "https://api.wandb.ai"}. Fix or delete the file, then run byob login again.`,
    );
  }
  const host = (parsed as { host?: unknown }).host;
  return typeof host === 'string' ? { host } : {};
}

/** Writes the settings through a temporary file, so a crash leaves the old or the new file. */
export function writeSettings(file: string, settings: CliSettings): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
