/**
 * Paints the grid's window of its view: the rows on screen (a RowPainter, row-painter.ts says why), the body's height
 * and the grid's row count, the host names asked for, the hover title of the cell under the pointer. Run after each
 * render of the grid with its inputs, and at each diff (live-view.ts) with the last render's.
 */
import type { Connection } from '../../shared/model';
import type { NetScopeStore } from '../store';
import { HEADER_HEIGHT, ROW_HEIGHT } from './geometry';
import { RowPainter, type RowWindowPaint } from './row-painter';
import { createRowSlots } from './row-slots';
import { rowWindow } from './useRowWindow';
import { requestVisibleHostNames } from './visible-host-names';

// Rows rendered beyond the viewport on each side: each one is re-created when a diff shifts the view, so few.
const OVERSCAN = 2;

/** What a paint takes from the grid's render: everything but the rows and their marks, which a diff brings. */
export type PaintInputs = Omit<RowWindowPaint, 'shown' | 'slots' | 'pending' | 'marks'> & {
  scrollTop: number;
  height: number;
  fqdnShown: boolean;
};

function sameInputs(a: PaintInputs | null, b: PaintInputs): boolean {
  if (a === null) return false;
  for (const key of Object.keys(b) as (keyof PaintInputs)[]) if (a[key] !== b[key]) return false;
  return true;
}

export class WindowPainter {
  /** The cell under the pointer, whose title follows its text (see paint). */
  private hovered: HTMLElement | null = null;
  private rows: RowPainter | null = null;
  private grid: HTMLElement | null = null;
  private store: NetScopeStore | null = null;
  private titleOf: (cell: HTMLElement) => string = () => '';
  private inputs: PaintInputs | null = null;
  private readonly slots = createRowSlots();
  private shown: { index: number; c: Connection }[] = [];
  /**
   * The row painter's window: one object for every paint, its fields written each time. WHY not a new object per
   * paint (a spread of the inputs): no live object kept that shape, so at each major GC V8 let it go and with it the
   * optimized code of the painter's functions that checked for it (bench/diff-deopt-probe.mjs: "embedded weak
   * objects cleared" at paint, writeRow and writeCell), compiled again a diff later on the pool threads.
   */
  private readonly window: RowWindowPaint = {
    shown: [],
    slots: [],
    pending: [],
    width: 0,
    columns: [],
    marks: new Map(),
    selectedId: null,
    hostNames: new Map(),
    fit: null,
    ownerless: null,
    trafficAbsent: null,
  };
  /** What the last paint painted: the same again is not painted (see paint). */
  private readonly painted: {
    view: unknown;
    marks: RowWindowPaint['marks'] | null;
    rows: RowPainter | null;
    inputs: PaintInputs | null;
  } = { view: null, marks: null, rows: null, inputs: null };
  /**
   * The body height and row count last written, to write them only when they change. WHY: a write of the same value
   * is not free; setAttribute records a mutation and invalidates the grid's style, and a key that leaves the view
   * as it was (most keys of a filter) then had its frame wait for the grid's style pass again.
   */
  private sized: { body: HTMLElement | null; grid: HTMLElement | null; size: number } | null = null;
  /** What host names were last asked for (rows and window), to ask again only when it changes. */
  private asked: { rows: readonly Connection[]; first: number; end: number } | null = null;

  attach(
    store: NetScopeStore,
    grid: HTMLElement | null,
    body: HTMLElement | null,
    titleOf: (cell: HTMLElement) => string,
  ): void {
    this.store = store;
    this.grid = grid;
    this.titleOf = titleOf;
    if (body !== null && this.rows?.body !== body) this.rows = new RowPainter(body);
  }

  /** The row of `id` among those painted (the grid's events). */
  rowOf(id: string): Connection | undefined {
    for (const s of this.shown) if (s.c.id === id) return s.c;
    return undefined;
  }

  /** Tooltips for truncated text, set on the one cell under the pointer instead of on every painted cell. */
  hover(cell: HTMLElement | null): void {
    this.hovered = cell;
    if (cell !== null) this.titleCell(cell);
  }

  private titleCell(cell: HTMLElement): void {
    // Compared first: it is asked after every paint, and a write of the same title is a DOM mutation all the same.
    const title = this.titleOf(cell);
    if (cell.title !== title) cell.title = title;
  }

  /** A render's inputs, for the paint its view's commit asks for (LiveView.awaitsCommit) and the diffs after it. */
  setInputs(inputs: PaintInputs): void {
    this.inputs = inputs;
  }

  repaint(view: { rows: Connection[]; count: number }): void {
    if (this.inputs) this.paint(view, this.inputs);
  }

  paint(view: { rows: Connection[]; count: number }, inputs: PaintInputs): void {
    const marks = this.store?.getState().marks ?? this.window.marks;
    const was = this.painted;
    this.inputs = inputs;
    // WHY: a render that changes nothing painted (the deferred render of a filter key that was shown at once, a
    // render for a part of the grid React draws) would walk the window's cells again to write nothing.
    if (was.view === view && was.marks === marks && was.rows === this.rows && sameInputs(was.inputs, inputs)) {
      // The hover title may say more than the paint's inputs (an empty Template cell's why follows the engine's state).
      this.retitleHovered();
      return;
    }
    was.view = view;
    was.marks = marks;
    was.rows = this.rows;
    was.inputs = inputs;
    const rows = view.rows;
    const size = Math.max(view.count, rows.length);
    const { first, end } = rowWindow(inputs.scrollTop, inputs.height, HEADER_HEIGHT, ROW_HEIGHT, size, OVERSCAN);
    const shown: { index: number; c: Connection }[] = [];
    const pending: number[] = [];
    const ids: string[] = [];
    for (let i = first; i < end; i++) {
      const c = rows[i];
      if (c) {
        shown.push({ index: i, c });
        ids.push(c.id);
      } else pending.push(i);
    }
    this.shown = shown;
    // WHY slots, not ids, for the painter's row elements: rows entering the window reuse the DOM of rows that left
    // instead of being made from scratch (see row-slots.ts). Same ids give the same slots, so painting the same
    // window again agrees.
    const slots = this.slots.assign(ids);
    this.writeSize(size);
    const w = this.window;
    w.shown = shown;
    w.slots = slots;
    w.pending = pending;
    w.width = inputs.width;
    w.columns = inputs.columns;
    w.marks = marks;
    w.selectedId = inputs.selectedId;
    w.hostNames = inputs.hostNames;
    w.fit = inputs.fit;
    w.ownerless = inputs.ownerless;
    w.trafficAbsent = inputs.trafficAbsent;
    this.rows?.paint(w);
    this.askHostNames(inputs.fqdnShown, rows, first, end);
    // WHY after every paint: a refresh rewrites the cells in place (a row's counters, or another row in the same DOM
    // row: row-slots.ts) while the pointer rests, and no mouseover comes until it leaves the cell; the title it had
    // would name the row that was there before.
    this.retitleHovered();
  }

  private retitleHovered(): void {
    const cell = this.hovered;
    if (cell === null) return;
    if (cell.isConnected) this.titleCell(cell);
    else this.hovered = null;
  }

  /** The body as tall as `size` rows and the grid's row count, written when either (or the elements) changed. */
  private writeSize(size: number): void {
    const body = this.rows?.body ?? null;
    const grid = this.grid;
    const was = this.sized;
    if (was !== null && was.body === body && was.grid === grid && was.size === size) return;
    this.sized = { body, grid, size };
    if (body) body.style.height = `${size * ROW_HEIGHT}px`;
    grid?.setAttribute('aria-rowcount', String(size + 1));
  }

  private askHostNames(shown: boolean, rows: readonly Connection[], first: number, end: number): void {
    const was = this.asked;
    if (!shown) {
      this.asked = null;
      return;
    }
    if (was !== null && was.rows === rows && was.first === first && was.end === end) return;
    this.asked = { rows, first, end };
    if (this.store) requestVisibleHostNames(this.store, rows, first, end);
  }
}
