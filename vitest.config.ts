import { defineConfig } from 'vitest/config';

// One runner for unit, integration (PGlite / PostgreSQL) and Chromium end-to-end tests.
// E2E files live in tests/e2e and start real servers and a real browser, so they get longer timeouts.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'sync-server/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'electron/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
