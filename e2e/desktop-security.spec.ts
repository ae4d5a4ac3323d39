/**
 * The desktop app's doors, through the harness in e2e/desktop: only our main
 * window's top frame is answered over IPC, the app:// origin serves only the
 * built UI with the app's CSP, the page cannot navigate away or open windows,
 * and the preload gets only what a sandboxed preload gets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './desktop/fixture';
import { PRELOAD_BUNDLE as PRELOAD } from './desktop/harness';

// Each test starts the whole app (engine, collectors, a Chromium context) on a machine the CI shares.
test.describe.configure({ timeout: 120_000 });

const APP_PAGE = 'app://netscope/index.html';

type Api = Record<string, () => Promise<unknown>>;
const callGetStatus = (page: Pick<Page, 'evaluate'>): Promise<unknown> =>
  page.evaluate(() => (window as unknown as { netscope: Api }).netscope.getStatus?.());

test('IPC answers only the main window top frame: a subframe and a second page are refused by the sender check', async ({
  desktop,
}) => {
  const { page } = await desktop.mainWindow();
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  expect(await callGetStatus(page)).toMatchObject({ ok: true, value: { readOnly: false } });
  const exposed = await page.evaluate(() => ({
    api: Object.values((window as unknown as { netscope: Record<string, unknown> }).netscope).every(
      (v) => typeof v === 'function',
    ),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(exposed).toEqual({ api: true, require: 'undefined', process: 'undefined' });

  // A subframe of our own window (the harness runs the preload there too, so it can try).
  await page.evaluate(
    () =>
      new Promise((loaded) => {
        const frame = document.createElement('iframe');
        frame.srcdoc = '<p>subframe</p>';
        frame.onload = loaded;
        document.body.append(frame);
      }),
  );
  const subframe = page.frames().find((f) => f !== page.mainFrame());
  if (!subframe) throw new Error('no subframe');
  expect(await callGetStatus(subframe)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  // A second page on our very URL, with the preload, that is not the main window.
  const foreign = await desktop.chromium.openForeignPage(APP_PAGE, PRELOAD);
  expect(await callGetStatus(foreign)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  await foreign.close();
  // Its renderer could not start without the engine: those errors are this test's doing.
  desktop.problems.take(/^foreign page/);
  // The main window still works.
  expect(await callGetStatus(page)).toMatchObject({ ok: true });
});

test('app:// serves the built UI with the CSP: no inline script, no framing, nothing outside the UI folder', async ({
  desktop,
}) => {
  const { page } = await desktop.mainWindow();
  await expect(page.getByTestId('conn-grid')).toBeVisible();

  const headers = await page.evaluate(async () => {
    const r = await fetch('/index.html');
    return { csp: r.headers.get('content-security-policy') ?? '', type: r.headers.get('content-type') };
  });
  expect(headers.type).toMatch(/^text\/html/);
  for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) {
    expect(headers.csp).toContain(directive);
  }
  expect(headers.csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);

  const inline = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(inline, 'an inline script ran').toBe(false);
  // frame-ancestors comes only from the response header (a <meta> policy cannot set it).
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.src = '/index.html';
    document.body.append(frame);
  });
  await expect
    .poll(() => desktop.problems.all().some((p) => /frame-ancestors|Refused to frame|Framing/.test(p)))
    .toBe(true);
  const framed = page.frames().find((f) => f !== page.mainFrame());
  expect(await framed?.evaluate(() => document.getElementById('root') !== null).catch(() => false)).toBe(false);

  const outside = await page.evaluate(async () =>
    Promise.all(
      ['/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%5c..%5cpackage.json'].map(
        async (path) => (await fetch(path)).status,
      ),
    ),
  );
  expect(outside).toEqual([404, 404, 404]);

  const reports = desktop.problems.take(
    /CSP violation|Content Security Policy|frame-ancestors|Refused to frame|Framing/,
  );
  expect(
    reports.some((r) => /CSP violation.*script-src.*inline/.test(r)),
    'the inline script was reported',
  ).toBe(true);
  desktop.problems.take(/request failed: app:\/\/netscope\/index.html/); // the refused frame
  desktop.problems.take(/console error: Failed to load resource.*404/); // the refused traversals
});

test('the page cannot navigate away or open a window', async ({ desktop }) => {
  const { page } = await desktop.mainWindow();
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  const popup = page.waitForEvent('popup');
  await page.evaluate(() => {
    window.open('https://example.com/popup', '_blank');
  });
  // The harness asks the app's window-open handler, which must deny it (else a problem fails the test).
  await (await popup).waitForEvent('close');
  // Navigation is refused before a request leaves: the app's page stays, and works.
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  expect(page.url()).toMatch(/^https:\/\/netscope\.app\.harness\/index\.html/);
  expect(await callGetStatus(page)).toMatchObject({ ok: true });
});

test('the harness fails a preload that requires what a sandboxed preload cannot', async ({ desktop }) => {
  await desktop.mainWindow();
  const dir = mkdtempSync(join(tmpdir(), 'netscope-preload-'));
  const preload = join(dir, 'preload.js');
  writeFileSync(
    preload,
    "const { readFileSync } = require('fs');\nrequire('electron').contextBridge.exposeInMainWorld('x', {});\n",
  );
  try {
    const page = await desktop.chromium.openForeignPage(APP_PAGE, preload);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seen = desktop.problems.take(/^foreign page/);
  expect(seen.some((p) => p.includes('the preload required "fs", which a sandboxed preload cannot load'))).toBe(true);
  expect(seen.some((p) => p.includes('the preload threw'))).toBe(true);
});
