/**
 * At 800x600 the Routes table (IPv4 and IPv6 are groups of one table, so their columns line up) and the DoS tables
 * fit their window (no sideways scroll) and still show every value: long IPv6 addresses wrap at their colons, headers
 * at their spaces and underscores; a TCP state column nobody is in is left out and named under the table
 * (DataTable.test.tsx). Run on opened files (`netscope import --serve`), so the addresses are as long as real ones and
 * every TCP state is present, and on this machine's live tables.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { importServe } from './helpers/import-serve';
import { startServe } from './serve-fixture';

const LONG = '2001:db8:1234:5678:9abc:def0';
const GATEWAY = 'fe80::a00:27ff:fe4e:66a1';

/** A saved `route -6n` with destinations and a gateway as long as IPv6 gets. */
const ROUTE_6N = [
  'Kernel IPv6 routing table',
  'Destination                    Next Hop                   Flag Met Ref  Use If',
  `${LONG}:1234:0/112 ${GATEWAY}      UG   1024 1      0 enp0s31f6`,
  '2001:db8:abcd:ef01::/64       ::                         U    256 1      0 enp0s31f6',
  `::/0                          ${GATEWAY}      UG   1024 1      0 enp0s31f6`,
  `${LONG}:1234:5678/128 ::                 Un   0   1      0 enp0s31f6`,
].join('\n');

/** A saved `route -n` then `route -6n`: both families in one file. */
const ROUTE_N_AND_6N = [
  'Kernel IP routing table',
  'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
  '0.0.0.0         192.168.1.1     0.0.0.0         UG    100    0        0 enp0s31f6',
  '192.168.1.0     0.0.0.0         255.255.255.0   U     100    0        0 enp0s31f6',
  ROUTE_6N,
].join('\n');

const SS_STATES = ['ESTAB', 'SYN-RECV', 'SYN-SENT', 'TIME-WAIT', 'CLOSE-WAIT', 'FIN-WAIT-1', 'FIN-WAIT-2', 'LAST-ACK'];
const LOCAL = '[2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]';

/** A saved `ss -tan`: a server on a long IPv6 address, long remotes in every state the DoS tables count. */
function ssTan(): string {
  const lines = [
    'State      Recv-Q Send-Q   Local Address:Port   Peer Address:Port',
    `LISTEN 0 128 ${LOCAL}:443 [::]:*`,
  ];
  SS_STATES.forEach((state, j) => {
    for (let i = 0; i < 3; i++)
      lines.push(`${state} 0 0 ${LOCAL}:443 [${LONG}:${i + 1}:${j + 1}]:${40000 + j * 10 + i}`);
  });
  return lines.join('\n') + '\n';
}

const test = base.extend<{ narrow: Page }>({
  narrow: async ({ page }, use) => {
    await page.setViewportSize({ width: 800, height: 600 });
    await use(page);
  },
});

/** Each table of the view: its wrapper's visible and scrolled widths. */
async function tableWidths(page: Page): Promise<{ client: number; scroll: number }[]> {
  return page
    .locator('.nsv-table-wrap')
    .evaluateAll((wraps) => wraps.map((w) => ({ client: w.clientWidth, scroll: w.scrollWidth })));
}

async function expectNoSidewaysScroll(page: Page, tables: number): Promise<void> {
  const widths = await tableWidths(page);
  expect(widths).toHaveLength(tables);
  for (const w of widths) expect(w.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(w.client);
}

test('Routes: long IPv6 routes fit, every destination and gateway whole', async ({ narrow: page }) => {
  await importServe('saved.txt', ROUTE_6N, async (url) => {
    await page.goto(url);
    await page.getByRole('tab', { name: 'Routes' }).click();
    await expect(page.getByTestId('route-row')).toHaveCount(4);
    await expectNoSidewaysScroll(page, 1);
    const text = await page.getByTestId('routes-view').textContent();
    for (const value of [`${LONG}:1234:0/112`, `${LONG}:1234:5678/128`, '2001:db8:abcd:ef01::/64', GATEWAY])
      expect(text).toContain(value);
  });
});

test('Routes: the IPv4 and IPv6 columns line up, each value whole', async ({ narrow: page }) => {
  await importServe('saved.txt', ROUTE_N_AND_6N, async (url) => {
    await page.goto(url);
    await page.getByRole('tab', { name: 'Routes' }).click();
    await expect(page.getByTestId('route-row')).toHaveCount(6);
    await expectNoSidewaysScroll(page, 1);
    // Each row's cells: where they start and how wide they are. Every row, of either family, has the same.
    const columns = await page
      .getByTestId('route-row')
      .evaluateAll((rows) =>
        rows.map((r) =>
          [...r.querySelectorAll('td')]
            .map(
              (td) => `${Math.round(td.getBoundingClientRect().left)}+${Math.round(td.getBoundingClientRect().width)}`,
            )
            .join(' '),
        ),
      );
    expect(new Set(columns).size, columns.join('\n')).toBe(1);
    const text = await page.getByTestId('routes-view').textContent();
    for (const value of ['192.168.1.0/24', `${LONG}:1234:0/112`, GATEWAY]) expect(text).toContain(value);
  });
});

test('DoS: every TCP state present has its column, and both tables fit', async ({ narrow: page }) => {
  await importServe('saved.txt', ssTan(), async (url) => {
    await page.goto(url);
    await page.getByRole('tab', { name: 'DoS' }).click();
    const view = page.getByTestId('dos-view');
    await expect(view.getByText(`${LONG}:1:1`)).toBeVisible();
    await expectNoSidewaysScroll(page, 2);
    const headers = await view.locator('table').first().locator('th').allTextContents();
    // The States view's names, not abbreviations (ESTAB, TIME_W): they fit, breaking after their underscores.
    for (const state of [
      'ESTABLISHED',
      'SYN_RECV',
      'SYN_SENT',
      'TIME_WAIT',
      'CLOSE_WAIT',
      'FIN_WAIT1',
      'FIN_WAIT2',
      'LAST_ACK',
    ])
      expect(headers.map((h) => h.replace('▼', ''))).toContain(state);
    await expect(view.getByTestId('nsv-hidden-empty')).toHaveCount(0);
  });
});

test("this machine's Routes and DoS tables fit", async ({ narrow: page }) => {
  const server = await startServe();
  try {
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Routes' }).click();
    await expect(page.getByTestId('route-row').first()).toBeVisible();
    await expectNoSidewaysScroll(page, 1);
    await page.getByRole('tab', { name: 'DoS' }).click();
    await expect(page.getByTestId('dos-listener-row').first()).toBeVisible();
    await expectNoSidewaysScroll(page, 2);
  } finally {
    const exited = new Promise((done) => server.process.once('exit', done));
    server.process.kill('SIGTERM');
    await exited;
  }
});
