// Mutation testing (npm run mutate; not part of npm test, it takes a while):
// src/shared and the parsers here; `npm run mutate` then runs the renderer store
// (reports/stryker-M3-store.config.mjs). The summary with the figures per
// folder goes in reports/mutation.md. Two workers at most: the
// machine is shared.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  // Test data and helpers beside the tests (*.fixtures.ts, test-helpers.ts) are not code to mutate.
  mutate: [
    'src/shared/**/*.ts',
    'src/main/parsers/**/*.ts',
    '!**/*.test.ts',
    '!**/*.test.tsx',
    '!**/*.fixtures.ts',
    '!**/test-helpers.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants and tables) need every test per mutant: hours on this machine.
  ignoreStatic: true,
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 80, break: null },
  // The sandbox copy leaves out what the other tools write while a run goes on (and the mutants never read),
  // and the sandboxes of other Stryker runs going on at the same time (their fixture links are directories).
  ignorePatterns: [
    'test-results',
    'playwright-report',
    'out',
    'dist',
    'reports',
    'bench',
    'e2e',
    'resources',
    '.stryker-tmp*',
  ],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
