/** The secondary views load (lazily) and show this machine's real routes, interfaces, statistics and states. */
import { expect, test } from './serve-fixture';

test('every tab shows its view with real data', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  const views: [string, string, RegExp][] = [
    ['Routes', 'routes-view', /on-link|\d+\.\d+\.\d+\.\d+/],
    ['Interfaces', 'interfaces-view', /MTU65536/],
    ['Statistics', 'stats-view', /InSegs|InReceives/],
    ['States', 'states-view', /LISTEN/],
    ['DoS', 'dos-view', /SYN_RECV/],
  ];
  for (const [tab, testId, text] of views) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByTestId(testId), tab).toBeVisible();
    await expect(page.getByTestId(testId), tab).toContainText(text);
  }
});
