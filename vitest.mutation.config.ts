import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (npm run mutate): those of the
// mutated folders (src/shared, the parsers) and the corpus
// tests that feed the parsers real captured output. Nothing that needs the
// build, a browser or live sockets.
export default defineConfig({
  test: {
    include: [
      'src/shared/**/*.test.ts',
      'src/main/parsers/**/*.test.ts',
      'test/connection-fields.test.ts',
      'test/import-corpus.test.ts',
      'test/windows-corpus.test.ts',
      'test/linux-proc-corpus.test.ts',
    ],
    // Instrumented code runs tens of times slower: the 100k-row volume test and the fast-check sweep of
    // every fixture cut at every point would run for every mutant they cover. They check volume and
    // robustness (never throws), not results; the other tests of the same parsers check those.
    testNamePattern: /^(?!.*(100k sockets|truncated anywhere))/,
    testTimeout: 60_000,
  },
});
