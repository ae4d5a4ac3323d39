/**
 * The live connection grid: fixed-height rows windowed by scroll position
 * (100k rows render ~40 DOM rows), the visible columns (useGridColumns), the
 * header with its column model (GridHead), keys (useGridKeyboard), the row menu (useRowMenu) and
 * host names for the rows on screen (useVisibleHostNames). Rows come in
 * already filtered and sorted (useViewRows); events are delegated from the
 * container.
 *
 * Before the whole snapshot is in, the grid holds `count` rows of which only the first (the snapshot's head) have
 * come: it is as tall as the whole view, as the page's first screen draws it (boot/first-screen.ts), and a row
 * scrolled to before its data says it is loading. When the snapshot lands, the rows fill in where the user is.
 */
import {
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type RefObject,
} from 'react';
import type { Connection } from '../../shared/model';
import { useNetScope, useNetScopeStore } from '../store';
import type { HostNames } from './columns';
import { GridRefContext } from './grid-focus';
import { ColumnWidths, GridHead } from './GridHeader';
import { HEADER_HEIGHT, ROW_HEIGHT, STRIPES } from './geometry';
import { RowPainter, type RowWindowPaint } from './row-painter';
import { useTrafficColumns } from './traffic-columns';
import { ownerlessMeaningOf } from '../../shared/ownerless';
import { TEMPLATE_COLUMN, templateCellTitle, useTcpTemplatesSwitch } from './template-column';
import { createRowSlots } from './row-slots';
import { useCellFit } from './cell-fit';
import { columnsWidth, fillWidth, useVisibleColumns } from './useGridColumns';
import { useGridKeyboard } from './useGridKeyboard';
import { rowWindow, useScrollViewport } from './useRowWindow';
import { useRowMenu } from './useRowMenu';
import { useVisibleHostNames } from './useVisibleHostNames';

// Rows rendered beyond the viewport on each side: each one is re-created when a diff shifts the view, so few.
const OVERSCAN = 2;
const NO_NAMES: HostNames = new Map();

const rowIdAt = (target: EventTarget): string | null =>
  target instanceof Element ? (target.closest('[data-row-id]')?.getAttribute('data-row-id') ?? null) : null;

export function ConnectionGrid({ rows, count = rows.length }: { rows: Connection[]; count?: number }) {
  // Rows the grid is sized for; from rows.length on they are still loading (never fewer than the rows in).
  const size = Math.max(count, rows.length);
  const loading = size > rows.length;
  const store = useNetScopeStore();
  const marks = useNetScope((s) => s.marks);
  const hasSnapshot = useNetScope((s) => s.snapshot !== null);
  const selectedId = useNetScope((s) => s.selectedId);
  const sort = useNetScope((s) => s.prefs.sort);
  const fqdnShown = useNetScope((s) => s.prefs.visibleColumns.includes('fqdn'));
  const hostNames = useNetScope((s) => (fqdnShown ? s.hostNames : NO_NAMES));
  const ownRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const fit = useCellFit(bodyRef);
  const gridRef = useContext(GridRefContext) ?? ownRef;
  const setColumns = useVisibleColumns();
  const trafficAbsent = useTrafficColumns();
  const ownerless = useNetScope((s) => ownerlessMeaningOf(s.snapshot));
  useTcpTemplatesSwitch();
  const templatesState = useNetScope((s) => s.status?.tcpTemplates);

  // Fixed-height rows: the window is arithmetic on scrollTop (see useRowWindow.ts).
  const viewport = useScrollViewport(gridRef, ROW_HEIGHT);
  const columns = useMemo(() => fillWidth(setColumns, viewport.width), [setColumns, viewport.width]);
  const totalWidth = useMemo(() => columnsWidth(columns), [columns]);
  const { first, end } = rowWindow(viewport.scrollTop, viewport.height, HEADER_HEIGHT, ROW_HEIGHT, size, OVERSCAN);
  useVisibleHostNames(fqdnShown, rows, first, end);
  const menu = useRowMenu(rows, gridRef);
  const onKeyDown = useGridKeyboard(rows, gridRef, menu, size);

  const shown: { index: number; c: Connection }[] = [];
  const pending: number[] = [];
  for (let i = first; i < end; i++) {
    const c = rows[i];
    if (c) shown.push({ index: i, c });
    else pending.push(i);
  }
  // WHY slots, not ids, for the painter's row elements: rows entering the window reuse the DOM of rows that left
  // instead of being made from scratch (see row-slots.ts). Same ids give the same slots, so a repeated render
  // (StrictMode) agrees.
  const [rowSlots] = useState(createRowSlots);
  // A loop, not shown.map with an arrow function made per render (see byPlace in view-splice.ts).
  const shownIds: string[] = [];
  for (const s of shown) shownIds.push(s.c.id);
  const slots = rowSlots.assign(shownIds);
  const onSort = useCallback((id: string) => store.getState().cycleSort(id), [store]);

  // The row of an element in the grid: one of the rendered window's (WHY not rows.find: a pass over 100k rows, and
  // the hover title of an empty Template cell asks after every render while the pointer rests on it).
  const rowAt = (target: EventTarget): Connection | undefined => {
    const id = rowIdAt(target);
    return id === null ? undefined : shown.find((s) => s.c.id === id)?.c;
  };

  const onMouseDown = (e: MouseEvent<HTMLDivElement>): void => {
    const id = rowIdAt(e.target);
    if (id !== null) store.getState().select(id);
  };

  const onContextMenu = (e: MouseEvent<HTMLDivElement>): void => {
    e.preventDefault();
    const c = rowAt(e.target);
    if (c) menu.openAt(c, e.clientX, e.clientY);
    else menu.openForSelected(); // keyboard-generated: no row under a pointer
  };

  // Tooltips for truncated text, set on the one cell under the pointer instead of on every rendered cell.
  const titleCell = (cell: HTMLElement): void => {
    const text = cell.textContent ?? '';
    // An empty Template cell says why (being read, not in the last read, not TCP).
    const row = text === '' && cell.dataset.col === TEMPLATE_COLUMN ? rowAt(cell) : undefined;
    // A Program cell without an owner says why (the painter's data-why, row-painter.ts).
    cell.title = cell.dataset.why ?? (row ? templateCellTitle(row, templatesState) : text);
  };
  const hoveredCell = useRef<HTMLElement | null>(null);
  const onMouseOver = (e: MouseEvent<HTMLDivElement>): void => {
    const cell = e.target instanceof Element ? e.target.closest('[role="gridcell"]') : null;
    if (!(cell instanceof HTMLElement)) return;
    hoveredCell.current = cell;
    titleCell(cell);
  };
  // WHY after every render: a refresh rewrites the cells in place (a row's counters, or another row in the same
  // DOM row: row-slots.ts) while the pointer rests, and no mouseover comes until it leaves the cell; the title it
  // had would name the row that was there before.
  useEffect(() => {
    const cell = hoveredCell.current;
    if (cell === null) return;
    if (cell.isConnected) titleCell(cell);
    else hoveredCell.current = null;
  });

  const onDoubleClick = (e: MouseEvent<HTMLDivElement>): void => {
    const pid = rowAt(e.target)?.pid;
    if (typeof pid === 'number') store.getState().openProcess(pid);
  };

  return (
    <div
      ref={gridRef}
      className="grid"
      role="grid"
      aria-label="Connections"
      aria-rowcount={size + 1}
      aria-busy={loading || undefined}
      data-testid="conn-grid"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseDown={onMouseDown}
      onContextMenu={onContextMenu}
      onDoubleClick={onDoubleClick}
      onMouseOver={onMouseOver}
      onMouseLeave={() => {
        hoveredCell.current = null;
      }}
    >
      <ColumnWidths columns={columns} />
      <GridHead columns={columns} sort={sort} totalWidth={totalWidth} onSort={onSort} />
      <GridBody
        shown={shown}
        slots={slots}
        pending={pending}
        count={size}
        width={totalWidth}
        columns={columns}
        marks={marks}
        selectedId={selectedId}
        hostNames={hostNames}
        fit={fit}
        ownerless={ownerless}
        trafficAbsent={trafficAbsent}
        bodyRef={bodyRef}
      />
      {size === 0 && (
        <div className="grid-empty">
          {hasSnapshot ? 'No connections match the filter.' : 'Waiting for the first snapshot…'}
        </div>
      )}
    </div>
  );
}

interface GridBodyProps extends RowWindowPaint {
  count: number;
  bodyRef: RefObject<HTMLDivElement | null>;
}

/**
 * The rows in the window, each placed at its index (the body is as tall as all rows). React renders the body alone;
 * its rows are written by a RowPainter (row-painter.ts says why) in a layout effect, so in the same commit.
 */
function GridBody({ count, bodyRef, ...paint }: GridBodyProps) {
  const painter = useRef<RowPainter | null>(null);
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (body === null) return;
    if (painter.current?.body !== body) painter.current = new RowPainter(body);
    painter.current.paint(paint);
  });
  return (
    <div
      ref={bodyRef}
      className="grid-body"
      style={{ height: count * ROW_HEIGHT, width: paint.width, backgroundSize: STRIPES }}
    />
  );
}
