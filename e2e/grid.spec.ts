/**
 * The connection grid, end to end: this test opens real sockets on loopback,
 * and the real `netscope serve` (real collectors) must show them in Chromium.
 */
import { readFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { expect, test } from './serve-fixture';

interface Pair {
  server: Server;
  port: number;
  client: Socket;
  clientPort: number;
  close(): Promise<void>;
}

async function openPair(host = '127.0.0.1'): Promise<Pair> {
  const server = createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((ok) => server.listen(0, host, ok));
  const port = (server.address() as AddressInfo).port;
  const client = await new Promise<Socket>((ok, fail) => {
    const s = connect({ host, port }, () => ok(s));
    s.once('error', fail);
  });
  return {
    server,
    port,
    client,
    clientPort: client.localPort as number,
    close: async () => {
      client.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
}

test('finds, sorts, filters, jumps to the process, exports and sees a socket close', async ({
  page,
  server,
}, testInfo) => {
  const pair = await openPair();
  const extra = await openPair('::1');
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('conn-grid')).toBeVisible();
    const listenerId = `tcp4 127.0.0.1:${pair.port} 0.0.0.0:0`;
    const listenerRow = page.locator(`[data-testid="conn-row"][data-row-id="${listenerId}"]`);

    // Filter to our process and port: the row shows our PID and process name.
    await page.getByTestId('filter-input').fill(`pid:${process.pid} port:${pair.port}`);
    await expect(listenerRow).toBeVisible();
    await expect(listenerRow.locator('[data-col="pid"]')).toHaveText(String(process.pid));
    await expect(listenerRow.locator('[data-col="process"]')).toHaveText(/node/);
    await expect(listenerRow.locator('[data-col="state"]')).toHaveText('LISTEN');
    const rows = page.getByTestId('conn-row');
    // The listener, the client end and the accepted end.
    await expect(rows).toHaveCount(3);

    // Sort by local port both ways: the order flips.
    await page.getByTestId('col-header-localPort').click();
    const first = await rows.first().locator('[data-col="localPort"]').textContent();
    await page.getByTestId('col-header-localPort').click();
    const firstDesc = await rows.first().locator('[data-col="localPort"]').textContent();
    expect([first, firstDesc].sort((a, b) => Number(a) - Number(b))).toEqual([
      String(Math.min(pair.port, pair.clientPort)),
      String(Math.max(pair.port, pair.clientPort)),
    ]);
    await page.screenshot({ path: testInfo.outputPath('grid.png'), fullPage: true });
    await testInfo.attach('grid', { path: testInfo.outputPath('grid.png'), contentType: 'image/png' });

    // Right-click, go to the process: the panel lists its sockets, live.
    await listenerRow.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Go to process' }).click();
    const panel = page.getByTestId('process-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(String(process.pid));
    await expect(
      panel
        .getByTestId('process-socket-row')
        .filter({ hasText: String(extra.port) })
        .first(),
    ).toBeVisible();
    await expect(
      panel
        .getByTestId('process-socket-row')
        .filter({ hasText: String(pair.port) })
        .first(),
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('process-panel.png'), fullPage: true });
    await testInfo.attach('process panel', {
      path: testInfo.outputPath('process-panel.png'),
      contentType: 'image/png',
    });
    await page.keyboard.press('Escape');

    // Export the filtered rows to CSV and find the listener in the file.
    await page.getByTestId('export-csv').click();
    await page.getByLabel(/only the filtered rows/i).check();
    const downloadPromise = page.waitForEvent('download');
    await page.getByTestId('export-confirm').click();
    const download = await downloadPromise;
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/Proto/);
    expect(lines).toHaveLength(4);
    expect(
      lines.some((l) => l.includes(String(pair.port)) && l.includes('LISTEN') && l.includes(String(process.pid))),
    ).toBe(true);

    // Close the listener: the row is marked closed for a refresh, then gone.
    // close() stops listening at once (its callback waits for the accepted connection, which stays open).
    // waitForSelector watches the DOM from inside the page, so it cannot miss the one-refresh mark.
    pair.server.close();
    await page.waitForSelector(`[data-testid="conn-row"][data-row-id="${listenerId}"][data-mark="closed"]`, {
      state: 'attached',
    });
    await expect(listenerRow).toHaveCount(0);
    await expect(rows).toHaveCount(2);
  } finally {
    await pair.close().catch(() => undefined);
    await extra.close().catch(() => undefined);
  }
});

test('a new connection is highlighted as new, then as an ordinary row', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  await page.getByTestId('filter-input').fill(`pid:${process.pid} state:listen`);
  const pair = await openPair();
  try {
    const selector = `[data-testid="conn-row"][data-row-id="tcp4 127.0.0.1:${pair.port} 0.0.0.0:0"]`;
    await page.waitForSelector(`${selector}[data-mark="new"]`, { state: 'attached' });
    await page.waitForSelector(`${selector}[data-mark=""]`, { state: 'attached' });
  } finally {
    await pair.close();
  }
});
