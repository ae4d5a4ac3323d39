import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Stryker runs the tests in a copy of the repository, <tempDirName>/sandbox-xxx, where the corpus tests'
 * ../shared/fixtures (test/helpers/fixtures.ts) is <tempDirName>/shared: absent, so every fixture test
 * skipped and no mutant was ever checked against real output. Link it to the real folder beside the
 * repository (one level above <tempDirName>). Outside a sandbox this does nothing.
 */
function linkFixturesIntoStrykerTemp(): void {
  const tempDir = path.dirname(import.meta.dirname);
  if (!path.basename(import.meta.dirname).startsWith('sandbox-') || !path.basename(tempDir).startsWith('.stryker-tmp'))
    return;
  const link = path.join(tempDir, 'shared');
  const real = path.resolve(tempDir, '..', '..', 'shared');
  if (existsSync(link) || !existsSync(real)) return;
  try {
    symlinkSync(real, link, 'dir');
  } catch (error) {
    // Another test runner of the same run made it first.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
linkFixturesIntoStrykerTemp();

// The tests Stryker runs against each mutant (npm run mutate): those of the
// mutated folders (src/shared, the parsers), the corpus tests that feed the
// parsers real captured output, and the exporter's DoS verdict tests (the
// verdict lives in src/shared). Nothing that needs the build, a browser or
// live sockets (test/route-lookup.test.ts asks `ip route get` in a namespace:
// src/shared/route-lookup.test.ts covers the lookup's rules instead).
export default defineConfig({
  test: {
    include: [
      'src/shared/**/*.test.ts',
      'src/main/parsers/**/*.test.ts',
      'test/connection-fields.test.ts',
      'src/main/metrics/dos-verdict.test.ts',
      'test/import-corpus.test.ts',
      'test/windows-corpus.test.ts',
      'test/linux-proc-corpus.test.ts',
    ],
    // Instrumented code runs tens of times slower: the 100k-row volume test and the fast-check sweep of
    // every fixture cut at every point would run for every mutant they cover. They check volume and
    // robustness (never throws), not results; the other tests of the same parsers check those.
    // Stryker's vitest runner clears testNamePattern on its dry run, so the tests also skip themselves
    // where NETSCOPE_MUTATION is set.
    testNamePattern: /^(?!.*(100k sockets|truncated anywhere))/,
    env: { NETSCOPE_MUTATION: '1' },
    testTimeout: 60_000,
  },
});
