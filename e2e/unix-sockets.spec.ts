/**
 * UNIX domain sockets in the browser mode, end to end: this test listens on a
 * UNIX socket at a path and connects to it, and the real `netscope serve`
 * (real collectors: /proc/net/unix, sock_diag, the fd scan) must show them,
 * once the toolbar's switch is on, under `proto:unix`, with path, PID, peer
 * and a count of their own in the status bar.
 */
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './serve-fixture';

test.skip(process.platform !== 'linux', 'the live UNIX socket collector under test here is the Linux one');

function inodeOf(socket: Socket): number {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  const link = fd === undefined ? '' : readlinkSync(`/proc/self/fd/${fd}`);
  const m = /^socket:\[(\d+)\]$/.exec(link);
  if (!m) throw new Error(`no socket inode for fd ${fd}: ${link}`);
  return Number(m[1]);
}

test('lists UNIX sockets only when asked, filtered by proto:unix, with path, PID, peer and their own count', async ({
  page,
  server,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'netscope-e2e-unix-'));
  const socketPath = path.join(dir, 'e2e.sock');
  const listener: Server = createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((ok) => listener.listen(socketPath, ok));
  const accepted = new Promise<Socket>((ok) => listener.once('connection', ok));
  const client = await new Promise<Socket>((ok, fail) => {
    const s = connect(socketPath, () => ok(s));
    s.once('error', fail);
  });
  const server_end = await accepted;
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('conn-grid')).toBeVisible();
    const toggle = page.getByTestId('unix-sockets-toggle');
    await expect(toggle).not.toBeChecked();
    await expect(page.getByTestId('status-unix')).toHaveCount(0);

    await page.getByTestId('filter-input').fill(`proto:unix pid:${process.pid}`);
    const rows = page.getByTestId('conn-row');
    await expect(rows).toHaveCount(0);

    await toggle.check();
    await expect(toggle).toBeChecked();
    // The listener and the accepted end carry the path; the client is unnamed, with the accepted end as its peer
    // (and the path as its Remote Address).
    const named = rows.filter({ has: page.locator('[data-col="localAddress"]', { hasText: socketPath }) });
    await expect(named).toHaveCount(2);
    const listening = named.filter({ has: page.locator('[data-col="state"]', { hasText: 'LISTEN' }) });
    await expect(listening.locator('[data-col="pid"]')).toHaveText(String(process.pid));
    await expect(listening.locator('[data-col="proto"]')).toHaveText('unix');
    const clientRow = rows.filter({
      has: page.locator('[data-col="inode"]', { hasText: new RegExp(`^${inodeOf(client)}$`) }),
    });
    await expect(clientRow.locator('[data-col="localAddress"]')).toHaveText('(unnamed)');
    await expect(clientRow.locator('[data-col="remoteAddress"]')).toHaveText(socketPath);
    await expect(clientRow.locator('[data-col="peerInode"]')).toHaveText(String(inodeOf(server_end)));

    // Counted apart: a number of UNIX sockets of its own, none of them in the inet protocols' counts.
    const unixCount = page.getByTestId('status-unix');
    await expect(unixCount).toHaveText(/^UNIX [1-9]\d*$/);
    await expect(page.getByTestId('status-counts')).not.toContainText('unix');

    // A UNIX row goes to its process as an inet row does; the panel lists the process's UNIX sockets apart.
    await listening.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Go to process' }).click();
    const panelUnix = page.getByTestId('process-panel').getByTestId('process-unix-row');
    await expect(panelUnix.filter({ hasText: socketPath })).toHaveCount(2);
    await page.keyboard.press('Escape');

    await toggle.uncheck();
    await expect(rows).toHaveCount(0);
    await expect(unixCount).toHaveCount(0);
  } finally {
    client.destroy();
    server_end.destroy();
    await new Promise((ok) => listener.close(ok));
    rmSync(dir, { recursive: true, force: true });
  }
});
