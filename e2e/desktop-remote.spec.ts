/**
 * The desktop app on a remote agent, end to end through the harness in
 * e2e/desktop: a second `netscope serve` (the built CLI, its own port, its own
 * --token-file) stands for a server reached through an SSH tunnel. File >
 * Connect to Remote Agent... with a wrong token says so; with the right one
 * the window shows the agent's sockets and routes, names it in the title and
 * status bar, and remembers it without the token in plain text; stopping the
 * agent shows the banner, starting it again (same port, same token) reconnects;
 * Back to This Computer returns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, openListener, test } from './desktop/fixture';

test.describe.configure({ timeout: 180_000 });

const root = resolve(__dirname, '..');
const bin = join(root, 'bin', 'netscope.js');
const TOKEN = 'desktop-remote-e2e-token-0123456789';

/** Starts the agent; resolves to the URL it printed once it listens. */
function startAgent(tokenFile: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--token-file', tokenFile], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /serving at (\S+)/.exec(out);
      if (match?.[1]) ok({ child, url: match[1] });
    });
    child.once('exit', (code) => fail(new Error(`netscope serve exited with ${code}: ${stderr}`)));
  });
}

async function stopAgent(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  await exited;
}

test('File > Connect to Remote Agent…: a wrong token is refused in words; the agent’s sockets, routes and name; the banner when it stops; reconnecting when it is back; Back to This Computer', async ({
  desktop,
  dirs,
}) => {
  expect(existsSync(join(root, 'out', 'cli', 'index.js')), 'npm run build first').toBe(true);
  const tokenFile = join(dirs.base, 'agent-token');
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const listener = await openListener();
  let agent = await startAgent(tokenFile, 0);
  const port = Number(new URL(agent.url).port);
  try {
    const { page } = await desktop.mainWindow();
    await expect(page.getByTestId('conn-grid')).toBeVisible();

    desktop.clickMenu('File', 'Connect to Remote Agent…');
    const dialog = page.getByTestId('connect-remote-dialog');
    await expect(dialog).toBeVisible();
    await page
      .getByTestId('connect-remote-url')
      .fill(agent.url.replace(/#token=.*$/, '#token=wrong-token-0123456789abcdef'));
    await page.getByTestId('connect-remote-confirm').click();
    await expect(page.getByTestId('connect-remote-error')).toContainText('refused the token');
    await expect(page.getByTestId('status-remote')).toHaveCount(0);

    await page.getByTestId('connect-remote-url').fill(agent.url);
    await page.getByTestId('connect-remote-confirm').click();
    await expect(dialog).toHaveCount(0);
    await expect(page).toHaveTitle(`NetScope - ${hostname()} (127.0.0.1:${port})`);
    await expect(page.getByTestId('status-remote')).toHaveText(`Agent: ${hostname()}`);
    // The agent's own socket table: its listening port, owned by the agent's process, and the test's listener.
    await page.getByTestId('filter-input').fill(`port:${port} state:listen`);
    const agentRow = page.getByTestId('conn-row').first();
    await expect(agentRow.locator('[data-col="pid"]')).toHaveText(String(agent.child.pid));
    await page.getByTestId('filter-input').fill(`port:${listener.port} state:listen`);
    await expect(page.getByTestId('conn-row').first().locator('[data-col="state"]')).toHaveText('LISTEN');
    await page.getByRole('tab', { name: 'Routes' }).click();
    await expect(page.getByTestId('route-row').first()).toBeVisible();
    await page.getByRole('tab', { name: 'Connections' }).click();

    // Remembered for File > Recent Agents, the token sealed (safeStorage), never in plain text.
    const remembered = readFileSync(join(dirs.userData, 'remote-agents.json'), 'utf8');
    expect(remembered).toContain(`http://127.0.0.1:${port}`);
    expect(remembered).not.toContain(TOKEN);
    expect(desktop.electron.menu.current?.find(['File', 'Recent Agents']).submenu).toBeTruthy();

    await stopAgent(agent.child);
    await expect(page.getByTestId('remote-banner')).toContainText('retrying in');
    await page.getByTestId('filter-input').fill(''); // the window stays usable meanwhile
    agent = await startAgent(tokenFile, port); // same port, same --token-file
    await expect(page.getByTestId('remote-banner')).toHaveCount(0);
    await expect(page.getByTestId('status-remote')).toHaveText(`Agent: ${hostname()}`);
    await page.getByTestId('filter-input').fill(`port:${port} state:listen`);
    await expect(page.getByTestId('conn-row').first().locator('[data-col="pid"]')).toHaveText(String(agent.child.pid));

    desktop.clickMenu('File', 'Back to This Computer');
    await expect(page.getByTestId('status-remote')).toHaveCount(0);
    await expect(page).toHaveTitle(`NetScope - ${hostname()}`);
  } finally {
    await stopAgent(agent.child);
    await listener.close();
  }
});
