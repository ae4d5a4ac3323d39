/**
 * A socket without an owner in the grid's Program cell: a dim "—" with why only where the source could read owners
 * (shared/ownerless.ts). Opened files: an `ss -tan` has no owner columns (every cell stays empty, none says "no
 * owner"); an `ss -tanp` names owners, but whoever saved it may not have been root: only its TIME_WAIT socket, which
 * no process ever holds, gets the mark; its other unowned socket stays empty, saying why on hover.
 */
import { test, expect, type Page } from '@playwright/test';
import { importServe } from './helpers/import-serve';

const HEAD = 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process';
const SS_TAN = [HEAD, 'ESTAB 0 0 10.0.0.5:22 10.0.0.9:5000', 'TIME-WAIT 0 0 10.0.0.5:22 10.0.0.9:5001', ''].join('\n');
const SS_TANP = [
  HEAD,
  'LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=812,fd=3))',
  'ESTAB 0 0 10.0.0.5:22 10.0.0.9:5000',
  'TIME-WAIT 0 0 10.0.0.5:22 10.0.0.9:5001',
  '',
].join('\n');

/**
 * The Program cell of the row in this state: its text, its hover text once the pointer is over it (at the cell's
 * place in the row, as a user points: an element the pointer cannot reach gets no title) and whether it is dimmed.
 */
async function programCell(
  page: Page,
  state: string,
): Promise<{ text: string; title: string; label: string; dim: boolean }> {
  const row = page.getByTestId('conn-row').filter({ has: page.locator('[data-col="state"]', { hasText: state }) });
  const cell = row.locator('[data-col="process"]');
  const [rowBox, cellBox] = [await row.boundingBox(), await cell.boundingBox()];
  if (!rowBox || !cellBox) throw new Error(`no ${state} row`);
  await page.mouse.move(cellBox.x + cellBox.width / 2, rowBox.y + rowBox.height / 2);
  return {
    text: (await cell.textContent()) ?? '',
    title: (await cell.getAttribute('title')) ?? '',
    // What a screen reader says of a "—" or an empty cell: why, not nothing.
    label: (await cell.getAttribute('aria-label')) ?? '',
    dim: await cell.evaluate((el) => el.classList.contains('ownerless')),
  };
}

test('a file without owner columns: no Program cell says anything', async ({ page }) => {
  await importServe('ss-tan.txt', SS_TAN, async (url) => {
    await page.goto(url);
    await expect(page.getByTestId('conn-row')).toHaveCount(2);
    for (const state of ['ESTABLISHED', 'TIME_WAIT'])
      expect(await programCell(page, state)).toEqual({ text: '', title: '', label: '', dim: false });
  });
});

test('a file with owner columns: "—" for TIME_WAIT only; an unowned connection stays empty and says why', async ({
  page,
}) => {
  await importServe('ss-tanp.txt', SS_TANP, async (url) => {
    await page.goto(url);
    await expect(page.getByTestId('conn-row')).toHaveCount(3);
    expect(await programCell(page, 'LISTEN')).toMatchObject({ text: 'sshd', dim: false });
    const timeWait = await programCell(page, 'TIME_WAIT');
    expect(timeWait).toMatchObject({ text: '—', dim: true });
    expect(timeWait.title).toMatch(/^No process owns this socket: .*TIME_WAIT/);
    expect(timeWait.label).toBe(timeWait.title);
    const unowned = await programCell(page, 'ESTABLISHED');
    expect(unowned).toMatchObject({ text: '', dim: true });
    expect(unowned.title).toMatch(/another user's process, which only root/);
    expect(unowned.label).toBe(unowned.title);
  });
});
