import { defineConfig } from 'vitest/config';

/** End-to-end tier: the built extension in real Chromium and Firefox ESR, and the corpus suite. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
