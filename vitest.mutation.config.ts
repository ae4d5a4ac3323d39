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
    testTimeout: 30_000,
  },
});
