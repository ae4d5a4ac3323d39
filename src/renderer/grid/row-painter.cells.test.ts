/**
 * The painter keeps each cell's text node and writes it only when its text changes: whatever the row becomes,
 * every cell must show the text of the row and column it now has, and cells whose text is the same must not be
 * written to.
 */
import { describe, expect, it } from 'vitest';
import { within } from '@testing-library/react';
import { assignConnectionIds, blankConnection, type Connection, type OwnerlessMeaning } from '../../shared/model';
import { GRID_COLUMN_BY_ID, gridCellText, type HostNames } from './columns';
import { RowPainter, type VisibleColumn } from './row-painter';
import { makeCellFit, type CellFit } from './cell-fit';

const col = (id: string): VisibleColumn => {
  const c = GRID_COLUMN_BY_ID.get(id);
  if (!c) throw new Error(id);
  return { ...c, width: c.size };
};

const base = blankConnection({
  protocol: 'tcp',
  family: 4,
  localAddress: '10.0.0.1',
  localPort: 40000,
  remoteAddress: '192.0.2.1',
  remotePort: 443,
  state: 'ESTABLISHED',
  pid: 42,
  processName: 'curl',
  user: 'alice',
});
const [a, b, c] = assignConnectionIds([
  base,
  { ...base, localPort: 40001, remoteAddress: '192.0.2.2', state: 'CLOSE_WAIT' },
  { ...base, localPort: 40002, remotePort: 22, pid: 7, processName: 'ssh' },
]) as [Connection, Connection, Connection];

const COLUMNS = ['proto', 'localAddress', 'localPort', 'remoteAddress', 'fqdn', 'remotePort', 'state', 'service']
  .concat(['pid', 'process', 'user'])
  .map(col);
const NO_NAMES: HostNames = new Map();

/** A painter over a new element: `row` paints one row at index 3 into it, as a grid's window of one. */
function rowPainter() {
  const container = document.createElement('div');
  const painter = new RowPainter(container);
  const row = (
    connection: Connection,
    columns = COLUMNS,
    hostNames = NO_NAMES,
    fit: CellFit | null = null,
    ownerless: OwnerlessMeaning | null = null,
  ): void =>
    painter.paint({
      shown: [{ index: 3, c: connection }],
      slots: [0],
      pending: [],
      width: 900,
      columns,
      marks: new Map(),
      selectedId: null,
      hostNames,
      fit,
      ownerless,
      trafficAbsent: null,
    });
  return { container, row };
}

/** Each cell's column and text, in DOM order. */
function cells(container: HTMLElement): [string, string][] {
  return [...container.querySelectorAll<HTMLElement>('[role="gridcell"]')].map((el) => [
    el.dataset.col ?? '',
    el.textContent ?? '',
  ]);
}

const expected = (connection: Connection, columns = COLUMNS, hostNames = NO_NAMES): [string, string][] =>
  columns.map((k) => [k.id, gridCellText(k.id, connection, hostNames, null)]);

describe('RowPainter cells kept across paints', () => {
  it('shows the new row in every cell, and writes only the cells whose text changed', () => {
    const { container, row } = rowPainter();
    row(a);
    expect(cells(container)).toEqual(expected(a));
    const observer = new MutationObserver(() => undefined);
    observer.observe(container, { subtree: true, characterData: true, childList: true });
    row(b);
    // takeRecords: the observer's callback would come after disconnect(), which drops what it had not delivered.
    const written = new Set(
      observer.takeRecords().map((r) => r.target.parentElement?.dataset.col ?? r.target.textContent ?? ''),
    );
    observer.disconnect();
    expect(cells(container)).toEqual(expected(b));
    // a -> b changes the local port, the remote address and the state; nothing else is touched.
    const changed = expected(b)
      .filter(([id, text], i) => expected(a)[i]?.[1] !== text && id !== '')
      .map(([id]) => id);
    expect(changed.sort()).toEqual(['localPort', 'remoteAddress', 'state']);
    expect([...written].sort()).toEqual(changed);
  });

  it('goes back to an earlier text (a, b, a) and follows a series of rows', () => {
    const { container, row } = rowPainter();
    row(a);
    for (const next of [b, a, c, c, b, a]) {
      row(next);
      expect(cells(container)).toEqual(expected(next));
    }
  });

  it('empties a cell and fills it again (a cell with no text node)', () => {
    const [noOwner] = assignConnectionIds([{ ...base, localPort: 40003, pid: null, processName: null, user: null }]);
    if (!noOwner) throw new Error('no row');
    const { container, row } = rowPainter();
    row(noOwner);
    expect(cells(container)).toContainEqual(['pid', '']);
    for (const next of [a, noOwner, b, noOwner]) {
      row(next);
      expect(cells(container)).toEqual(expected(next));
    }
  });

  it('follows reordered and removed columns, and host names arriving', () => {
    const { container, row } = rowPainter();
    row(a);
    const reversed = [...COLUMNS].reverse();
    row(a, reversed);
    expect(cells(container)).toEqual(expected(a, reversed));
    const fewer = reversed.filter((k) => k.id !== 'state' && k.id !== 'pid');
    row(b, fewer);
    expect(cells(container)).toEqual(expected(b, fewer));
    const names: HostNames = new Map([['192.0.2.2', 'host.example']]);
    row(b, fewer, names);
    expect(cells(container)).toEqual(expected(b, fewer, names));
    expect(cells(container)).toContainEqual(['fqdn', expect.stringContaining('host.example')]);
    row(b, COLUMNS);
    expect(cells(container)).toEqual(expected(b));
  });

  it('shows a name with a bidi override or a line break escaped, as the data it is', () => {
    const [odd] = assignConnectionIds([{ ...base, processName: 'invoice\u202efdp.exe', user: 'bob\nroot' }]);
    if (!odd) throw new Error('no row');
    const { container, row } = rowPainter();
    row(odd);
    const shown = Object.fromEntries(cells(container));
    expect(shown.process).toBe('invoice\\u202efdp.exe');
    expect(shown.user).toBe('bob\\x0aroot');
  });
});

describe('RowPainter cells clipped', () => {
  /** Every printable ASCII character 7 px wide, cells padded by 12 px. */
  const fit = makeCellFit({ text: [], mono: [], number: [] }, 12);
  const sevens = new Array<number>(95).fill(7);
  const measured = makeCellFit({ text: sevens, mono: sevens, number: sevens }, 12);
  const clipped = (container: HTMLElement): string[] =>
    [...container.querySelectorAll<HTMLElement>('.cell.clip')].map((el) => el.dataset.col ?? '');

  it('clips every cell until the fonts are measured, then only those whose text may not fit', () => {
    const { container, row } = rowPainter();
    row(a);
    expect(clipped(container)).toEqual(COLUMNS.map((k) => k.id));
    row(a, COLUMNS, NO_NAMES, measured);
    // 'ESTABLISHED' (11 * 7 * 1.05 + 14 = 94.9 px) fits the state column's 104 px; nothing is wider.
    expect(clipped(container)).toEqual([]);
    // A narrower column clips its cells again, with the same text.
    const narrow = COLUMNS.map((k) => (k.id === 'state' ? { ...k, width: 90 } : k));
    row(a, narrow, NO_NAMES, measured);
    expect(clipped(container)).toEqual(['state']);
    expect(cells(container)).toEqual(expected(a, narrow));
    // A fit that knows no character clips whatever has text (an empty table: no advance is known).
    row(b, narrow, NO_NAMES, fit);
    expect(cells(container)).toEqual(expected(b, narrow));
    expect(clipped(container)).toEqual(expected(b, narrow).flatMap(([id, text]) => (text === '' ? [] : [id])));
  });
});

describe('RowPainter: a Program cell without an owner', () => {
  const [noOwner, closed] = assignConnectionIds([
    { ...base, localPort: 40004, pid: null, processName: null, user: null },
    { ...base, localPort: 40005, pid: null, processName: null, user: null, state: 'TIME_WAIT' },
  ]) as [Connection, Connection];
  const processCell = (container: HTMLElement): HTMLElement | null =>
    container.querySelector<HTMLElement>('[data-col="process"]');

  it('says "—", dim, with why on hover, where the source read every owner (root)', () => {
    const { container, row } = rowPainter();
    row(noOwner, COLUMNS, NO_NAMES, null, 'held-by-none');
    expect(processCell(container)?.textContent).toBe('—');
    expect(processCell(container)?.classList.contains('ownerless')).toBe(true);
    expect(processCell(container)?.dataset.why).toMatch(/^No process found holding this socket: /);
    // The PID cell stays empty, and an owned row's cell is its name.
    expect(Object.fromEntries(cells(container)).pid).toBe('');
    row(a, COLUMNS, NO_NAMES, null, 'held-by-none');
    expect(processCell(container)?.textContent).toBe('curl');
    expect(processCell(container)?.dataset.why).toBeUndefined();
    expect(processCell(container)?.classList.contains('ownerless')).toBe(false);
  });

  it("says nothing but why where other users' owners may be unreadable, except for TIME_WAIT", () => {
    const { container, row } = rowPainter();
    row(noOwner, COLUMNS, NO_NAMES, null, 'maybe-unreadable');
    expect(processCell(container)?.textContent).toBe('');
    expect(processCell(container)?.dataset.why).toMatch(/another user's process/);
    // Styled to the row's height: an empty cell is otherwise 0 px tall, out of the pointer's reach.
    expect(processCell(container)?.classList.contains('ownerless')).toBe(true);
    row(closed, COLUMNS, NO_NAMES, null, 'maybe-unreadable');
    expect(processCell(container)?.textContent).toBe('—');
    expect(processCell(container)?.dataset.why).toMatch(/TIME_WAIT/);
  });

  it('gives the cell why as its accessible name: a screen reader reads "—" or an empty cell as nothing', () => {
    const { container, row } = rowPainter();
    row(noOwner, COLUMNS, NO_NAMES, null, 'held-by-none');
    const named = (name: RegExp): HTMLElement => within(container).getByRole('gridcell', { name });
    expect(named(/^No process found holding this socket: /).dataset.col).toBe('process');
    row(noOwner, COLUMNS, NO_NAMES, null, 'maybe-unreadable');
    expect(named(/^No owner known: it may be another user's process/).dataset.col).toBe('process');
    row(closed, COLUMNS, NO_NAMES, null, 'maybe-unreadable');
    expect(named(/^No process owns this socket: .*TIME_WAIT/).dataset.col).toBe('process');
    // An owned cell is named by its text, as every other cell.
    row(a, COLUMNS, NO_NAMES, null, 'held-by-none');
    expect(processCell(container)?.hasAttribute('aria-label')).toBe(false);
    expect(named(/^curl$/).dataset.col).toBe('process');
  });

  it('stays as before where the source names no owners (a file without owner columns)', () => {
    const { container, row } = rowPainter();
    row(noOwner, COLUMNS, NO_NAMES, null, null);
    expect(cells(container)).toEqual(expected(noOwner));
    expect(processCell(container)?.dataset.why).toBeUndefined();
    row(closed, COLUMNS, NO_NAMES, null, null);
    expect(cells(container)).toEqual(expected(closed));
    // The meaning arriving later (the first snapshot's report) changes the cell in place.
    row(closed, COLUMNS, NO_NAMES, null, 'held-by-none');
    expect(processCell(container)?.textContent).toBe('—');
  });
});
