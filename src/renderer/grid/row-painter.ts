/**
 * The grid's rows on screen, written to the DOM directly instead of rendered by React. GridBody renders an empty
 * body element and hands each render's window to a RowPainter in a layout effect (the same commit, so the same
 * frame as React's DOM writes would be).
 *
 * WHY not React for the rows: a diff that turns the window over (the unsorted grid at its top, where the oldest rows
 * close) changes ~450 of its ~520 cells. React then builds an element per changed cell, reconciles 40 rows and their
 * fibers, and writes the same ~450 texts; about 4 ms of the diff's main-thread JavaScript, in large reconciler
 * functions that V8 is still compiling (on the page's pool threads, beside the diff) forty diffs in. Here a cell is a
 * text node whose value is compared and written: small loops that V8 optimises in a few diffs.
 *
 * The DOM is what GridRow, the React component before this painter, rendered (the e2e tests and the grid's delegated
 * events read it): rows with role, aria-rowindex, aria-selected, data-testid `conn-row`, data-row-id, data-mark and
 * their classes, each placed by a transform; cells with role gridcell, data-col, data-why, aria-label and their
 * classes. Rows are kept by slot (row-slots.ts): a row that enters the window takes the DOM of a row that left, and
 * DOM order follows the window's order with as few moves as React's keyed reordering would make (the slot plan is
 * chosen against that algorithm).
 */
import type { Connection, OwnerlessMeaning } from '../../shared/model';
import type { RowMark } from '../store';
import type { CellFit } from './cell-fit';
import { cellClassName, gridCellText, ownerMarkOf, type GridColumn, type HostNames } from './columns';
import { ROW_HEIGHT } from './geometry';

export interface VisibleColumn extends GridColumn {
  width: number;
}

/** One render's window, and everything a cell's text, class or hover text depends on. */
export interface RowWindowPaint {
  shown: readonly { index: number; c: Connection }[];
  /** The slot of each shown row (row-slots.ts), in the same order. */
  slots: readonly number[];
  /** Positions in the window whose rows have not come yet (the snapshot after its head). */
  pending: readonly number[];
  width: number;
  columns: readonly VisibleColumn[];
  marks: ReadonlyMap<string, RowMark>;
  selectedId: string | null;
  hostNames: HostNames;
  /** Which cells may go unclipped (cell-fit.ts); null: every cell clips. */
  fit: CellFit | null;
  ownerless: OwnerlessMeaning | null;
  trafficAbsent: string | null;
}

interface PaintedCell {
  el: HTMLDivElement;
  text: Text;
  value: string;
  className: string;
  why: string | undefined;
}

/** What a row element shows now, to write only what changed. */
interface PaintedRow {
  el: HTMLDivElement;
  cells: PaintedCell[];
  /** The columns its cells were written for (another set or order of ids: made again). */
  columns: readonly VisibleColumn[] | null;
  connection: Connection | null;
  index: number;
  className: string;
  mark: string;
  selected: boolean;
  width: number;
  /** Its place in the body's rows after the last paint; -1 when not in the body. */
  place: number;
  /** The inputs its cells were last written with (the painter's, the same object until one of them changes). */
  inputs: CellInputs | null;
}

/** Inputs that change every cell's text or class when they change (a row's own data aside). */
interface CellInputs {
  columns: readonly VisibleColumn[] | null;
  hostNames: HostNames | null;
  fit: CellFit | null;
  ownerless: OwnerlessMeaning | null;
  trafficAbsent: string | null;
}

export class RowPainter {
  private readonly bySlot = new Map<number, PaintedRow>();
  /** Row elements that left the window, kept to be taken by the next rows that enter it. */
  private readonly spare: PaintedRow[] = [];
  /** The data rows in body order after the last paint. */
  private order: PaintedRow[] = [];
  private readonly loading = new Map<number, HTMLDivElement>();
  /** The inputs of the last paint: a new object when one of them changed (a row tells it was written with them). */
  private inputs: CellInputs = { columns: null, hostNames: null, fit: null, ownerless: null, trafficAbsent: null };

  constructor(readonly body: HTMLElement) {}

  paint(w: RowWindowPaint): void {
    const was = this.inputs;
    if (
      w.columns !== was.columns ||
      w.hostNames !== was.hostNames ||
      w.fit !== was.fit ||
      w.ownerless !== was.ownerless ||
      w.trafficAbsent !== was.trafficAbsent
    )
      this.inputs = {
        columns: w.columns,
        hostNames: w.hostNames,
        fit: w.fit,
        ownerless: w.ownerless,
        trafficAbsent: w.trafficAbsent,
      };
    const used = new Set<number>();
    const next: PaintedRow[] = [];
    for (let i = 0; i < w.shown.length; i++) {
      const { index, c } = w.shown[i] as { index: number; c: Connection };
      const slot = w.slots[i] as number;
      used.add(slot);
      let row = this.bySlot.get(slot);
      if (row === undefined) {
        row = this.spare.pop() ?? newRow();
        this.bySlot.set(slot, row);
      }
      writeRow(row, index, c, w, this.inputs);
      next.push(row);
    }
    for (const [slot, row] of this.bySlot) {
      if (used.has(slot)) continue;
      this.bySlot.delete(slot);
      row.el.remove();
      row.place = -1;
      this.spare.push(row);
    }
    this.place(next);
    this.paintLoading(w.pending, w.width);
  }

  /**
   * Puts the rows in body order, moving as React's keyed reordering would: a row keeps its place while the old
   * places of the rows kept so far ascend, and every other row (moved, or new) goes after the row before it.
   */
  private place(next: PaintedRow[]): void {
    let lastPlaced = -1;
    let before: PaintedRow | null = null;
    for (let i = 0; i < next.length; i++) {
      const row = next[i] as PaintedRow;
      if (row.place >= 0 && row.place > lastPlaced) lastPlaced = row.place;
      else this.body.insertBefore(row.el, before === null ? this.body.firstChild : before.el.nextSibling);
      before = row;
    }
    for (let i = 0; i < next.length; i++) (next[i] as PaintedRow).place = i;
    this.order = next;
  }

  /** Rows whose data has not come yet, after the data rows: where they will be, saying so (not a blank stripe). */
  private paintLoading(pending: readonly number[], width: number): void {
    const want = new Set(pending);
    for (const [index, el] of this.loading) {
      if (want.has(index)) continue;
      el.remove();
      this.loading.delete(index);
    }
    // After the last data row, in order; an element already there is not moved (a move is a removal and an
    // insertion, restyled and laid out again).
    let prev: Element | null = this.order.length > 0 ? (this.order[this.order.length - 1] as PaintedRow).el : null;
    const widthPx = `${width}px`;
    for (const index of pending) {
      let el = this.loading.get(index);
      if (el === undefined) {
        el = loadingRow(index);
        this.loading.set(index, el);
      }
      if (el.style.width !== widthPx) el.style.width = widthPx;
      if (el.parentNode !== this.body || el.previousSibling !== prev)
        this.body.insertBefore(el, prev === null ? this.body.firstChild : prev.nextSibling);
      prev = el;
    }
  }

  /** The data rows in body order (for tests). */
  rowsInOrder(): readonly HTMLElement[] {
    return this.order.map((r) => r.el);
  }
}

function newRow(): PaintedRow {
  const el = document.createElement('div');
  el.setAttribute('role', 'row');
  el.dataset.testid = 'conn-row';
  el.style.height = `${ROW_HEIGHT}px`;
  return {
    el,
    cells: [],
    columns: null,
    connection: null,
    index: -1,
    className: '',
    mark: '',
    selected: false,
    width: -1,
    place: -1,
    inputs: null,
  };
}

/** Writes a row's attributes and cells where they differ from what it shows. */
function writeRow(row: PaintedRow, index: number, c: Connection, w: RowWindowPaint, inputs: CellInputs): void {
  const el = row.el;
  const mark = w.marks.get(c.id) ?? '';
  const selected = c.id === w.selectedId;
  if (row.index !== index) {
    el.setAttribute('aria-rowindex', String(index + 2));
    el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
  }
  let className = index % 2 === 1 ? 'row odd' : 'row even';
  if (mark !== '') className += ` mark-${mark}`;
  if (selected) className += ' selected';
  if (row.className !== className) el.className = className;
  if (row.mark !== mark || row.connection === null) el.dataset.mark = mark;
  if (row.selected !== selected || row.connection === null) el.setAttribute('aria-selected', String(selected));
  if (row.connection === null || row.connection.id !== c.id) el.dataset.rowId = c.id;
  if (row.width !== w.width) el.style.width = `${w.width}px`;
  // WHY the row's own inputs, not whether this paint's changed: a row kept aside (it left the window) while they
  // changed comes back written with the old ones.
  const sameCells = row.connection === c && row.inputs === inputs;
  row.index = index;
  row.className = className;
  row.mark = mark;
  row.selected = selected;
  row.width = w.width;
  row.connection = c;
  row.inputs = inputs;
  if (sameCells) return;
  if (row.columns !== w.columns) {
    // A resize gives new columns with the same ids: the cells stay (their widths are the stylesheet's), only
    // their clipping is looked at again below; another set or order of columns makes them again.
    if (!sameIds(row.columns, w.columns)) makeCells(row, w.columns);
    row.columns = w.columns;
  }
  for (let j = 0; j < w.columns.length; j++)
    writeCell(row.cells[j] as PaintedCell, w.columns[j] as VisibleColumn, c, w);
}

function sameIds(a: readonly VisibleColumn[] | null, b: readonly VisibleColumn[]): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let j = 0; j < b.length; j++) if ((a[j] as VisibleColumn).id !== (b[j] as VisibleColumn).id) return false;
  return true;
}

/** The row's cells made again for a new list of columns (added, removed or reordered). */
function makeCells(row: PaintedRow, columns: readonly VisibleColumn[]): void {
  for (const cell of row.cells) cell.el.remove();
  row.cells = [];
  for (let j = 0; j < columns.length; j++) {
    const el = document.createElement('div');
    el.setAttribute('role', 'gridcell');
    el.dataset.col = (columns[j] as VisibleColumn).id;
    const text = document.createTextNode('');
    el.appendChild(text);
    row.el.appendChild(el);
    row.cells.push({ el, text, value: '', className: '', why: undefined });
  }
}

/**
 * One cell. A Program cell without an owner says why, where the source reads owners: its hover text (data-why) and
 * its accessible name (aria-label), since a screen reader reads a "—" or an empty cell as nothing.
 */
function writeCell(cell: PaintedCell, col: VisibleColumn, c: Connection, w: RowWindowPaint): void {
  const owner = ownerMarkOf(col.id, c, w.ownerless);
  const value = owner ? owner.text : gridCellText(col.id, c, w.hostNames, w.trafficAbsent);
  const why = owner?.why;
  const clip = w.fit === null || !w.fit.fits(value, col.kind, col.width);
  const className = cellClassName(col.kind, clip, owner !== null);
  if (cell.value !== value) {
    cell.text.data = value;
    cell.value = value;
  }
  if (cell.className !== className) {
    cell.el.className = className;
    cell.className = className;
  }
  if (cell.why !== why) {
    if (why === undefined) {
      delete cell.el.dataset.why;
      cell.el.removeAttribute('aria-label');
    } else {
      cell.el.dataset.why = why;
      cell.el.setAttribute('aria-label', why);
    }
    cell.why = why;
  }
}

function loadingRow(index: number): HTMLDivElement {
  const el = document.createElement('div');
  el.setAttribute('role', 'row');
  el.setAttribute('aria-rowindex', String(index + 2));
  el.dataset.testid = 'conn-row-loading';
  el.className = `row loading ${index % 2 === 1 ? 'odd' : 'even'}`;
  el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
  el.style.height = `${ROW_HEIGHT}px`;
  const cell = document.createElement('div');
  cell.setAttribute('role', 'gridcell');
  cell.className = 'cell';
  cell.textContent = 'Loading…';
  el.appendChild(cell);
  return el;
}
