// Settings in `settings.json`. A field that fails its schema (a hand-edited file, or a value
// from a newer version) falls back to its default alone, so one bad value does not reset the rest.
import { join } from 'node:path';

import { z } from 'zod';

import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/ipc/index';
import { readJsonFile, writeJsonFile } from './json-file';

export const SETTINGS_FILE = 'settings.json';

const looseFile = z.looseObject({
  version: z.literal(1),
  settings: z.record(z.string(), z.unknown()),
});

export class SettingsStore {
  private readonly path: string;
  private cached: Settings | null = null;

  constructor(
    folder: string,
    private readonly onInvalidValue: (message: string) => void = () => {},
  ) {
    this.path = join(folder, SETTINGS_FILE);
  }

  get(): Settings {
    this.cached ??= this.load();
    return this.cached;
  }

  /** Validates the merged settings, writes them and returns them. */
  update(changes: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...changes });
    writeJsonFile(this.path, { version: 1, settings: next });
    this.cached = next;
    return next;
  }

  private load(): Settings {
    const read = readJsonFile(this.path, looseFile);
    if (read.status === 'missing') return { ...DEFAULT_SETTINGS };
    if (read.status === 'invalid') {
      this.onInvalidValue(`${read.message}; using the default settings`);
      return { ...DEFAULT_SETTINGS };
    }

    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [name, field] of Object.entries(settingsSchema.shape)) {
      if (!(name in read.value.settings)) continue;
      const parsed = (field as z.ZodType).safeParse(read.value.settings[name]);
      if (parsed.success) merged[name] = parsed.data;
      else this.onInvalidValue(`Invalid setting ${name} in ${this.path}; using its default.`);
    }
    return merged as Settings;
  }
}
