/**
 * The first screen (src/renderer/boot/first-screen.ts) is laid out as the app's
 * first frame with rows: the grid where the app's grid is, its header cells and
 * the first row's cells at the same places and widths, the status bar's counts
 * where the app puts them. Held on screen by stalling the app's script, then
 * compared with the app once it has replaced it: a user sees no jump.
 */
import type { Page } from '@playwright/test';
import { expect, serveTest } from './serve-fixture';
import { holdAppScript } from './helpers/hold-app-script';

const test = serveTest(['--synthetic', '3000:0', '--interval', '60']);

interface Box {
  x: number;
  y: number;
  w: number;
}

interface Layout {
  grid: Box;
  header: Box[];
  firstRow: Box[];
  counts: Box;
}

/** The boxes of one screen: `root` picks the first screen ('[data-testid="boot-screen"]') or the app ('.app'). */
async function layoutOf(page: Page, root: string, row: string, counts: string): Promise<Layout> {
  return page.evaluate(
    ({ root, row, counts }) => {
      const box = (e: Element | null): Box => {
        const r = e?.getBoundingClientRect();
        return { x: Math.round(r?.x ?? -1), y: Math.round(r?.y ?? -1), w: Math.round(r?.width ?? -1) };
      };
      const scope = document.querySelector(root);
      const first = [...(scope?.querySelectorAll(row) ?? [])].sort(
        (a, b) => a.getBoundingClientRect().y - b.getBoundingClientRect().y,
      )[0];
      return {
        grid: box(scope?.querySelector('.grid') ?? null),
        header: [...(scope?.querySelectorAll('[role="columnheader"]') ?? [])].map(box),
        firstRow: [...(first?.querySelectorAll('[role="gridcell"]') ?? [])].map(box),
        counts: box(scope?.querySelector(counts) ?? null),
      };
    },
    { root, row, counts },
  );
}

async function compare(page: Page, url: string): Promise<void> {
  // The app's script waits until the first screen has been measured.
  const release = await holdAppScript(page);
  await page.goto(url);
  await expect(page.getByTestId('boot-row').first()).toBeVisible();
  const boot = await layoutOf(
    page,
    '[data-testid="boot-screen"]',
    '[data-testid="boot-row"]',
    '[data-testid="boot-counts"]',
  );
  release();
  await expect(page.getByTestId('boot-screen')).toHaveCount(0);
  await expect(page.getByTestId('conn-row').first()).toBeVisible();
  const app = await layoutOf(page, '.app', '[data-testid="conn-row"]', '[data-testid="status-counts"]');
  expect(boot.header.length).toBeGreaterThan(3);
  expect(boot.firstRow.length).toBe(boot.header.length);
  expect(boot).toEqual(app);
}

test('the first screen has the layout of the app that replaces it', async ({ page, server }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await compare(page, server.url);
});

test('in a narrow window, with saved columns reordered, hidden and resized', async ({ page, server }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.addInitScript(() => {
    const prefs = {
      filter: '',
      visibleColumns: ['pid', 'process', 'localPort', 'remoteAddress', 'state', 'path'],
      columnOrder: ['pid', 'process', 'state', 'localPort', 'remoteAddress', 'path'],
      columnSizes: { process: 200, path: 90 },
      sort: { column: 'localPort', desc: false },
      hideTimeWait: false,
      socketEngine: null,
    };
    localStorage.setItem('netscope.prefs', JSON.stringify({ state: { prefs }, version: 3 }));
  });
  await compare(page, server.url);
});
