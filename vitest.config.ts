import { defineConfig } from 'vitest/config';

/** Fast tiers: unit tests of the pure core, DOM tests (happy-dom, declared per file). */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/dom/**/*.test.{ts,tsx}', 'tests/bench/**/*.test.ts'],
    globals: false,
    testTimeout: 20_000,
  },
} as never);
