/**
 * The grid's column model: the visible columns with their widths for the rows
 * (useVisibleColumns), and @tanstack/react-table's header model over the
 * persisted column order, visibility and widths (useColumnHeaders; its resize
 * handlers write the widths back to the store). Both derive from the same
 * preferences, so nothing is parsed back.
 */
import { useMemo } from 'react';
import {
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnSizingState,
  type Header,
  type Updater,
} from '@tanstack/react-table';
import type { Connection } from '../../shared/model';
import { useNetScope, useNetScopeStore } from '../store';
import { ALL_GRID_COLUMN_IDS } from '../store/prefs';
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, visibleColumns } from './column-layout';
import { GRID_COLUMNS } from './columns';
import type { VisibleColumn } from './row-painter';

export { columnsWidth, fillWidth, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH } from './column-layout';

const COLUMN_DEFS: ColumnDef<Connection>[] = GRID_COLUMNS.map((c) => ({
  id: c.id,
  header: c.title,
  size: c.size,
  minSize: MIN_COLUMN_WIDTH,
  maxSize: MAX_COLUMN_WIDTH,
}));
const NO_DATA: Connection[] = [];

/**
 * The visible columns in order, with their set widths (before fillWidth), from the preferences alone.
 *
 * WHY apart from the header model (useColumnHeaders): the grid renders on every refresh, and its rows need only
 * these; @tanstack/react-table's table (its options object rebuilt and its memos checked per render) is read by
 * the header alone, which a refresh does not render (GridHead).
 */
export function useVisibleColumns(): VisibleColumn[] {
  const order = useNetScope((s) => s.prefs.columnOrder);
  const visible = useNetScope((s) => s.prefs.visibleColumns);
  const sizes = useNetScope((s) => s.prefs.columnSizes);
  return useMemo(
    () => visibleColumns({ columnOrder: order, visibleColumns: visible, columnSizes: sizes }),
    [order, visible, sizes],
  );
}

export interface ColumnHeaders {
  headers: Header<Connection, unknown>[];
  /** The column being resized, if any. */
  resizingId: string | null;
}

/** The header model: @tanstack/react-table's headers over the persisted column order, visibility and widths. */
export function useColumnHeaders(): ColumnHeaders {
  const store = useNetScopeStore();
  const order = useNetScope((s) => s.prefs.columnOrder);
  const visible = useNetScope((s) => s.prefs.visibleColumns);
  const sizes = useNetScope((s) => s.prefs.columnSizes);
  const sort = useNetScope((s) => s.prefs.sort);

  const columnVisibility = useMemo(
    () => Object.fromEntries(ALL_GRID_COLUMN_IDS.map((id) => [id, visible.includes(id)])),
    [visible],
  );
  const sorting = useMemo(() => (sort ? [{ id: sort.column, desc: sort.desc }] : []), [sort]);

  const onColumnSizingChange = (updater: Updater<ColumnSizingState>): void => {
    const s = store.getState();
    const cur = s.prefs.columnSizes;
    const next = typeof updater === 'function' ? updater(cur) : updater;
    for (const [id, size] of Object.entries(next)) if (cur[id] !== size) s.setColumnSize(id, size);
  };

  // The table's row model stays empty: rows are rendered from the view's array
  // directly, so 100k Row objects are never built per refresh. This project does
  // not run the React Compiler, so its "cannot memoize this library" notice does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: NO_DATA,
    columns: COLUMN_DEFS,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    columnResizeMode: 'onChange',
    state: { columnVisibility, columnOrder: order, columnSizing: sizes, sorting },
    onColumnSizingChange,
  });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  return { headers, resizingId: headers.find((h) => h.column.getIsResizing())?.column.id ?? null };
}
