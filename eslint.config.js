import { builtinModules } from 'node:module';

import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Bundles (dist/, renderer/dist/, electron/preload/dist/) are build output.
  { ignores: ['node_modules/', '**/dist/', 'coverage/', 'test-output/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The folder boundaries of the architecture: the platform never imports client code and
    // shared/ stays free of everything outside itself.
    files: ['platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/electron/**', '**/renderer/**', '**/cli/**', '**/test/**'] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['**/electron/**', '**/renderer/**', '**/cli/**', '**/platform/**', 'node:*'],
        },
      ],
    },
  },
  {
    // The renderer runs sandboxed in a browser page and reaches main only through the preload's
    // `window.byob`, so it may import shared/ and its own files but nothing of Node or Electron.
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({
            name,
            message: 'The renderer has no Node: ask main through window.byob.',
          })),
          patterns: [
            {
              group: ['node:*'],
              message: 'The renderer has no Node: ask main through window.byob.',
            },
            {
              group: ['electron', 'electron/*', '**/electron/**'],
              message: 'The renderer reaches main only through window.byob.',
            },
            {
              group: ['**/platform/**', '**/cli/**', '**/test/**'],
              message: 'Not a renderer module.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.flat.recommended.rules,
  },
  {
    files: ['test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  prettier,
);
