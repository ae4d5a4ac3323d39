/**
 * The secondary views against the real tools on this machine: a view's Export CSV holds the routes `ip route`
 * lists, and the DoS view's accept queue of a listener that never accepts equals its Recv-Q in `ss -ltn`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './serve-fixture';

/** A loopback listener (backlog 2) that never accepts, and 10 clients: the kernel queues 3, the rest wait in SYN_SENT. */
const FULL_QUEUE = `
import socket, sys
l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(2)
cs = []
for _ in range(10):
    s = socket.socket(); s.setblocking(False)
    try: s.connect(('127.0.0.1', l.getsockname()[1]))
    except BlockingIOError: pass
    cs.append(s)
print(l.getsockname()[1], flush=True)
sys.stdin.read()
`;

test("a view's Export CSV downloads its whole table: the IPv4 routes, as ip route has them", async ({
  page,
  server,
}) => {
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Routes' }).click();
  const button = page.getByTestId('csv-routes-ipv4');
  await expect(button).toBeVisible();
  const download = page.waitForEvent('download');
  await button.click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^netscope-routes-ipv4-.*\.csv$/);
  const lines = readFileSync((await file.path()) as string, 'utf8')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('Family,Destination,Prefix,Gateway,Interface,Metric,Flags,Type,Table');
  // Every main-table route `ip route` prints is a row: "default via G dev D" as 0.0.0.0/0,G,D; "N/P dev D" as on-link.
  const ipRoute = execFileSync('ip', ['-4', 'route', 'show', 'table', 'main'], { encoding: 'utf8' }).trim().split('\n');
  for (const line of ipRoute.filter((l) => l.trim() !== '')) {
    const [dest, ...rest] = line.trim().split(/\s+/);
    const via = rest.includes('via') ? rest[rest.indexOf('via') + 1] : 'on-link';
    const dev = rest[rest.indexOf('dev') + 1];
    const cidr = dest === 'default' ? '0.0.0.0/0' : dest?.includes('/') ? dest : `${dest}/32`;
    expect(lines, line).toContainEqual(expect.stringMatching(new RegExp(`^IPv4,${cidr},\\d+,${via},${dev},`)));
  }
});

test("the DoS view's accept queue of a listener that never accepts is its Recv-Q in ss -ltn", async ({
  page,
  server,
}) => {
  const holder = spawn('python3', ['-c', FULL_QUEUE], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      holder.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      holder.once('exit', (code) => reject(new Error(`python3 exited with ${code}`)));
    });
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'DoS' }).click();
    const row = page.getByTestId('dos-listener-row').filter({ hasText: String(port) });
    await expect(row).toBeVisible();
    const column = await row
      .locator('xpath=ancestor::table')
      .locator('th')
      .evaluateAll((ths) => ths.findIndex((th) => th.textContent?.startsWith('Accept queue')));
    expect(column).toBeGreaterThan(0);
    const recvQ = Number(
      execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' })
        .trim()
        .split(/\s+/)[1],
    );
    expect(recvQ).toBeGreaterThan(0);
    await expect(row.locator('td').nth(column)).toHaveText(String(recvQ));
  } finally {
    holder.stdin.end();
    holder.kill('SIGTERM');
  }
});
