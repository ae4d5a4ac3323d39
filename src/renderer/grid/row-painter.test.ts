/**
 * The painter writes the rows the e2e tests and the grid's delegated events select on, keeps the body's rows in the
 * window's order, and moves or makes as few row elements as the slot plan (row-slots.ts) asks.
 */
import { describe, it, expect } from 'vitest';
import { assignConnectionIds, blankConnection, type Connection } from '../../shared/model';
import type { RowMark } from '../store';
import { GRID_COLUMN_BY_ID } from './columns';
import { createRowSlots } from './row-slots';
import { RowPainter, type RowWindowPaint, type VisibleColumn } from './row-painter';

const col = (id: string): VisibleColumn => {
  const c = GRID_COLUMN_BY_ID.get(id);
  if (!c) throw new Error(id);
  return { ...c, width: c.size };
};
const COLUMNS = ['proto', 'remotePort', 'service', 'process', 'state'].map(col);

const conns = assignConnectionIds(
  Array.from({ length: 12 }, (_, i) =>
    blankConnection({
      protocol: 'tcp',
      family: 6,
      localAddress: '::1',
      localPort: 50000 + i,
      remoteAddress: '::1',
      remotePort: 443,
      state: 'ESTABLISHED',
      pid: 42,
      processName: i === 0 ? '<b>x</b>' : `p${i}`,
    }),
  ),
);
const at = (i: number): Connection => conns[i] as Connection;

function windowOf(
  rows: readonly Connection[],
  first: number,
  slots: readonly number[],
  more: Partial<RowWindowPaint> = {},
) {
  return {
    shown: rows.map((c, i) => ({ index: first + i, c })),
    slots,
    pending: [],
    width: 500,
    columns: COLUMNS,
    marks: new Map<string, RowMark>(),
    selectedId: null,
    hostNames: new Map(),
    fit: null,
    ownerless: null,
    trafficAbsent: null,
    ...more,
  } satisfies RowWindowPaint;
}

const rowIds = (body: HTMLElement): string[] =>
  [...body.querySelectorAll<HTMLElement>('[data-testid="conn-row"]')].map((el) => el.dataset.rowId ?? '');

describe('RowPainter', () => {
  it('writes the test ids, mark, selection and one data-col cell per column', () => {
    const body = document.createElement('div');
    const conn = at(0);
    new RowPainter(body).paint(
      windowOf([conn], 1, [0], { marks: new Map([[conn.id, 'changed']]), selectedId: conn.id }),
    );
    const row = body.querySelector<HTMLElement>('[data-testid="conn-row"]');
    if (!row) throw new Error('no row');
    expect(row.getAttribute('role')).toBe('row');
    expect(row.dataset.rowId).toBe(conn.id);
    expect(row.dataset.mark).toBe('changed');
    expect(row.className).toBe('row odd mark-changed selected');
    expect(row.getAttribute('aria-selected')).toBe('true');
    expect(row.getAttribute('aria-rowindex')).toBe('3');
    expect(row.style.transform).toBe('translateY(22px)');
    const cells = [...row.querySelectorAll<HTMLElement>('[role="gridcell"]')];
    expect(cells.map((c) => c.dataset.col)).toEqual(['proto', 'remotePort', 'service', 'process', 'state']);
    expect(cells.map((c) => c.textContent)).toEqual(['tcp6', '443', 'https', '<b>x</b>', 'ESTABLISHED']);
    // Process names are text, never markup.
    expect(row.querySelector('b')).toBeNull();
  });

  it('writes an empty data-mark for unmarked rows, and follows marks and selection as they change', () => {
    const body = document.createElement('div');
    const painter = new RowPainter(body);
    const conn = at(1);
    painter.paint(windowOf([conn], 0, [0]));
    const row = body.firstElementChild as HTMLElement;
    expect(row.dataset.mark).toBe('');
    expect(row.className).toBe('row even');
    expect(row.getAttribute('aria-selected')).toBe('false');
    painter.paint(windowOf([conn], 0, [0], { marks: new Map([[conn.id, 'new']]), selectedId: conn.id }));
    expect(row.className).toBe('row even mark-new selected');
    expect(row.dataset.mark).toBe('new');
    painter.paint(windowOf([conn], 1, [0]));
    expect(body.firstElementChild).toBe(row);
    expect(row.className).toBe('row odd');
    expect(row.dataset.mark).toBe('');
    expect(row.getAttribute('aria-rowindex')).toBe('3');
  });

  it('keeps the body in the window order whatever the slots, and hands a leaving row to the next one entering', () => {
    const body = document.createElement('div');
    const painter = new RowPainter(body);
    const slots = createRowSlots();
    const windows = [
      [0, 1, 2, 3, 4],
      [1, 2, 3, 4, 5], // scrolled down a row
      [0, 1, 2, 3, 4], // and up again
      [4, 3, 2, 1, 0], // sorted the other way
      [6, 0, 7, 3, 8], // turned over in part
      [9, 10, 11], // shorter
      [11, 2, 9, 10, 5, 6], // longer, reordered
    ];
    const made = new Set<Element>();
    for (const w of windows) {
      const rows = w.map(at);
      painter.paint(windowOf(rows, 0, slots.assign(rows.map((c) => c.id))));
      expect(rowIds(body)).toEqual(rows.map((c) => c.id));
      expect(painter.rowsInOrder()).toEqual([...body.children]);
      for (const el of body.children) made.add(el);
      // Every cell shows its row.
      for (const el of body.querySelectorAll<HTMLElement>('[data-col="process"]'))
        expect(el.textContent).toBe(rows.find((c) => c.id === el.parentElement?.dataset.rowId)?.processName);
    }
    // Row elements are reused, not made per paint: never more than the widest window's.
    expect(made.size).toBeLessThanOrEqual(6);
  });

  it('moves only the row that left its order (as React would), and writes nothing into rows that stayed', () => {
    const body = document.createElement('div');
    const painter = new RowPainter(body);
    const rows = [0, 1, 2, 3].map(at);
    painter.paint(windowOf(rows, 0, [0, 1, 2, 3]));
    const observer = new MutationObserver(() => undefined);
    observer.observe(body, { subtree: true, childList: true, characterData: true });
    // The first row goes last, each keeping its slot.
    painter.paint(windowOf([1, 2, 3, 0].map(at), 0, [1, 2, 3, 0]));
    // takeRecords: the observer's callback would come after disconnect(), which drops what it had not delivered.
    const records = observer.takeRecords();
    observer.disconnect();
    const moved = records.filter((r) => r.type === 'childList' && r.target === body).flatMap((r) => [...r.addedNodes]);
    const texts = records.filter((r) => r.type === 'characterData');
    expect(rowIds(body)).toEqual([1, 2, 3, 0].map((i) => at(i).id));
    expect(moved).toEqual([body.lastElementChild]);
    expect(texts).toEqual([]);
  });

  it('draws rows still loading after the data rows, and takes them away when their rows come', () => {
    const body = document.createElement('div');
    const painter = new RowPainter(body);
    painter.paint(windowOf([at(0)], 0, [0], { pending: [1, 2] }));
    const loading = [...body.querySelectorAll<HTMLElement>('[data-testid="conn-row-loading"]')];
    expect(loading.map((el) => el.getAttribute('aria-rowindex'))).toEqual(['3', '4']);
    expect(loading.map((el) => el.textContent)).toEqual(['Loading…', 'Loading…']);
    expect(body.lastElementChild).toBe(loading[1]);
    // Painted again as they are, nothing in the body moves.
    const observer = new MutationObserver(() => undefined);
    observer.observe(body, { childList: true });
    painter.paint(windowOf([at(0)], 0, [0], { pending: [1, 2] }));
    expect(observer.takeRecords()).toEqual([]);
    observer.disconnect();
    painter.paint(windowOf([0, 1, 2].map(at), 0, [0, 1, 2]));
    expect(body.querySelector('[data-testid="conn-row-loading"]')).toBeNull();
    expect(rowIds(body)).toEqual([0, 1, 2].map((i) => at(i).id));
  });

  it('makes the cells again for another column list, and sizes rows to a new width', () => {
    const body = document.createElement('div');
    const painter = new RowPainter(body);
    painter.paint(windowOf([at(2)], 0, [0]));
    const columns = [col('state'), col('proto')];
    painter.paint(windowOf([at(2)], 0, [0], { columns, width: 640 }));
    const row = body.firstElementChild as HTMLElement;
    expect([...row.children].map((c) => [(c as HTMLElement).dataset.col, c.textContent])).toEqual([
      ['state', 'ESTABLISHED'],
      ['proto', 'tcp6'],
    ]);
    expect(row.style.width).toBe('640px');
    // Resized (new column objects, the same ids): the same cell elements, not made again.
    const cells = [...row.children];
    painter.paint(windowOf([at(2)], 0, [0], { columns: [{ ...col('state'), width: 20 }, col('proto')], width: 640 }));
    expect([...row.children].every((c, i) => c === cells[i])).toBe(true);
    expect([...row.children].map((c) => c.textContent)).toEqual(['ESTABLISHED', 'tcp6']);
  });

  it('writes a row kept aside again when the host names changed meanwhile', () => {
    const body = document.createElement('div');
    const painter = new RowPainter(body);
    const columns = [col('remoteAddress'), col('fqdn')];
    const conn = at(3);
    const fqdn = (): string | null | undefined => body.querySelector('[data-col="fqdn"]')?.textContent;
    painter.paint(windowOf([conn], 0, [0], { columns, hostNames: new Map([['::1', 'old.example']]) }));
    expect(fqdn()).toBe('old.example');
    // The row leaves the window (an empty view) while the names change, then comes back with the same connection.
    const names = new Map([['::1', 'new.example']]);
    painter.paint(windowOf([], 0, [], { columns, hostNames: names }));
    painter.paint(windowOf([conn], 0, [0], { columns, hostNames: names }));
    expect(fqdn()).toBe('new.example');
  });
});
