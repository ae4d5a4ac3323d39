import type { Page } from '@playwright/test';

/**
 * Holds the app's script (Vite's chunk named after main.tsx) until the returned release is called, so a spec can
 * read the first screen (boot/first-screen.ts) before the app replaces it. Call before page.goto.
 */
export async function holdAppScript(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  await page.route(/\/assets\/main-[^/]*\.js$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}
