// electron-builder configuration for `npm run dist`: AppImage and deb on Linux, dmg on macOS,
// an NSIS installer on Windows. `npm run build` must run first (the dist script does), because
// the app ships the bundles in dist/main/, the preload bundle and the built renderer.
//
// The builder downloads an Electron binary for each target platform. Machines that reach only
// the npm registry cannot do that, so there `npm run dist` fails at that download; the config
// is checked by test/build/electron-builder.test.ts instead.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.byob.transfer',
  // The same name as the userData folder that the CLI looks in for the shared journal.
  productName: 'BYOB Transfer',
  copyright: 'Copyright © BYOB Transfer contributors',
  directories: {
    output: 'dist/release',
    buildResources: 'build',
  },
  files: [
    'package.json',
    'dist/main/**',
    'electron/preload/dist/**',
    'renderer/dist/**',
    // The local sandbox runs `bin/byob-platform.js sandbox` from the TypeScript sources
    // through tsx, so the platform and the shared code it imports ship as sources.
    'bin/byob-platform.js',
    'platform/**/*.{ts,cjs}',
    'shared/**/*.ts',
    '!**/*.map',
  ],
  // The local sandbox is a child process (Electron as Node) that loads TypeScript sources
  // through tsx and resolves packages by path, so the app ships as plain files, not an asar
  // archive. NOTE: the packaged sandbox has not run here, because the builder cannot download
  // Electron on machines that reach only the npm registry.
  asar: false,
  // better-sqlite3 is rebuilt against Electron's Node ABI for each target.
  npmRebuild: true,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Science',
    synopsis: 'Move research data between disk and a team bucket through W&B',
  },
  deb: {
    // NOTE: a placeholder address (example.com is reserved); set the real maintainer before publishing.
    maintainer: 'BYOB Transfer maintainers <maintainers@example.com>',
  },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
  },
  dmg: {
    title: 'BYOB Transfer ${version}',
  },
  win: {
    target: ['nsis'],
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
};
