// The electron-builder configuration, loaded and checked against the builder's own schema the
// way `electron-builder --config` does, without running the builder (it would download
// Electron, which machines that reach only the npm registry cannot do).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';

import packageJson from '../../package.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG_PATH = 'build/electron-builder.config.cjs';

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
}

async function loadConfig(): Promise<{ config: Configuration; module: BuilderConfigModule }> {
  const module = require('app-builder-lib/out/util/config/config') as BuilderConfigModule;
  const config = await module.getConfig(root, CONFIG_PATH, null);
  return { config, module };
}

function targetsOf(platform: Configuration['linux'] | Configuration['mac'] | Configuration['win']) {
  return (platform?.target as string[] | undefined) ?? [];
}

describe('electron-builder configuration', () => {
  it('passes the builder schema', async () => {
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    const { config, module } = await loadConfig();

    await expect(
      module.validateConfiguration(config, new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('schema rejects an unknown option', async () => {
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    const { config, module } = await loadConfig();

    await expect(
      module.validateConfiguration(
        { ...config, windowz: {} } as Configuration,
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/windowz/);
  });

  it('builds the four installers', async () => {
    const { config } = await loadConfig();

    expect(targetsOf(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(targetsOf(config.win)).toEqual(['nsis']);
  });

  it('names the app like the journal folder', async () => {
    const { config } = await loadConfig();

    expect(config.productName).toBe('BYOB Transfer');
    expect(packageJson.productName).toBe('BYOB Transfer');
  });

  it('ships what main.ts loads', async () => {
    const { config } = await loadConfig();
    // getConfig wraps the list in one { filter } entry.
    const files = (config.files as { filter: string[] }[]).flatMap((entry) => entry.filter);

    expect(packageJson.main).toBe('dist/main/main.mjs');
    for (const pattern of [
      'dist/main/**',
      'electron/preload/dist/**',
      'renderer/dist/**',
      'bin/byob-platform.js',
    ]) {
      expect(files).toContain(pattern);
    }
    expect(existsSync(`${root}/bin/byob-platform.js`)).toBe(true);
  });

  it('has a dist script with this config', () => {
    expect(packageJson.scripts.dist).toContain(`--config ${CONFIG_PATH}`);
    expect(packageJson.scripts.dist).toMatch(/^npm run build && /);
  });
});
