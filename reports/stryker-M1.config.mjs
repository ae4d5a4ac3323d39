// Stryker over the Linux procfs and sock_diag parsers only (engineer M1, issue 9), run beside the other
// mutation configs on the shared machine: its own sandbox, reports and incremental file, one worker.
// Run: npx stryker run reports/stryker-M1.config.mjs   (add --mutate <file> to work on one file)
import base from '../stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  // unix-diag*.ts (sock_diag for AF_UNIX) arrived during this session with its own owner: not in this scope.
  mutate: ['src/main/parsers/linux/*.ts', '!src/main/parsers/linux/*.test.ts', '!src/main/parsers/linux/unix-diag*.ts'],
  tempDirName: '.stryker-tmp-M1',
  jsonReporter: { fileName: 'reports/mutation/M1.json' },
  htmlReporter: { fileName: 'reports/mutation/M1.html' },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental-M1.json',
  concurrency: 1,
};
