/**
 * Every view of the real UI (served by `netscope serve` on this machine's
 * data) checked by axe (no serious or critical violation), and photographed
 * at 1280x800 and 1920x1080 under test-results/screenshots/ for a human to
 * look at the layout. At 1280 px the status bar must not clip: every item is
 * whole or carries a tooltip with its full text.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { resolve } from 'node:path';
import { TABS } from '../src/renderer/store/ui-slice';
import { expect, test } from './serve-fixture';

const SCREENSHOTS = resolve(__dirname, '..', 'test-results', 'screenshots');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

async function showTab(page: Page, tab: string): Promise<void> {
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  // The lazy views have loaded when the fallback is gone.
  await expect(page.locator('.loading')).toHaveCount(0);
  if (tab === 'Connections') await expect(page.getByTestId('conn-row').first()).toBeVisible();
}

/** axe's serious and critical findings, one line each (empty when there are none). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('axe finds no serious or critical violation in any view, nor in the open dialogs and popups', async ({
  page,
  server,
}) => {
  // axe walks the whole DOM once per view on a machine shared by many: minutes, not seconds.
  test.setTimeout(300_000);
  await page.goto(server.url);
  await expect(page.getByTestId('conn-row').first()).toBeVisible();
  // Paused, the page holds still while axe reads it (a refresh per second would re-render under it).
  await page.getByTestId('pause-toggle').click();
  await expect(page.getByTestId('status-mode')).toHaveText('Paused');
  const found: string[] = [];
  for (const tab of TABS) {
    await showTab(page, tab);
    for (const v of await seriousViolations(page)) found.push(`${tab}: ${v}`);
  }
  await showTab(page, 'Connections');
  await page.getByTestId('columns-button').click();
  for (const v of await seriousViolations(page)) found.push(`Columns: ${v}`);
  await page.keyboard.press('Escape');
  await page.getByTestId('export-csv').click();
  for (const v of await seriousViolations(page)) found.push(`Export: ${v}`);
  await page.keyboard.press('Escape');
  await page.getByTestId('conn-row').first().dblclick();
  if (await page.getByTestId('process-panel').isVisible()) {
    for (const v of await seriousViolations(page)) found.push(`Process panel: ${v}`);
  }
  expect(found).toEqual([]);
});

for (const size of SIZES) {
  test(`every view at ${size.width}x${size.height}: screenshots, and a status bar that never clips unexplained`, async ({
    page,
    server,
  }) => {
    await page.setViewportSize(size);
    await page.goto(server.url);
    await expect(page.getByTestId('conn-row').first()).toBeVisible();
    for (const tab of TABS) {
      await showTab(page, tab);
      await page.screenshot({ path: resolve(SCREENSHOTS, `${tab.toLowerCase()}-${size.width}x${size.height}.png`) });
    }
    await showTab(page, 'Connections');
    // The grid uses the window's width: its columns reach the right edge.
    const grid = await page.getByTestId('conn-grid').boundingBox();
    const header = await page.locator('.grid-header').boundingBox();
    expect(grid && header && header.width >= grid.width - 20).toBe(true);
    // Status bar items are whole, or cut with their full text in a tooltip.
    const clipped = await page.locator('.status-bar > *').evaluateAll((items) =>
      items
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .filter((el) => !(el instanceof HTMLElement && el.title.length > 0))
        .map((el) => el.textContent ?? ''),
    );
    expect(clipped).toEqual([]);
    // Header names are whole or carry a tooltip with the full name.
    const cutHeaders = await page.locator('[role="columnheader"]').evaluateAll((headers) =>
      headers
        .filter((h) => {
          const title = h.querySelector('.header-title');
          return title !== null && title.scrollWidth > title.clientWidth + 1 && !(h as HTMLElement).title;
        })
        .map((h) => h.textContent ?? ''),
    );
    expect(cutHeaders).toEqual([]);
  });
}
