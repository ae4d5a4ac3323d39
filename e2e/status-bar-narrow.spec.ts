/**
 * At 800x600 the status bar keeps whole what a user acts on: the warnings button (the only way to the warnings)
 * and the refresh time. The counts and the states give way instead, shortened with an ellipsis and whole in their
 * tooltip. Run on an opened file with a long path and a line NetScope cannot read (so there is a warning), and on
 * this machine's live view.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { importServe } from './helpers/import-serve';
import { serveTest } from './serve-fixture';

// The live view's serve comes from the fixture, which stops it after the test (and does not wait on one that died).
const test = serveTest().extend<{ narrow: Page }>({
  narrow: async ({ page }, use) => {
    await page.setViewportSize({ width: 800, height: 600 });
    await use(page);
  },
});

/** A saved `ss -tan` with a line that is not a socket: the import warns that it could not read it. */
const SS_TAN = [
  'State      Recv-Q Send-Q   Local Address:Port   Peer Address:Port',
  'LISTEN 0 128 0.0.0.0:22 0.0.0.0:*',
  'ESTAB 0 0 10.0.0.5:22 10.0.0.9:51000',
  'TIME-WAIT 0 0 10.0.0.5:22 10.0.0.9:51001',
  'CLOSE-WAIT 0 0 10.0.0.5:22 10.0.0.9:51002',
  'ESTAB 0 0 not-an-address',
  '',
].join('\n');

/** Whole: nothing of it cut (its text fits its box) and inside the window. */
async function expectWhole(item: Locator, page: Page): Promise<void> {
  await expect(item).toBeVisible();
  const box = await item.evaluate((el) => {
    const r = el.getBoundingClientRect();
    let clipped = el.scrollWidth > el.clientWidth;
    // An ancestor inside the bar that hides overflow and is narrower than the item cuts it too.
    for (let p = el.parentElement; p && !p.classList.contains('status-bar'); p = p.parentElement)
      if (getComputedStyle(p).overflow !== 'visible' && p.getBoundingClientRect().width < r.width - 0.5) clipped = true;
    return { right: r.right, clipped };
  });
  expect(box.clipped, (await item.textContent()) ?? '').toBe(false);
  expect(box.right).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
}

test('an opened file: the warnings button and the refresh time are whole', async ({ narrow: page }) => {
  await importServe(`${'customer-server-'.repeat(4)}ss-tan.txt`, SS_TAN, async (url) => {
    await page.goto(url);
    await expect(page.getByTestId('conn-row').first()).toBeVisible();
    const button = page.getByTestId('status-warnings-button');
    await expectWhole(button, page);
    await expect(button).toHaveText('⚠ 1 warning');
    await expectWhole(page.getByTestId('status-refresh'), page);
    // The counts gave way, and say the rest in their tooltip.
    await expect(page.getByTestId('status-counts')).toHaveAttribute('title', /^4 sockets/);
  });
});

test("this machine's live view: the warnings button (if any) and the refresh time are whole", async ({
  narrow: page,
  server,
}) => {
  await page.goto(server.url);
  await expect(page.getByTestId('conn-row').first()).toBeVisible();
  await expectWhole(page.getByTestId('status-refresh'), page);
  const button = page.getByTestId('status-warnings-button');
  if ((await button.count()) > 0) await expectWhole(button, page);
  // The socket engine's name too (it was "→ netli…"): the states gave way first.
  await expectWhole(page.getByTestId('status-engine'), page);
});

test('an opened file at 1024 px: its folders give way first; its format and the counts stay whole', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await importServe(`${'customer-server-'.repeat(4)}ss-tan.txt`, SS_TAN, async (url) => {
    await page.goto(url);
    await expect(page.getByTestId('conn-row').first()).toBeVisible();
    const source = page.getByTestId('status-source');
    await expect(source).toHaveText(/ss-tan\.txt · Linux ss/);
    await expect(source).toHaveAttribute('title', /ss-tan\.txt: read as Linux ss/);
    await expectWhole(source.locator('.status-source-as'), page);
    await expectWhole(page.getByTestId('status-counts'), page);
    await expectWhole(page.getByTestId('status-refresh'), page);
  });
});
