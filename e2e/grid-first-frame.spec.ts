/**
 * The grid's first frame (issue 13). The grid mounts without reading layout:
 * its first render is at the window's size, and the ResizeObserver's first
 * callback (after the browser's layout, before its paint) measures it and
 * renders the measured size at once. So every frame Chromium paints, the first
 * included, must be drawn at the grid's own size, not the window's (with the
 * grid's scrollbar the window is wider: a frame at the window's width overflows
 * sideways, a horizontal scrollbar flashing by), and the first frame with rows
 * shows exactly the rows that fit the grid.
 */
import chromiumArgs from './chromium-args.json';
import { expect, serveTest } from './serve-fixture';

interface Frame {
  /** The grid's inner size (without its scrollbar). */
  clientWidth: number;
  clientHeight: number;
  scrollWidth: number;
  headerWidth: number;
  rowsInDom: number;
  /** Rows in the view (aria-rowcount counts the header too). */
  rowCount: number;
}

declare global {
  interface Window {
    __gridFrames?: Frame[];
  }
}

// Enough rows to fill the grid and give it a vertical scrollbar.
const test = serveTest(['--synthetic', '2000:0']);

// Playwright hides scrollbars by default; the app's window has them, and the grid's makes it narrower than the window.
// (launchOptions replace the config's whole object: the browser and flags are given again, as in playwright.config.ts.)
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
    ignoreDefaultArgs: ['--hide-scrollbars'],
  },
  viewport: { width: 1400, height: 900 },
});

const ROW_HEIGHT = 22;
const OVERSCAN = 2;

test("every painted frame, the first included, is at the grid's size and holds the rows that fit it", async ({
  page,
  server,
}) => {
  await page.addInitScript(() => {
    const frames: Frame[] = [];
    window.__gridFrames = frames;
    const sample = (grid: HTMLElement): Frame => ({
      clientWidth: grid.clientWidth,
      clientHeight: grid.clientHeight,
      scrollWidth: grid.scrollWidth,
      headerWidth: grid.querySelector('.grid-header')?.getBoundingClientRect().width ?? -1,
      rowsInDom: grid.querySelectorAll('[data-testid="conn-row"]').length,
      rowCount: Number(grid.getAttribute('aria-rowcount')) - 1,
    });
    /*
     * Reads the grid as Chromium paints it in each frame: a ResizeObserver made in the frame's animation callback
     * reports the grid's size in that frame's observer step, after the app's own observer (made earlier, so called
     * first) has rendered what it measured and before the paint; observers of the same depth are not called again
     * in that frame. (A read in a task after the frame could follow a task that changed the DOM unpainted.)
     */
    const eachFrame = (): void => {
      const grid = document.querySelector('[data-testid="conn-grid"]');
      if (grid instanceof HTMLElement) {
        const probe = new ResizeObserver(() => {
          probe.disconnect();
          frames.push(sample(grid));
        });
        probe.observe(grid);
      }
      // Until some frames after the rows came in.
      if (frames.filter((f) => f.rowsInDom > 0).length < 20) requestAnimationFrame(eachFrame);
    };
    requestAnimationFrame(eachFrame);
  });
  await page.goto(server.url);
  await expect(page.getByTestId('conn-row').first()).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => window.__gridFrames?.filter((f) => f.rowsInDom > 0).length ?? 0))
    .toBeGreaterThanOrEqual(20);
  const frames = (await page.evaluate(() => window.__gridFrames)) ?? [];
  const settled = frames[frames.length - 1];
  expect(settled).toBeDefined();
  if (!settled) return;
  // The test's premise: the grid's scrollbar makes it narrower than the window, and its columns fit it.
  expect(settled.clientWidth).toBeLessThan(1400);
  expect(settled.scrollWidth).toBe(settled.clientWidth);
  expect(settled.headerWidth).toBe(settled.clientWidth);
  // Every frame from the first at the grid's width in that frame, never wider (the gutter the grid reserves for
  // its scrollbar keeps that width the same before and after the rows arrive).
  expect(frames.map((f) => f.headerWidth)).toEqual(frames.map((f) => f.clientWidth));
  expect(frames.filter((f) => f.scrollWidth > f.clientWidth)).toEqual([]);
  // The first frame with rows holds those that fit the grid's height (the window's, from the top, with overscan).
  const firstWithRows = frames.find((f) => f.rowsInDom > 0);
  expect(firstWithRows).toBeDefined();
  if (!firstWithRows) return;
  expect(firstWithRows.rowCount).toBeGreaterThan(firstWithRows.rowsInDom);
  expect(firstWithRows.rowsInDom).toBe(Math.ceil(firstWithRows.clientHeight / ROW_HEIGHT) + OVERSCAN);
});
