// Mutation run of M2's scope (issue 9): the Linux command-output parsers, the macOS parsers and the
// top-level format detection and line reader. Run: npx stryker run reports/stryker-M2.config.mjs
// (add --mutate <file> to mutate one file while working). Figures: /work/team/s17/mut-M2.md.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import base from '../stryker.config.mjs';

const tempDirName = '.stryker-tmp-M2';

// The corpus tests find ../shared/fixtures from the repository root (test/helpers/fixtures.ts). In the sandbox,
// <root>/.stryker-tmp-M2/sandbox-XXXX, that resolves to <root>/.stryker-tmp-M2/shared: without this link the
// corpus tests skip and the mutants only they kill survive. The link also keeps Stryker from removing the
// (then never empty) temp folder between runs, which is harmless: the sandboxes themselves are removed.
const realFixtures = path.resolve('..', 'shared');
const sandboxFixtures = path.resolve(tempDirName, 'shared');
if (existsSync(realFixtures) && !existsSync(sandboxFixtures)) {
  mkdirSync(tempDirName, { recursive: true });
  symlinkSync(realFixtures, sandboxFixtures, 'dir');
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    'src/main/parsers/linux-commands/*.ts',
    'src/main/parsers/macos/*.ts',
    'src/main/parsers/format.ts',
    'src/main/parsers/line-reader.ts',
    '!**/*.test.ts',
  ],
  tempDirName,
  jsonReporter: { fileName: 'reports/mutation/M2.json' },
  htmlReporter: { fileName: 'reports/mutation/M2.html' },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental-M2.json',
  concurrency: 1,
};
