// Mutation run of M4's scope (issue 9): parsers that arrived in session 17 and no other run covered:
// macOS nettop and lsof -F UNIX sockets, Linux sock_diag UNIX sockets, Windows netstat -x / -y extras.
// Run: npx stryker run reports/stryker-M4.config.mjs (add --mutate <file> to mutate one file while working).
// Figures: /work/team/s17/mut-M4.md.
import base from '../stryker.config.mjs';

const tempDirName = '.stryker-tmp-M4';

// The corpus tests' ../shared/fixtures is linked into the sandbox by vitest.mutation.config.mts (every run).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    'src/main/parsers/macos/nettop.ts',
    'src/main/parsers/macos/lsof-unix.ts',
    'src/main/parsers/linux/unix-diag.ts',
    'src/main/parsers/linux/unix-diag.recorded.ts',
    'src/main/parsers/windows/netstat-extras.ts',
    'src/main/parsers/windows/netstat-x.ts',
  ],
  tempDirName,
  jsonReporter: { fileName: 'reports/mutation/M4.json' },
  htmlReporter: { fileName: 'reports/mutation/M4.html' },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental-M4.json',
  concurrency: 1,
};
