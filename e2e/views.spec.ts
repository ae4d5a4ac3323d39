/** The secondary views load (lazily) and show this machine's real routes, interfaces, statistics and states. */
import { openHalfOpenConnections } from './helpers/half-open';
import { serverSnapshot } from './helpers/server-snapshot';
import { expect, test } from './serve-fixture';

test('every tab shows its view with real data', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  const views: [string, string, RegExp][] = [
    ['Routes', 'routes-view', /on-link|\d+\.\d+\.\d+\.\d+/],
    ['Interfaces', 'interfaces-view', /MTU65536/],
    ['Statistics', 'stats-view', /InSegs|InReceives/],
    ['States', 'states-view', /LISTEN/],
    // serve runs the default engine (auto): netlink counts this page's own WebSocket, which serve's node process
    // sends; where the kernel refuses netlink, the procfs fallback's view says why it has no traffic.
    ['Top talkers', 'talkers-view', /node \(\d+\)|No traffic counters: counters need the netlink engine/],
  ];
  for (const [tab, testId, text] of views) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByTestId(testId), tab).toBeVisible();
    await expect(page.getByTestId(testId), tab).toContainText(text);
  }
});

test('the DoS view counts the half-open connections the server sees', async ({ page, server }) => {
  // Eight real SYN_RECV sockets on loopback, so the count is not zero by chance.
  const halfOpen = await openHalfOpenConnections(8);
  try {
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'DoS' }).click();
    const kpi = page.getByTestId('syn-recv-total').locator('.nsv-kpi-value');
    const shown = async (): Promise<number> => Number((await kpi.innerText()).replace(/[^\d]/g, ''));
    // The page refreshes every second: read the page and the server until both reflect the same tick.
    await expect
      .poll(
        async () => {
          const onPage = await shown();
          const snapshot = await serverSnapshot(server);
          const onServer = snapshot.connections.filter((c) => c.state === 'SYN_RECV').length;
          const ours = snapshot.connections.filter((c) => c.state === 'SYN_RECV' && c.localPort === halfOpen.port);
          return { agree: onPage === onServer, ours: ours.length };
        },
        { timeout: 20_000 },
      )
      .toEqual({ agree: true, ours: halfOpen.count });
    expect(await shown()).toBeGreaterThanOrEqual(halfOpen.count);
  } finally {
    halfOpen.close();
  }
});

test("the Statistics view's groups line up their columns", async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Statistics' }).click();
  const tables = page.getByTestId('stats-view').locator('table.nsv-stats');
  await expect(tables.nth(1)).toBeVisible();
  // Each group has its own table: the Value, Δ and Per second columns must still start at the same x in every one.
  const columnEdges = await tables.evaluateAll((all) =>
    all.map((table) =>
      [...table.querySelectorAll('thead th')].map((th) => Math.round(th.getBoundingClientRect().left)),
    ),
  );
  expect(columnEdges.length).toBeGreaterThan(1);
  for (const edges of columnEdges) expect(edges).toEqual(columnEdges[0]);
});
