import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Four projects. "unit" needs only npm packages (Azurite and the GCS test double included), and
// "renderer" runs the React components in jsdom. "system" needs Debian packages (Ceph RADOS
// Gateway). "e2e" needs Debian's Chromium and the built renderer: .ci/run installs the one and
// npm run test:all builds the other.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/**/*.system.test.ts',
            'test/renderer/**',
            'test/e2e/**',
            'node_modules/**',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['test/renderer/support/setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'system',
          include: ['test/**/*.system.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // The scenarios share one page and run in order.
          sequence: { concurrent: false },
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
