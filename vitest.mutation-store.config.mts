import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant of the renderer store (reports/stryker-M3-store.config.mjs):
// the store's own tests, in the DOM environment and with the setup of vitest.config.mts's dom project.
// A config of its own, not a project of vitest.mutation.config.mts: there, `related` would pull these
// tests into every run over src/shared (they import it) and slow the other mutation runs down.
export default defineConfig({
  test: {
    include: ['src/renderer/store/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['src/renderer/test/setup.ts'],
    testTimeout: 60_000,
    // The 100k-row volume test skips itself here (it checks speed, not results; minutes per mutant instrumented).
    env: { NETSCOPE_MUTATION: '1' },
  },
});
