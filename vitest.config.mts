import { defineConfig } from 'vitest/config';

// One project per process, as the code runs: Node for the engine, the CLI and
// the shared code (src/main, src/shared, src/preload, test/); a DOM (happy-dom)
// for the renderer, where components are tested with Testing Library by what a
// user sees and does. The Playwright specs in e2e/ are never run by vitest.
// Another suite that needs its own settings (Wine's longer runs, say) goes in
// as one more entry of `projects`.
export default defineConfig({
  test: {
    exclude: ['e2e/**', 'node_modules/**', 'out/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/main/**/*.test.ts',
            'src/shared/**/*.test.ts',
            'src/preload/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: ['e2e/**', 'node_modules/**', 'out/**', 'test/wine/**'],
        },
      },
      {
        // The Windows code under Wine (test/wine): each case starts Wine processes, seconds apiece on a busy machine.
        extends: true,
        test: {
          name: 'wine',
          environment: 'node',
          include: ['test/wine/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['src/renderer/**/*.test.ts', 'src/renderer/**/*.test.tsx'],
          setupFiles: ['src/renderer/test/setup.ts'],
        },
      },
    ],
  },
});
