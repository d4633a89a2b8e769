// Builds the renderer into renderer/dist. Asset URLs are relative (`base: './'`), so the same
// build loads from file:// inside Electron and from a test server on 127.0.0.1.
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Electron 40 ships Chromium 144, and the end-to-end tests use Debian's Chromium.
    target: 'chrome120',
    // The strict Content-Security-Policy forbids inline scripts, so nothing may be inlined.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
