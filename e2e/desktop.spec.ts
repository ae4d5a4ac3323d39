/**
 * The desktop app end to end through the harness in e2e/desktop: NetScope's
 * real built main process, preload and renderer, with the electron stand-in
 * (what it cannot prove is said in e2e/desktop/electron-stand-in.ts). Every
 * journey asserts on what the user sees, and each test fails on any console
 * error, CSP report or failed request (see e2e/desktop/fixture.ts).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { connectTo, expect, openListener, test } from './desktop/fixture';
import { DesktopApp } from './desktop/harness';

// Each test starts the whole app (engine, collectors, a Chromium context) on a machine the CI shares.
test.describe.configure({ timeout: 120_000 });

const SAVED_OUTPUT = resolve(__dirname, '..', '..', 'shared', 'fixtures', 'windows', 'netstat-anob--jc--1.txt');

test('the window shows a listener the test opened with its PID and process; Go to process; File > Export CSV… writes the whole file atomically', async ({
  desktop,
  dirs,
}) => {
  const listener = await openListener();
  const client = await connectTo(listener.port);
  try {
    const { page, window } = await desktop.mainWindow();
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    await expect(page.getByTestId('conn-grid')).toBeVisible();
    const listenerId = `tcp4 127.0.0.1:${listener.port} 0.0.0.0:0`;
    const row = page.locator(`[data-testid="conn-row"][data-row-id="${listenerId}"]`);
    await page.getByTestId('filter-input').fill(`pid:${process.pid} port:${listener.port}`);
    await expect(row.locator('[data-col="pid"]')).toHaveText(String(process.pid));
    await expect(row.locator('[data-col="process"]')).toHaveText(/node/);
    await expect(row.locator('[data-col="state"]')).toHaveText('LISTEN');
    await expect(page.getByTestId('conn-row')).toHaveCount(3); // listener, client end, accepted end

    await row.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Go to process' }).click();
    const panel = page.getByTestId('process-panel');
    await expect(panel).toContainText(String(process.pid));
    await expect(panel.getByTestId('process-socket-row').filter({ hasText: String(client.localPort) })).not.toHaveCount(
      0,
    );
    await page.keyboard.press('Escape');

    // Paused, the rows cannot change between the count the dialog shows and the file it writes.
    desktop.clickMenu('View', 'Pause');
    await expect(page.getByTestId('status-mode')).toHaveText('Paused');
    const file = join(dirs.documents, 'connections.csv');
    writeFileSync(file, 'an older export, to be replaced whole\n');
    desktop.electron.dialog.answerSave(file);
    desktop.clickMenu('File', 'Export CSV…');
    await expect(page.getByTestId('export-dialog')).toBeVisible();
    await page.getByTestId('export-rows-all').check();
    const allLabel = (await page.getByTestId('export-rows-all').locator('..').textContent()) ?? '';
    const total = Number(/\((\d+)\)/.exec(allLabel)?.[1]);
    expect(total).toBeGreaterThanOrEqual(3);
    await page.getByTestId('export-confirm').click();
    await expect(page.getByTestId('export-result')).toContainText(`Saved to ${file} (${total} rows)`);

    const saveDialog = desktop.electron.dialog.shown.find((d) => d.kind === 'save');
    expect(saveDialog?.modal, 'the save dialog belongs to the window').toBe(true);
    const csv = readFileSync(file, 'utf8');
    const records = csv.split(/\r?\n/);
    expect(records.at(-1), 'the last record ends with a line break').toBe('');
    expect(records.slice(0, -1)).toHaveLength(total + 1);
    expect(records[0]).toMatch(/^Proto,/);
    expect(
      records.some((r) => r.includes(String(listener.port)) && r.includes('LISTEN') && r.includes(String(process.pid))),
    ).toBe(true);
    expect(readdirSync(dirs.documents), 'no temporary file left beside it').toEqual(['connections.csv']);
  } finally {
    client.destroy();
    await listener.close();
  }
});

test('File > Open Saved Output… shows a captured netstat -anob read-only with its name in the title; Back to Live View returns', async ({
  desktop,
}) => {
  if (!existsSync(SAVED_OUTPUT)) {
    if (process.env.CI) throw new Error(`CI: the captured fixtures are missing (${SAVED_OUTPUT})`);
    test.skip(true, `${SAVED_OUTPUT} is absent (../shared/fixtures is not on this machine)`);
  }
  const listener = await openListener();
  try {
    const { page } = await desktop.mainWindow();
    await expect(page.getByTestId('conn-grid')).toBeVisible();
    const liveTitle = `NetScope - ${hostname()}`;
    await expect(page).toHaveTitle(liveTitle);
    desktop.electron.dialog.answerOpen(SAVED_OUTPUT);
    desktop.clickMenu('File', 'Open Saved Output…');
    await expect(page).toHaveTitle(new RegExp(basename(SAVED_OUTPUT).replace(/[.]/g, '\\.')));
    await expect(page.getByTestId('status-mode')).toHaveText('Read-only');
    // The toolbar names the file where the live controls were (Pause is kept unseen and inert: import-toolbar.spec).
    await expect(page.getByTestId('toolbar-source')).toContainText(basename(SAVED_OUTPUT));
    // What it was read as, beside its path (the CLI's "read as" label, carried in the snapshot's source).
    await expect(page.getByTestId('status-source')).toHaveText(`${SAVED_OUTPUT} · Windows netstat -anob`);
    await expect(page.getByTestId('toolbar-source-details')).toContainText('an opened file (Windows netstat -anob)');
    await expect(page.getByTestId('pause-toggle')).toBeHidden();
    await page.getByTestId('filter-input').fill('proc:Spotify.exe');
    const spotify = page.getByTestId('conn-row').filter({ hasText: '1134' });
    await expect(spotify.locator('[data-col="pid"]')).toHaveText('27696');
    await expect(spotify.locator('[data-col="state"]')).toHaveText('LISTEN');
    // The menu follows the engine: Pause is off and Back to Live View is there while read-only.
    expect(desktop.electron.menu.current?.find(['View', 'Pause']).enabled).toBe(false);

    desktop.clickMenu('File', 'Back to Live View');
    await expect(page).toHaveTitle(liveTitle);
    await expect(page.getByTestId('status-mode')).toHaveText('Live');
    await page.getByTestId('filter-input').fill(`pid:${process.pid} port:${listener.port}`);
    await expect(page.getByTestId('conn-row').first().locator('[data-col="state"]')).toHaveText('LISTEN');
    expect(() => desktop.electron.menu.current?.find(['File', 'Back to Live View'])).toThrow(/no "Back to Live View"/);
  } finally {
    await listener.close();
  }
});

test('View > Update Interval and View > Pause change the refresh', async ({ desktop }) => {
  const { page } = await desktop.mainWindow();
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  desktop.clickMenu('View', 'Update Interval', '2 s');
  await expect(page.getByTestId('interval-select')).toHaveValue('2');
  await expect.poll(() => desktop.electron.menu.current?.find(['View', 'Update Interval', '2 s']).checked).toBe(true);
  desktop.clickMenu('View', 'Update Interval', '0.5 s');
  await expect(page.getByTestId('interval-select')).toHaveValue('0.5');

  desktop.clickMenu('View', 'Pause');
  await expect(page.getByTestId('status-mode')).toHaveText('Paused');
  await expect(page.getByTestId('pause-toggle')).toHaveAttribute('aria-pressed', 'true');
  // Paused is frozen at once: a refresh under way when Pause was clicked is dropped by the engine,
  // and pushes sent before the 'paused' status reached the page before it.
  const stamp = await page.getByTestId('status-refresh').textContent();
  const listener = await openListener();
  try {
    await page.getByTestId('filter-input').fill(`pid:${process.pid} port:${listener.port}`);
    // Four intervals at 0.5 s: a live view would have shown the listener and a new refresh time.
    await page.waitForTimeout(2000);
    await expect(page.getByTestId('conn-row')).toHaveCount(0);
    await expect(page.getByTestId('status-refresh')).toHaveText(stamp ?? '');

    desktop.clickMenu('View', 'Pause'); // the checkbox again: resume
    await expect(page.getByTestId('status-mode')).toHaveText('Live');
    await expect(page.getByTestId('conn-row').first().locator('[data-col="state"]')).toHaveText('LISTEN');
  } finally {
    await listener.close();
  }
});

test('every view tab renders with no console error and no CSP report', async ({ desktop }) => {
  const { page } = await desktop.mainWindow();
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  const views: [string, string, RegExp][] = [
    ['Routes', 'routes-view', /\d+\.\d+\.\d+\.\d+|on-link/],
    ['Interfaces', 'interfaces-view', /MTU65536/],
    ['Statistics', 'stats-view', /InSegs|InReceives/],
    ['States', 'states-view', /LISTEN/],
    ['DoS', 'dos-view', /SYN_RECV/],
    ['Top talkers', 'talkers-view', /No traffic counters|Process/],
  ];
  for (const [tab, testId, text] of views) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByTestId(testId), tab).toBeVisible();
    await expect(page.getByTestId(testId), tab).toContainText(text);
  }
  await page.getByRole('tab', { name: 'Connections' }).click();
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  // The fixture's teardown fails the test on any console error, CSP report or failed chunk request.
});

test('quitting writes the window state and the next start restores it', async ({ desktop, dirs, browser }) => {
  const { window, page } = await desktop.mainWindow();
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  window.setBounds({ x: 120, y: 90, width: 1100, height: 700 });
  desktop.clickMenu('File', 'Quit');
  expect(await desktop.electron.app.exited).toBe(0);
  const state = JSON.parse(readFileSync(join(dirs.userData, 'window-state.json'), 'utf8')) as unknown;
  expect(state).toEqual({ bounds: { x: 120, y: 90, width: 1100, height: 700 }, maximized: false });

  const next = DesktopApp.launch({ browser, userData: dirs.userData, documents: dirs.documents });
  try {
    const reopened = await next.mainWindow();
    expect(reopened.window.getBounds()).toEqual({ x: 120, y: 90, width: 1100, height: 700 });
    expect(reopened.page.viewportSize()).toEqual({ width: 1100, height: 700 });
    await expect(reopened.page.getByTestId('conn-grid')).toBeVisible();
    await next.quit();
    expect(next.problems.all()).toEqual([]);
  } finally {
    await next.forceClose();
  }
});

test('a second start hands over to the running window (restored and focused) and quits', async ({
  desktop,
  dirs,
  browser,
}) => {
  const { window, page } = await desktop.mainWindow();
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  window.minimize();
  const second = DesktopApp.launch({ browser, ...dirs, locks: desktop.locks });
  try {
    expect(await second.electron.app.exited).toBe(0);
    expect(second.electron.BrowserWindow.getAllWindows()).toEqual([]);
    expect(window.isMinimized()).toBe(false);
    expect(window.isFocused()).toBe(true);
    expect(second.problems.all()).toEqual([]);
  } finally {
    await second.forceClose();
  }
});
