// Stryker over the renderer store (engineer M3, issue 9): its tests run in the DOM environment, so they have
// their own vitest config (vitest.mutation-store.config.mts). Own sandbox, reports and incremental file, one worker.
// Run: npx stryker run reports/stryker-M3-store.config.mjs
import base from '../stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { ...base.vitest, configFile: 'vitest.mutation-store.config.mts' },
  mutate: ['src/renderer/store/*.ts', '!src/renderer/store/*.test.ts', '!src/renderer/store/test-helpers.ts'],
  tempDirName: '.stryker-tmp-M3-store',
  jsonReporter: { fileName: 'reports/mutation/M3-store.json' },
  htmlReporter: { fileName: 'reports/mutation/M3-store.html' },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental-M3-store.json',
  concurrency: 1,
  // Each result as it comes (reports/stryker-M3-partial-reporter.mjs): figures even from a run stopped early.
  plugins: [...base.plugins, './reports/stryker-M3-partial-reporter.mjs'],
  reporters: [...base.reporters, 'm3-partial'],
};
