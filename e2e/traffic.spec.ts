/**
 * Traffic end to end: `netscope serve --socket-engine netlink` on this machine
 * while this test streams bytes over a loopback connection it opened; the grid
 * shows the connection's rates (the traffic columns appear by themselves once
 * counters arrive), the filter's `rate>` finds it, the status bar names the
 * engine, and Top talkers lists this process and leads back to the grid.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { expect, serveTest } from './serve-fixture';

const test = serveTest(['--socket-engine', 'netlink']);

interface Stream {
  port: number;
  clientPort: number;
  stop(): Promise<void>;
}

/** A loopback connection with ~12 MB/s flowing from client to server (paced: the machine's cores are shared). */
async function openStream(): Promise<Stream> {
  const server: Server = createServer((s) => s.resume().on('error', () => undefined));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const client = await new Promise<Socket>((ok, fail) => {
    const s = connect({ host: '127.0.0.1', port }, () => ok(s));
    s.once('error', fail);
  });
  const block = Buffer.alloc(256 * 1024, 0x5a);
  const timer = setInterval(() => {
    if (client.writableLength < 4 * block.length) client.write(block);
  }, 20);
  return {
    port,
    clientPort: client.localPort as number,
    stop: async () => {
      clearInterval(timer);
      client.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
}

test('a transfer shows in the grid, the rate filter, the status bar and Top talkers', async ({ page, server }) => {
  const stream = await openStream();
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('conn-grid')).toBeVisible();
    // The engine menu names netlink (chosen at launch); the item beside it adds that counters flow.
    await expect(page.getByTestId('socket-engine-select')).toHaveValue('netlink');
    await expect(page.getByTestId('status-engine')).toHaveText(/^· traffic$/);

    // The sender's row: found by the rate filter, with its rates in the columns shown by themselves.
    await page.getByTestId('filter-input').fill(`pid:${process.pid} lport:${stream.clientPort} rate>100k`);
    const sender = page.locator(
      `[data-testid="conn-row"][data-row-id="tcp4 127.0.0.1:${stream.clientPort} 127.0.0.1:${stream.port}"]`,
    );
    await expect(sender).toBeVisible({ timeout: 20_000 });
    await expect(sender.locator('[data-col="sendRate"]')).toHaveText(/^[\d.]+ [kM]B\/s$/);
    await expect(sender.locator('[data-col="bytesSent"]')).toHaveText(/^[\d.]+ [kMG]?B$/);
    await expect(page.getByTestId('filter-problem')).toHaveCount(0);

    // Sort by send rate, busiest first: the header says so.
    await page.getByTestId('filter-input').fill(`pid:${process.pid}`);
    await page.getByTestId('col-sort-sendRate').click();
    await page.getByTestId('col-sort-sendRate').click();
    await expect(page.getByTestId('col-header-sendRate')).toHaveAttribute('aria-sort', 'descending');
    // Every row under pid: is on 127.0.0.1: the first must be exactly the sender's, and the listener (no rate) below it.
    const senderId = `tcp4 127.0.0.1:${stream.clientPort} 127.0.0.1:${stream.port}`;
    await expect(page.getByTestId('conn-row').first()).toHaveAttribute('data-row-id', senderId);
    const ids = await page
      .getByTestId('conn-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id') ?? ''));
    const listener = ids.findIndex(
      (id) => id.startsWith(`tcp4 127.0.0.1:${stream.port} `) && !id.endsWith(`:${stream.clientPort}`),
    );
    expect(listener, ids.join('\n')).toBeGreaterThan(ids.indexOf(senderId));

    // Top talkers: this process, and its row leads back to the grid filtered to it.
    await page.getByRole('tab', { name: 'Top talkers' }).click();
    const mine = page.getByTestId('talker-row').filter({ hasText: String(process.pid) });
    await expect(mine).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('talkers-chart')).toBeVisible();
    await mine.locator('button').first().click();
    await expect(page.getByTestId('filter-input')).toHaveValue(`pid:${process.pid}`);
    await expect(page.getByRole('tab', { name: 'Connections' })).toHaveAttribute('aria-selected', 'true');
  } finally {
    await stream.stop();
  }
});
