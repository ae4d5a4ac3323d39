/**
 * A small sortable table for the secondary views: click a header to sort (again
 * to flip). Rows are sorted in full and then cut to `limit`, so "top 50" means
 * top 50 by whichever column is sorted.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { nextSort, sortRows, type SortState, type SortValue } from './sort';

export interface TableColumn<T> {
  id: string;
  title: string;
  /** Hover text of the header. */
  description?: string;
  value: (row: T) => SortValue;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
  cellClass?: (row: T) => string | undefined;
}

interface SortableTableProps<T> {
  rows: readonly T[];
  columns: readonly TableColumn<T>[];
  rowKey: (row: T) => string;
  initialSort?: SortState;
  limit?: number;
  rowClass?: (row: T) => string | undefined;
  rowTestId?: string;
  empty?: ReactNode;
  testId?: string;
}

export function SortableTable<T>({
  rows,
  columns,
  rowKey,
  initialSort,
  limit,
  rowClass,
  rowTestId,
  empty = 'Nothing to show.',
  testId,
}: SortableTableProps<T>) {
  const [sort, setSort] = useState<SortState | null>(initialSort ?? null);
  const shown = useMemo(() => {
    const column = sort ? columns.find((c) => c.id === sort.column) : undefined;
    const sorted = column && sort ? sortRows(rows, column.value, sort.direction) : [...rows];
    return limit !== undefined ? sorted.slice(0, limit) : sorted;
  }, [rows, columns, sort, limit]);

  return (
    <div className="nsv-table-wrap">
      <table className="nsv-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.column === c.id;
              return (
                <th
                  key={c.id}
                  className={c.numeric ? 'nsv-num' : undefined}
                  title={c.description}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    className="nsv-sort"
                    onClick={() => setSort((s) => nextSort(s, c.id, c.numeric ?? false))}
                  >
                    {c.title}
                    <span className="nsv-sort-mark">{active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 ? (
            <tr>
              <td className="nsv-empty" colSpan={columns.length}>
                {empty}
              </td>
            </tr>
          ) : (
            shown.map((row) => (
              <tr key={rowKey(row)} className={rowClass?.(row)} data-testid={rowTestId}>
                {columns.map((c) => (
                  <td
                    key={c.id}
                    className={[c.numeric ? 'nsv-num' : '', c.cellClass?.(row) ?? ''].join(' ').trim() || undefined}
                  >
                    {c.render ? c.render(row) : (c.value(row) ?? '')}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {limit !== undefined && rows.length > limit ? (
        <div className="nsv-note">
          Showing {limit} of {rows.length}; sort by any column to change which.
        </div>
      ) : null}
    </div>
  );
}
