/**
 * index.html's inline script (src/shared/early-socket-script.ts) opens the page's WebSocket while the HTML is
 * parsed, and boot adopts it: one socket per load, made by that script, which the CSP let run (by its hash) without
 * a report; in a saved sort too (reloaded, the token from the tab's session). Any other inline script stays refused.
 */
import type { Page } from '@playwright/test';
import { expect, serveTest } from './serve-fixture';

declare global {
  interface Window {
    __sockets?: { byInline: boolean; url: string }[];
  }
}

const test = serveTest(['--synthetic', '3000:0', '--interval', '60']);

/** Records every WebSocket the page makes and whether a classic inline script made it (modules have no currentScript). */
async function watchSockets(page: Page): Promise<string[]> {
  await page.addInitScript(() => {
    window.__sockets = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        const script = document.currentScript;
        window.__sockets?.push({ byInline: script !== null && !script.hasAttribute('src'), url: String(url) });
        super(url, protocols);
      }
    };
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  return problems;
}

async function socketsOfLoad(page: Page, url: string): Promise<{ byInline: boolean; url: string }[]> {
  await page.goto(url);
  await expect(page.getByTestId('conn-row').first()).toBeVisible();
  await expect(page.getByTestId('status-counts')).toContainText('3000 sockets');
  return page.evaluate(() => window.__sockets ?? []);
}

test('the inline script opens the one socket of a load, which the app then uses; the CSP reports nothing', async ({
  page,
  server,
}) => {
  // The page as served: its stylesheet inline (a link would hold the script back) and that script its only inline one.
  const html = await (await page.request.get(server.url)).text();
  expect(html).not.toMatch(/rel\s*=\s*["']?stylesheet/i);
  expect(html).toContain('<style>');
  expect(html.match(/<script\b(?![^>]*\bsrc\s*=)[^>]*>/gi)).toHaveLength(1);

  const problems = await watchSockets(page);
  const sockets = await socketsOfLoad(page, server.url);
  expect(sockets).toHaveLength(1);
  expect(sockets[0]?.byInline).toBe(true);
  expect(JSON.parse(new URL(sockets[0]?.url ?? '').searchParams.get('head') ?? '')).toMatchObject({ sort: null });
  expect(await page.evaluate(() => '__netscopeEarly' in window)).toBe(false);
  expect(problems.filter((p) => /Content Security Policy|Refused/.test(p))).toEqual([]);

  // Reloaded in a saved sort: the token comes from the tab's session, the head request from the saved view.
  await page.getByTestId('col-sort-localPort').click();
  await expect(page.getByTestId('col-header-localPort')).toHaveAttribute('aria-sort', 'ascending');
  const again = await socketsOfLoad(page, page.url());
  expect(again).toHaveLength(1);
  expect(again[0]?.byInline).toBe(true);
  expect(JSON.parse(new URL(again[0]?.url ?? '').searchParams.get('head') ?? '')).toMatchObject({
    sort: { column: 'localPort', desc: false },
  });
  await expect(page.getByTestId('col-header-localPort')).toHaveAttribute('aria-sort', 'ascending');

  // The hash allows that script only: one the page adds is refused.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
});
