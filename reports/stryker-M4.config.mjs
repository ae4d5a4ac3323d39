// Mutation run of M4's scope (issue 9): parsers that arrived in session 17 and no other run covered:
// macOS nettop and lsof -F UNIX sockets, Linux sock_diag UNIX sockets, Windows netstat -x / -y extras.
// Run: npx stryker run reports/stryker-M4.config.mjs (add --mutate <file> to mutate one file while working).
// Figures: /work/team/s17/mut-M4.md.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import base from '../stryker.config.mjs';

const tempDirName = '.stryker-tmp-M4';

// As in stryker-M2.config.mjs: the corpus tests find ../shared/fixtures from the repository root; in the
// sandbox (<root>/.stryker-tmp-M4/sandbox-XXXX) that is <root>/.stryker-tmp-M4/shared, so link it.
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
