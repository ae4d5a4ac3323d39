import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code (src/**) and in test/;
// the Playwright specs in e2e/ are never run by vitest.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
