/**
 * The live connection grid: virtualized rows of fixed height (100k rows render
 * ~40 DOM rows), sortable resizable columns from @tanstack/react-table's
 * column model, keyboard selection and the context menu. Rows come in already
 * filtered and sorted (useViewRows); events are delegated from the container.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import {
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnSizingState,
  type Updater,
} from '@tanstack/react-table';
import type { Connection } from '../../shared/model';
import { getApi } from '../api';
import { getStore, useNetScope } from '../store';
import { ALL_GRID_COLUMN_IDS } from '../store/prefs';
import { useUi } from '../ui-store';
import { GRID_COLUMNS, GRID_COLUMN_BY_ID } from './columns';
import { resolveVisible, useFqdn } from './fqdn';
import { GridRow, ROW_HEIGHT, type VisibleColumn } from './GridRow';
import { createRowSlots } from './row-slots';
import { rowWindow, useScrollViewport } from './useRowWindow';

const HEADER_HEIGHT = 24;
// Rows rendered beyond the viewport on each side: each one is re-created when a diff shifts the view, so few.
const OVERSCAN = 4;
const NO_DATA: Connection[] = [];

const COLUMN_DEFS: ColumnDef<Connection>[] = GRID_COLUMNS.map((c) => ({
  id: c.id,
  header: c.title,
  size: c.size,
  minSize: 30,
  maxSize: 1200,
}));

export function ConnectionGrid({ rows }: { rows: Connection[] }) {
  const prefs = useNetScope((s) => s.prefs);
  const marks = useNetScope((s) => s.marks);
  const hasSnapshot = useNetScope((s) => s.snapshot !== null);
  const selectedId = useUi((s) => s.selectedId);
  const fqdnShown = prefs.visibleColumns.includes('fqdn');
  const fqdnVersion = useFqdn((s) => (fqdnShown ? s.version : 0));
  const scrollRef = useRef<HTMLDivElement>(null);

  const columnVisibility = useMemo(
    () => Object.fromEntries(ALL_GRID_COLUMN_IDS.map((id) => [id, prefs.visibleColumns.includes(id)])),
    [prefs.visibleColumns],
  );
  const sorting = useMemo(() => (prefs.sort ? [{ id: prefs.sort.column, desc: prefs.sort.desc }] : []), [prefs.sort]);

  const onColumnSizingChange = (updater: Updater<ColumnSizingState>): void => {
    const cur = getStore().getState().prefs.columnSizes;
    const next = typeof updater === 'function' ? updater(cur) : updater;
    for (const [id, size] of Object.entries(next)) if (cur[id] !== size) getStore().getState().setColumnSize(id, size);
  };

  // The table's row model stays empty: rows are rendered from `rows` directly,
  // so 100k Row objects are never built per refresh. This project does not run
  // the React Compiler, so its "cannot memoize this library" notice does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: NO_DATA,
    columns: COLUMN_DEFS,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    columnResizeMode: 'onChange',
    state: { columnVisibility, columnOrder: prefs.columnOrder, columnSizing: prefs.columnSizes, sorting },
    onColumnSizingChange,
  });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const layoutKey = headers.map((h) => `${h.column.id}:${h.getSize()}`).join(',');
  const columns: VisibleColumn[] = useMemo(
    () =>
      layoutKey
        .split(',')
        .filter(Boolean)
        .map((part) => {
          const [id = '', size = '0'] = part.split(':');
          const col = GRID_COLUMN_BY_ID.get(id) ?? { id, title: id, size: 100, kind: 'text' as const };
          return { ...col, width: Number(size) };
        }),
    [layoutKey],
  );
  const totalWidth = columns.reduce((w, c) => w + c.width, 0);
  // Cell widths for every row at once (rows set none inline; see GridRow).
  const widthCss = useMemo(
    () => columns.map((c) => `.grid-body .cell[data-col="${c.id}"]{width:${c.width}px}`).join('\n'),
    [columns],
  );

  // Fixed-height rows: the window is arithmetic on scrollTop (see useRowWindow.ts).
  const viewport = useScrollViewport(scrollRef, ROW_HEIGHT);
  const { first: firstIndex, end } = rowWindow(
    viewport.scrollTop,
    viewport.height,
    HEADER_HEIGHT,
    ROW_HEIGHT,
    rows.length,
    OVERSCAN,
  );
  const lastIndex = end - 1;
  const shown: { index: number; c: Connection }[] = [];
  for (let i = firstIndex; i < end; i++) {
    const c = rows[i];
    if (c) shown.push({ index: i, c });
  }
  // WHY slots, not ids, as keys: rows entering the window reuse the DOM of rows
  // that left instead of being mounted from scratch (see row-slots.ts). Same
  // ids give the same slots, so a repeated render (StrictMode) agrees.
  const [rowSlots] = useState(createRowSlots);
  const slots = rowSlots.assign(shown.map((s) => s.c.id));
  useEffect(() => {
    if (!fqdnShown) return;
    const addresses: string[] = [];
    for (let i = firstIndex; i <= lastIndex; i++) {
      const c = rows[i];
      if (c) addresses.push(c.remoteAddress);
    }
    resolveVisible(getApi(), addresses);
  }, [fqdnShown, rows, firstIndex, lastIndex]);

  const rowIdAt = (target: EventTarget): string | null =>
    target instanceof Element ? (target.closest('[data-row-id]')?.getAttribute('data-row-id') ?? null) : null;

  const scrollToIndex = (index: number): void => {
    const el = scrollRef.current;
    if (!el) return;
    const top = HEADER_HEIGHT + index * ROW_HEIGHT;
    if (top - HEADER_HEIGHT < el.scrollTop) el.scrollTop = top - HEADER_HEIGHT;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  const openMenuFor = (connection: Connection, x: number, y: number): void => {
    useUi.getState().select(connection.id);
    useUi.getState().openMenu({ connection, x, y });
  };

  const openMenuForSelected = (): void => {
    const id = useUi.getState().selectedId;
    const index = id === null ? -1 : rows.findIndex((r) => r.id === id);
    const el = scrollRef.current;
    const c = rows[index];
    if (!c || !el) return;
    scrollToIndex(index);
    const rect = el.getBoundingClientRect();
    const y = rect.top + HEADER_HEIGHT + index * ROW_HEIGHT - el.scrollTop + ROW_HEIGHT;
    openMenuFor(c, rect.left + 40, Math.min(y, rect.bottom - 4));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      openMenuForSelected();
      return;
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const id = useUi.getState().selectedId;
    const cur = id === null ? -1 : rows.findIndex((r) => r.id === id);
    let next: number | null = null;
    if (e.key in steps) next = cur < 0 ? 0 : cur + (steps[e.key] ?? 0);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'Enter') {
      const pid = rows[cur]?.pid;
      if (typeof pid === 'number') useUi.getState().openProcess(pid);
    }
    if (next === null || rows.length === 0) return;
    e.preventDefault();
    next = Math.max(0, Math.min(rows.length - 1, next));
    useUi.getState().select(rows[next]?.id ?? null);
    scrollToIndex(next);
  };

  const onMouseDown = (e: MouseEvent<HTMLDivElement>): void => {
    const id = rowIdAt(e.target);
    if (id !== null) useUi.getState().select(id);
  };

  const onContextMenu = (e: MouseEvent<HTMLDivElement>): void => {
    e.preventDefault();
    const id = rowIdAt(e.target);
    const c = id === null ? undefined : rows.find((r) => r.id === id);
    if (c) openMenuFor(c, e.clientX, e.clientY);
    else openMenuForSelected(); // keyboard-generated: no row under a pointer
  };

  // Tooltips for truncated text, set on the one cell under the pointer instead of on every rendered cell.
  const onMouseOver = (e: MouseEvent<HTMLDivElement>): void => {
    const cell = e.target instanceof Element ? e.target.closest('[role="gridcell"]') : null;
    if (cell instanceof HTMLElement) cell.title = cell.textContent ?? '';
  };

  const onDoubleClick = (e: MouseEvent<HTMLDivElement>): void => {
    const id = rowIdAt(e.target);
    const pid = rows.find((r) => r.id === id)?.pid;
    if (typeof pid === 'number') useUi.getState().openProcess(pid);
  };

  const cycleSort = (columnId: string): void => {
    const cur = getStore().getState().prefs.sort;
    const desc = cur?.column === columnId ? !cur.desc : false;
    getStore().getState().setSort({ column: columnId, desc });
  };

  return (
    <div
      ref={scrollRef}
      className="grid"
      role="grid"
      aria-label="Connections"
      aria-rowcount={rows.length + 1}
      data-testid="conn-grid"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseDown={onMouseDown}
      onContextMenu={onContextMenu}
      onDoubleClick={onDoubleClick}
      onMouseOver={onMouseOver}
    >
      <style>{widthCss}</style>
      <div className="grid-header" role="row" style={{ width: totalWidth, height: HEADER_HEIGHT }}>
        {headers.map((h) => {
          const id = h.column.id;
          const sorted = prefs.sort?.column === id ? (prefs.sort.desc ? 'descending' : 'ascending') : 'none';
          return (
            <div
              key={id}
              role="columnheader"
              aria-sort={sorted}
              data-testid={`col-header-${id}`}
              data-col={id}
              className={`header-cell ${GRID_COLUMN_BY_ID.get(id)?.kind ?? 'text'}`}
              style={{ width: h.getSize() }}
              onClick={() => cycleSort(id)}
              title={`Sort by ${String(h.column.columnDef.header)}`}
            >
              <span className="header-title">{String(h.column.columnDef.header)}</span>
              {sorted !== 'none' && <span className="sort-arrow">{sorted === 'ascending' ? '▲' : '▼'}</span>}
              <span
                className={`resizer${h.column.getIsResizing() ? ' resizing' : ''}`}
                onMouseDown={h.getResizeHandler()}
                onTouchStart={h.getResizeHandler()}
                onClick={(e) => e.stopPropagation()}
                aria-hidden="true"
              />
            </div>
          );
        })}
      </div>
      <div className="grid-body" style={{ height: rows.length * ROW_HEIGHT, width: totalWidth }}>
        {shown.map(({ index, c }, i) => {
          return (
            <GridRow
              key={slots[i]}
              connection={c}
              index={index}
              top={index * ROW_HEIGHT}
              width={totalWidth}
              columns={columns}
              mark={marks.get(c.id)}
              selected={c.id === selectedId}
              fqdnVersion={fqdnVersion}
            />
          );
        })}
      </div>
      {rows.length === 0 && (
        <div className="grid-empty">
          {hasSnapshot ? 'No connections match the filter.' : 'Waiting for the first snapshot…'}
        </div>
      )}
    </div>
  );
}
