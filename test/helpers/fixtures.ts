/**
 * The captured real outputs in ../shared/fixtures (beside the repository, never
 * copied into it). Where the folder is absent a test skips with a message, but
 * not in CI: with CI set, an absent folder fails the test file, so CI cannot
 * pass without running the fixture tests.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES_ROOT = path.resolve(__dirname, '../../../shared/fixtures');

/** The absolute path of a fixtures subfolder (or file), e.g. fixturesPath('windows'). */
export function fixturesPath(...parts: string[]): string {
  return path.join(FIXTURES_ROOT, ...parts);
}

/**
 * Whether `fixturesPath(sub)` exists. If not: throws when CI is set (the file's
 * tests fail), else warns that `what` is skipped and returns false.
 */
export function fixturesPresent(sub: string, what: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const dir = fixturesPath(sub);
  if (existsSync(dir)) return true;
  if (env.CI) {
    throw new Error(`${what}: ${dir} is absent and CI is set; CI must run the tests over the shared fixtures`);
  }
  console.warn(`${what} skipped: ${dir} is absent`);
  return false;
}
