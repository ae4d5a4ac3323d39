/**
 * The page's first screen (issue 13; src/renderer/boot/first-screen.ts): the
 * snapshot's first screenful drawn as plain DOM before the app has loaded,
 * then replaced by the app's grid. What it shows must be what the app then
 * shows: the same rows in the same order and columns, the same counts, in the
 * saved sort; and it must be gone once the app is there.
 */
import type { Page } from '@playwright/test';
import { expect, serveTest } from './serve-fixture';

interface Seen {
  rows: string[];
  counts: string;
  arrow: string;
}

declare global {
  interface Window {
    __firstScreen?: Seen | null;
  }
}

// More rows than a screen, so the head is a part of the view; no refresh during a test, so the app shows the
// snapshot the head was cut from (a later refresh would change rows between the two).
const test = serveTest(['--synthetic', '3000:0', '--interval', '60']);

/** Records the first screen as it is first drawn with rows (a mutation observer, before the app replaces it). */
async function watchFirstScreen(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__firstScreen = null;
    const rowText = (row: Element): string =>
      [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent ?? '').join('|');
    const observer = new MutationObserver(() => {
      const rows = [...document.querySelectorAll('[data-testid="boot-row"]')];
      if (rows.length === 0) return;
      observer.disconnect();
      window.__firstScreen = {
        rows: rows.map(rowText),
        counts: document.querySelector('[data-testid="boot-counts"]')?.textContent ?? '',
        arrow: document.querySelector('[data-testid="boot-screen"] .sort-arrow')?.textContent ?? '',
      };
    });
    observer.observe(document, { subtree: true, childList: true });
  });
}

/** The app's rows on screen, top first, as the same text. */
async function appRows(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="conn-row"]')]
      .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
      .map((row) => [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent ?? '').join('|')),
  );
}

async function firstScreenThenApp(page: Page, url: string): Promise<{ seen: Seen; app: string[]; counts: string }> {
  await page.goto(url);
  await expect(page.getByTestId('conn-row').first()).toBeVisible();
  await expect(page.getByTestId('status-counts')).toContainText('3000 sockets');
  const seen = await page.evaluate(() => window.__firstScreen ?? null);
  // The head comes ~50 ms after the socket opens; the page waits 800 ms for it before it starts the app without.
  expect(seen, 'the first screen was drawn from the head before the app loaded').not.toBeNull();
  await expect(page.getByTestId('boot-screen')).toHaveCount(0);
  const counts = (await page.getByTestId('status-counts').textContent()) ?? '';
  return { seen: seen as Seen, app: await appRows(page), counts };
}

test('the first screen shows the rows and counts the app then shows, and is gone once the app is there', async ({
  page,
  server,
}) => {
  await watchFirstScreen(page);
  const { seen, app, counts } = await firstScreenThenApp(page, server.url);
  expect(seen.rows.length).toBeGreaterThan(10);
  const shared = Math.min(seen.rows.length, app.length);
  expect(app.length).toBeGreaterThan(10);
  expect(seen.rows.slice(0, shared)).toEqual(app.slice(0, shared));
  expect(seen.counts).toBe(counts);
  expect(seen.arrow).toBe('');
});

test('in the saved sort: the first screen is cut from the view the page will show', async ({ page, server }) => {
  // A first load saves the preferences; sort by local port, descending, as a user would, then reload.
  await page.goto(server.url);
  await page.getByTestId('col-sort-localPort').click();
  await page.getByTestId('col-sort-localPort').click();
  await expect(page.getByTestId('col-header-localPort')).toHaveAttribute('aria-sort', 'descending');
  await watchFirstScreen(page);
  // The token left the address bar; the tab's session keeps it for the reload.
  const { seen, app } = await firstScreenThenApp(page, page.url());
  expect(seen.arrow).toBe('▼');
  const shared = Math.min(seen.rows.length, app.length);
  expect(seen.rows.slice(0, shared)).toEqual(app.slice(0, shared));
  const portColumn = 2; // Proto, Local Address, Local Port, ...
  const ports = seen.rows.map((r) => Number(r.split('|')[portColumn]));
  expect(ports).toEqual([...ports].sort((a, b) => b - a));
});
