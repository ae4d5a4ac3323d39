// A look at the Top talkers view (untimed): `serve --synthetic ROWS:0.01:0.05` (default 2000 rows) of this tree's
// build or BENCH_RENDERER_OUT's, the tab by process after a few refreshes, a screenshot of its chart to SHOT
// (default /tmp/talkers-look.png; HOVER=1 with the tooltip shown), and the chart's tick and legend texts printed.
// For checking the chart's drawing.
//   node bench/talkers-look.mjs
import { launchChromium, startServe, stopServe } from './renderer.mjs';

const ROWS = process.env.LOOK_ROWS ?? '2000';
const serve = startServe({ synthetic: `${ROWS}:0.01:0.05` });
let browser = null;
try {
  const url = await serve.url;
  const { chromium } = await import('playwright');
  browser = await launchChromium(chromium);
  const page = await browser.newPage({ viewport: { width: Number(process.env.LOOK_WIDTH ?? 1400), height: 900 } });
  await page.goto(url);
  await page.getByRole('tab', { name: 'Top talkers' }).click();
  await page.getByLabel(process.env.LOOK_BY === 'host' ? 'By remote host' : 'By process').check();
  await page.waitForTimeout(Number(process.env.LOOK_WAIT_MS ?? 9000));
  const chart = page.getByTestId('talkers-chart');
  // HOVER=1: the pointer over the plot's middle first, so the screenshot shows the tooltip.
  if (process.env.HOVER === '1') {
    const box = await chart.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    await page.waitForTimeout(300);
  }
  await chart.screenshot({ path: process.env.SHOT ?? '/tmp/talkers-look.png' });
  console.log(
    await chart.evaluate((el) => ({
      ticks: [...el.querySelectorAll('.recharts-xAxis-tick-labels text, .recharts-yAxis-tick-labels text')].map(
        (t) => t.textContent,
      ),
      legend: el.textContent?.slice(-300),
      box: el.getBoundingClientRect().height,
    })),
  );
} finally {
  await browser?.close().catch(() => undefined);
  await stopServe(serve.child);
}
