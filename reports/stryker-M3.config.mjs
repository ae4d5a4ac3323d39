// Stryker over the Windows parsers and src/shared (engineer M3, issue 9), run beside the other mutation
// configs on the shared machine: its own sandbox, reports and incremental file, one worker.
// Run: npx stryker run reports/stryker-M3.config.mjs   (add --mutate <file> to work on one file)
// M3_SCOPE=windows or M3_SCOPE=shared runs one folder (or a group below: win-1, win-2, shared-1..5), with a sandbox, reports and incremental file of its own,
// so the two can run at once. The renderer store has its own config: reports/stryker-M3-store.config.mjs.
import base from '../stryker.config.mjs';

const win = (...names) => names.map((n) => `src/main/parsers/windows/${n}.ts`);
const shared = (...names) => names.map((n) => `src/shared/${n}.ts`);
// Groups small enough to finish in a working session on the shared machine (a run writes its figures only
// when it ends); together they are the two folders.
const scopes = {
  all: ['src/main/parsers/windows/*.ts', 'src/shared/**/*.ts'],
  windows: ['src/main/parsers/windows/*.ts'],
  shared: ['src/shared/**/*.ts'],
  'win-1': win('common', 'tasklist', 'formats', 'netstat-e', 'netstat-s'),
  // Session 18: win-2 is every Windows parser no earlier run measured on the final code (netstat-extras and
  // netstat-x are in stryker-M4.config.mjs); shared-2 the columnar wire format; shared-4 the traffic files and the
  // small new ones.
  'win-2': win('netstat-connections', 'get-nettcpconnection', 'route-print', 'codepage', 'netstat-words'),
  'shared-1': shared('dos-verdict', 'dos-rules', 'route-lookup', 'security-headers', 'addresses', 'services', 'wire'),
  'shared-2': shared('wire-columns', 'wire-columns-decode', 'wire-columns-split', 'wire-frame'),
  'shared-4': shared(
    'traffic',
    'filter-traffic',
    'top-talkers',
    'push',
    'connection-fields',
    'unix-socket',
    'stats-sections',
    'network-direct',
  ),
  // New in session 18 (issue 13's first screenful): the head frame, the shared sort keys and counts.
  'shared-5': shared('wire-head', 'sort-keys', 'connection-counts'),
  'shared-3': shared(
    'filter',
    'diff',
    'diff-match',
    'validate',
    'model',
    'ipv6',
    'columns',
    'csv',
    'refresh',
    'api',
    'channels',
    'dispatch',
  ),
};
const scope = process.env.M3_SCOPE ?? 'all';
const mutate = scopes[scope];
if (!mutate) throw new Error(`M3_SCOPE must be one of ${Object.keys(scopes).join(', ')}, not ${scope}`);
const name = scope === 'all' ? 'M3' : `M3-${scope}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [...mutate, '!**/*.test.ts', '!**/*.fixtures.ts', '!**/test-helpers.ts'],
  tempDirName: `.stryker-tmp-${name}`,
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${name}.json`,
  concurrency: 1,
  // Each result as it comes (reports/stryker-M3-partial-reporter.mjs): figures even from a run stopped early.
  plugins: [...base.plugins, './reports/stryker-M3-partial-reporter.mjs'],
  reporters: [...base.reporters, 'm3-partial'],
};
