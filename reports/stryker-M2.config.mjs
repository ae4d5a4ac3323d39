// Mutation run of M2's scope (issue 9): the Linux command-output parsers, the macOS parsers and the
// top-level format detection and line reader. Run: npx stryker run reports/stryker-M2.config.mjs
// (add --mutate <file> to mutate one file while working). Figures: /work/team/s17/mut-M2.md.
import base from '../stryker.config.mjs';

const tempDirName = '.stryker-tmp-M2';

// The corpus tests' ../shared/fixtures is linked into the sandbox by vitest.mutation.config.mts (every run).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    'src/main/parsers/linux-commands/*.ts',
    'src/main/parsers/macos/*.ts',
    'src/main/parsers/format.ts',
    'src/main/parsers/line-reader.ts',
    '!**/*.test.ts',
    '!**/*.fixtures.ts',
  ],
  tempDirName,
  jsonReporter: { fileName: 'reports/mutation/M2.json' },
  htmlReporter: { fileName: 'reports/mutation/M2.html' },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental-M2.json',
  concurrency: 1,
};
