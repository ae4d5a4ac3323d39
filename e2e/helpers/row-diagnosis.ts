/**
 * When a test waits in vain for a socket's row: what the engine held for that
 * port against what the page shows for it, added to the failure. WHY: a row
 * that never showed up failed a full e2e run once (desktop-actions, "End
 * process") and passed alone and in soaks since; the failure said only that
 * the row was missing, not whether the engine never saw the socket (or its
 * owner) or the page lost it on the way (issue 13). The assertion is the
 * test's own: this only explains it when it fails.
 */
import type { Page } from '@playwright/test';
import type { Connection } from '../../src/shared/model';

/** The engine's rows, read apart from the page (desktop: the page's own API; browser: another socket). */
export type EngineRows = () => Promise<{ seq: number; connections: Connection[] }>;

const describeRow = (c: Connection): string =>
  `${c.id} state=${c.state} pid=${c.pid ?? '-'} process=${c.processName ?? '-'}`;

/** Runs `wait` (the test's assertion); if it fails, rethrows with the engine's and the page's rows for `port`. */
export async function explainIfMissing(
  page: Page,
  port: number,
  engineRows: EngineRows,
  wait: () => Promise<void>,
): Promise<void> {
  try {
    await wait();
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${await diagnose(page, port, engineRows)}`,
      {
        cause: error,
      },
    );
  }
}

async function diagnose(page: Page, port: number, engineRows: EngineRows): Promise<string> {
  const lines = [`-- row diagnosis for local port ${port} (issue 13) --`];
  try {
    const { seq, connections } = await engineRows();
    const held = connections.filter((c) => c.localPort === port);
    lines.push(`engine, seq ${seq}: ${held.length ? held.map(describeRow).join('; ') : 'no row'}`);
  } catch (e) {
    lines.push(`engine: could not read its rows (${String(e)})`);
  }
  try {
    const filter = page.getByTestId('filter-input');
    const typed = await filter.inputValue();
    lines.push(`page: filter "${typed}", status "${await page.getByTestId('status-counts').textContent()}"`);
    // The same rows without the test's other terms: whether the page holds the socket at all, and with what owner.
    await filter.fill(`port:${port}`);
    await filter.press('Enter');
    const shown = await page
      .getByTestId('conn-row')
      .evaluateAll((rows) =>
        rows.map((r) =>
          [r.getAttribute('data-row-id'), r.querySelector('[data-col="pid"]')?.textContent ?? '-'].join(' pid='),
        ),
      );
    lines.push(`page, filtered to port:${port}: ${shown.length ? shown.join('; ') : 'no row'}`);
  } catch (e) {
    lines.push(`page: could not read its rows (${String(e)})`);
  }
  return lines.join('\n');
}

/** The desktop app's engine rows, through the page's own API (the preload's getSnapshot). */
export function desktopEngineRows(page: Page): EngineRows {
  return () =>
    page.evaluate(async () => {
      type Api = { getSnapshot(): Promise<{ ok: boolean; value?: { seq: number; connections: Connection[] } }> };
      const r = await (window as unknown as { netscope: Api }).netscope.getSnapshot();
      if (!r.ok || !r.value) throw new Error('getSnapshot failed');
      return { seq: r.value.seq, connections: r.value.connections };
    });
}
