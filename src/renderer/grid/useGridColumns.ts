/**
 * The grid's column model: @tanstack/react-table's header model over the
 * persisted column order, visibility and widths (its resize handlers write the
 * widths back to the store), and the visible columns with their widths for the
 * rows. Both derive from the same preferences, so nothing is parsed back.
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
import type { VisibleColumn } from './GridRow';

export { fillWidth, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH } from './column-layout';

const COLUMN_DEFS: ColumnDef<Connection>[] = GRID_COLUMNS.map((c) => ({
  id: c.id,
  header: c.title,
  size: c.size,
  minSize: MIN_COLUMN_WIDTH,
  maxSize: MAX_COLUMN_WIDTH,
}));
const NO_DATA: Connection[] = [];

export interface GridColumns {
  headers: Header<Connection, unknown>[];
  /** The visible columns in order, with their widths. */
  columns: VisibleColumn[];
  totalWidth: number;
}

export function useGridColumns(): GridColumns {
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

  const columns = useMemo(
    () => visibleColumns({ columnOrder: order, visibleColumns: visible, columnSizes: sizes }),
    [order, visible, sizes],
  );
  const totalWidth = useMemo(() => columns.reduce((w, c) => w + c.width, 0), [columns]);
  return { headers: table.getHeaderGroups()[0]?.headers ?? [], columns, totalWidth };
}
