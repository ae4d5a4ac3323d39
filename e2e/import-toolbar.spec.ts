/**
 * An opened file (`netscope import FILE --serve`): the toolbar names the file instead of offering Pause, Refresh and
 * the interval, and the grid stays where the first screen drew it (the first screen cannot know it is a file).
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { importServe } from './helpers/import-serve';
import { expect } from './serve-fixture';
import { holdAppScript } from './helpers/hold-app-script';

// Short: a naive toolbar (no room held) would then be narrower than the first screen's and wrap elsewhere.
const FILE = 'tan.txt';

/** `netscope import` of this machine's `netstat -tan` on a free loopback port; its URL, stopped after the test. */
const test = base.extend<{ url: string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument.
  url: async ({}, use) => importServe(FILE, execFileSync('netstat', ['-tan'], { encoding: 'utf8' }), use),
});

test('the toolbar names the opened file and offers no live control', async ({ page, url }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  await expect(page.getByTestId('conn-row').first()).toBeVisible();
  const toolbar = page.getByRole('toolbar', { name: 'NetScope' });
  const source = toolbar.getByTestId('toolbar-source');
  await expect(source).toBeVisible();
  await expect(source).toContainText(FILE);
  await expect(source).toContainText(/ · opened \d/);
  // The status bar says what the file was read as beside its path (the label the CLI prints).
  await expect(page.getByTestId('status-source')).toHaveText(/tan\.txt · Linux netstat/);
  for (const id of ['pause-toggle', 'refresh-now', 'interval-select']) await expect(page.getByTestId(id)).toBeHidden();
  await expect(toolbar.getByRole('button', { name: /Pause|Resume|Refresh/ })).toHaveCount(0);
  // The name is in the room the live controls had: it ends before the filter box starts.
  const label = await source.boundingBox();
  const filter = await page.getByTestId('filter-input').boundingBox();
  expect(label && filter && label.x + label.width <= filter.x).toBe(true);
});

// A name as a user saves it: on one line, with its time, it was cut in the controls' room ("… · opened 12:11:36…").
const LONG = 'netstat-tanp-web01.txt';
const longTest = base.extend<{ url: string }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument.
  url: async ({}, use) => importServe(LONG, execFileSync('netstat', ['-tan'], { encoding: 'utf8' }), use),
});

for (const width of [1280, 800])
  longTest(
    `at ${width} px the opened file's name and time are read whole, inside the toolbar`,
    async ({ page, url }) => {
      await page.setViewportSize({ width, height: 700 });
      await page.goto(url);
      const source = page.getByRole('toolbar', { name: 'NetScope' }).getByTestId('toolbar-source');
      await expect(source).toContainText(/ · opened \d/);
      const seen = await source.evaluate((label) => {
        const toolbar = label.closest('.toolbar')?.getBoundingClientRect();
        // Every piece of text drawn (not the off-screen separator): cut when its text is wider than its box.
        const drawn = [...label.querySelectorAll('span')].filter(
          (s) => getComputedStyle(s).position !== 'absolute' && s.textContent,
        );
        const cut = drawn.filter((s) => s.scrollWidth > s.clientWidth + 0.5).map((s) => s.textContent);
        const inside =
          !!toolbar &&
          drawn.every((s) => {
            const box = s.getBoundingClientRect();
            return box.top >= toolbar.top && box.bottom <= toolbar.bottom;
          });
        return { cut, inside, text: label.textContent };
      });
      expect(seen.cut).toEqual([]);
      expect(seen.inside).toBe(true);
      expect(seen.text).toMatch(new RegExp(`^${LONG.replace('.', '\\.')} · opened \\d`));
    },
  );

/** The top of the grid and the toolbar's height, on the first screen or in the app. */
async function gridTop(page: Page, root: string): Promise<{ grid: number; toolbar: number }> {
  return page.evaluate((root) => {
    const scope = document.querySelector(root);
    const y = (e: Element | null | undefined): number => Math.round(e?.getBoundingClientRect().y ?? -1);
    const h = (e: Element | null | undefined): number => Math.round(e?.getBoundingClientRect().height ?? -1);
    return { grid: y(scope?.querySelector('.grid')), toolbar: h(scope?.querySelector('.toolbar')) };
  }, root);
}

test('in a narrow window the grid does not move when the app replaces the first screen', async ({ page, url }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  // The app's script waits until the first screen has been measured.
  const release = await holdAppScript(page);
  await page.goto(url);
  await expect(page.getByTestId('boot-row').first()).toBeVisible();
  const boot = await gridTop(page, '[data-testid="boot-screen"]');
  release();
  await expect(page.getByTestId('boot-screen')).toHaveCount(0);
  await expect(page.getByTestId('toolbar-source')).toBeVisible();
  const app = await gridTop(page, '.app');
  expect(boot.grid).toBeGreaterThan(0);
  expect(app).toEqual(boot);
});

/** A saved `ss -tan` (fixed, so this test needs no netstat and no quiet machine). */
const SS_TAN = [
  'State Recv-Q Send-Q Local Address:Port Peer Address:Port',
  'LISTEN 0 128 0.0.0.0:22 0.0.0.0:*',
  '',
].join('\n');

base('the opened file label has a role, its text for a name, and axe passes the toolbar', async ({ page }) => {
  await importServe('ss-tan.txt', SS_TAN, async (url) => {
    await page.goto(url);
    const toolbar = page.getByRole('toolbar', { name: 'NetScope' });
    // A live region: a screen reader announces its text and reads its name on Tab; both are what the screen shows.
    const label = toolbar.getByRole('status', { name: /^ss-tan\.txt · opened \d/ });
    await expect(label).toBeVisible();
    await expect(label).toHaveText(/^ss-tan\.txt · opened \d/);
    await expect(label).toHaveAccessibleDescription(/ss-tan\.txt: an opened file \(.+\), read at /);
    // focus-order-semantics (experimental, so named): a focusable element needs a role a screen reader can announce.
    const semantics = await new AxeBuilder({ page }).include('.toolbar').withRules(['focus-order-semantics']).analyze();
    expect(semantics.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
    const all = await new AxeBuilder({ page }).include('.toolbar').analyze();
    expect(all.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
  });
});
