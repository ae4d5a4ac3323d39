import { defineConfig } from '@playwright/test';
// One list for the e2e tests and the renderer benchmark.
import chromiumArgs from './e2e/chromium-args.json';

// Debian's Chromium, never a downloaded browser (`npx playwright install` is not
// used anywhere). The flags keep it off the network this machine does not have.
export const CHROMIUM_ARGS: string[] = chromiumArgs;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
  },
});
