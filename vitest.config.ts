import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Browser tests on a loaded 2-core CI machine: one retry there, and vitest's report still shows each retried test.
    retry: process.env.CI ? 1 : 0,
  },
});
