/** The grid's header row: a click, or Enter/Space on a header, sorts (again to flip); the edge resizes. */
import { memo } from 'react';
import type { Header } from '@tanstack/react-table';
import type { Connection } from '../../shared/model';
import type { SortPref } from '../store/prefs';
import { GRID_COLUMN_BY_ID } from './columns';
import { HEADER_HEIGHT } from './geometry';
import { useColumnHeaders } from './useGridColumns';

interface GridHeaderProps {
  headers: Header<Connection, unknown>[];
  /** The widths as drawn (a fill column may be wider than its header's set size). */
  columns: readonly { id: string; width: number }[];
  sort: SortPref | null;
  totalWidth: number;
  /** The column being resized, if any: its edge is highlighted (a prop, so the memoized header re-renders). */
  resizingId: string | null;
  onSort(columnId: string): void;
}

/**
 * WHY memo: the grid re-renders on every refresh, and the header (about 40 elements, with new handlers each
 * time) would be rendered and committed again with nothing changed; it now renders when its columns, widths,
 * sort or resizing do. `onSort` must therefore be stable.
 */
export const GridHeader = memo(function GridHeader({
  headers,
  columns,
  sort,
  totalWidth,
  resizingId,
  onSort,
}: GridHeaderProps) {
  return (
    <div className="grid-header" role="row" style={{ width: totalWidth, height: HEADER_HEIGHT }}>
      {headers.map((h) => {
        const id = h.column.id;
        const title = String(h.column.columnDef.header);
        const sorted = sort?.column === id ? (sort.desc ? 'descending' : 'ascending') : 'none';
        return (
          <div
            key={id}
            role="columnheader"
            aria-sort={sorted}
            data-testid={`col-header-${id}`}
            data-col={id}
            className={`header-cell ${GRID_COLUMN_BY_ID.get(id)?.kind ?? 'text'}`}
            style={{ width: columns.find((c) => c.id === id)?.width ?? h.getSize() }}
            onClick={() => onSort(id)}
            title={`${title}: sort (again to reverse)`}
          >
            {/* A button, so Tab reaches every header and Enter/Space sorts; the grid's arrows stay for the rows. */}
            <button
              type="button"
              className="header-title"
              data-testid={`col-sort-${id}`}
              onClick={(e) => {
                e.stopPropagation();
                onSort(id);
              }}
            >
              {title}
            </button>
            {sorted !== 'none' && <span className="sort-arrow">{sorted === 'ascending' ? '▲' : '▼'}</span>}
            <span
              className={`resizer${resizingId === id ? ' resizing' : ''}`}
              onMouseDown={h.getResizeHandler()}
              onTouchStart={h.getResizeHandler()}
              onClick={(e) => e.stopPropagation()}
              aria-hidden="true"
            />
          </div>
        );
      })}
    </div>
  );
});

/**
 * The header with its column model (useColumnHeaders: @tanstack/react-table's headers and the column being resized).
 * WHY its own memoized component: the grid renders on every refresh, and its rows do not read the table; here the
 * table is read only when the columns, their widths, the sort or a resize change (the table's own resizing state
 * renders this component alone). `columns` and `onSort` must therefore be stable.
 */
export const GridHead = memo(function GridHead({
  columns,
  sort,
  totalWidth,
  onSort,
}: Omit<GridHeaderProps, 'headers' | 'resizingId'>) {
  const { headers, resizingId } = useColumnHeaders();
  return (
    <GridHeader
      headers={headers}
      columns={columns}
      sort={sort}
      totalWidth={totalWidth}
      resizingId={resizingId}
      onSort={onSort}
    />
  );
});

/**
 * Cell widths for every row at once, as one stylesheet per column layout:
 * rows set no width inline (see row-painter.ts), so a diff that scrolls rows into
 * view sets no style properties for them.
 */
export const ColumnWidths = memo(function ColumnWidths({
  columns,
}: {
  columns: readonly { id: string; width: number }[];
}) {
  const css = columns.map((c) => `.grid-body .cell[data-col="${c.id}"]{width:${c.width}px}`).join('\n');
  return <style>{css}</style>;
});
