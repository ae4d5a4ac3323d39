/**
 * The process panel's traffic chart reads as a chart: its rate axis is evenly spaced (a 110 px chart hid one of
 * five labels, leaving 0, 7, 14, 28 kB/s, a scale that looked logarithmic), and it says what its one line is (send
 * plus receive: beside "12.0 kB/s out, 12.0 kB/s in" the line stood at 24 kB/s, unexplained). The process is the
 * server's own: it sends this page a diff every refresh.
 */
import { expect, test } from './serve-fixture';

test("the process panel's chart: evenly spaced rate labels and a legend", async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  await page.getByTestId('filter-input').fill(`pid:${server.process.pid} state:listen`);
  const row = page.getByTestId('conn-row').first();
  await expect(row).toBeVisible();
  await row.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Go to process' }).click();
  const chart = page.getByTestId('process-traffic').getByTestId('talkers-chart');
  await expect(chart).toBeVisible({ timeout: 20_000 });
  const ticks = chart.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await expect.poll(() => ticks.count()).toBeGreaterThanOrEqual(3);
  // The labels' values, in bytes per second ("15.0 kB/s"): 0 and equal steps, as a linear axis has.
  const labels = await ticks.allTextContents();
  const values = labels.map((text) => {
    const match = /^([\d.]+) ([kMG]?)B\/s$/.exec(text);
    if (!match) throw new Error(`not a rate label: ${text}`);
    return Number(match[1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 }[match[2] as string] ?? NaN);
  });
  values.sort((a, b) => a - b);
  expect(values[0], labels.join(', ')).toBe(0);
  const step = (values[1] as number) - 0;
  values.forEach((v, i) => expect(Math.abs(v - i * step), labels.join(', ')).toBeLessThan(step / 100));
  await expect(chart.getByTestId('talkers-legend')).toHaveText('send + receive');
});
