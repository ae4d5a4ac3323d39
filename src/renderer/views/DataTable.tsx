/**
 * The secondary views' tables, sorted by @tanstack/react-table's row models:
 * click a header (or press Enter/Space on it) to sort, again to flip. Rows are
 * sorted in full and then cut to `limit`, so "top 50" means top 50 by
 * whichever column is sorted. Missing values sort last in both directions; text
 * sorts "naturally" (eth2 before eth10) through precomputed keys (sort.ts).
 * With a rowAction, a row is a way into the grid: a click anywhere on it, or
 * Enter on its first cell (a button, so the keyboard reaches every row).
 */
import { useMemo, useState, type ReactNode } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { breakable } from './break-points';
import { sortKey, type SortState, type SortValue } from './sort';
import { tableToCsv } from './table-csv';

export interface TableColumn<T> {
  id: string;
  title: string;
  /** Hover text of the header. */
  description?: string;
  value: (row: T) => SortValue;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
  cellClass?: (row: T) => string | undefined;
  /** The cell in a CSV export, where neither the value (a sort key) nor the text shown is it. */
  csv?: (row: T) => string | number | null;
  /** The header in a CSV export, where the unit shown in the cells must move to it: 'Rate (B/s)'. */
  csvTitle?: string;
  /** Hover text of a cell: the exact value behind a shortened one ("16.4M" is 16,392,118 packets). */
  cellTitle?: (row: T) => string | undefined;
  /**
   * Shown only while some row has a value in it (not 0, not blank); the CSV keeps it. WHY: a column with nothing in
   * it says nothing but takes ~80 px (the DoS tables' rarer TCP states), and the tables must fit an 800 px window.
   * The table's foot names the columns left out. The sorted column is always shown.
   */
  hideWhenEmpty?: boolean;
  /** In the CSV only: the screen says it another way (the Routes view's sections are per family). */
  csvOnly?: boolean;
  /** The cells may wrap (addresses, at the break points breakable() gives) when the window is too narrow. */
  wrap?: boolean;
}

/** True when a cell shows something. */
function hasValue(value: SortValue): boolean {
  return value !== null && value !== undefined && value !== '' && value !== 0;
}

/**
 * Rows shown in groups (the Routes view's IPv4 and IPv6), each under a heading row, in ONE table. WHY one table:
 * two tables size their columns each by its own content, so the families' columns did not line up; one table gives
 * them the same widths and still lets long cells wrap at 800 px. Sorting is the table's; each group keeps its rows in
 * the sorted order. With exportCsv, each group has its own CSV button (`csv-<name>-<key>`).
 */
export interface RowGroups<T> {
  of: (row: T) => string;
  list: readonly { key: string; title: ReactNode; csvTitle: string; empty: ReactNode }[];
}

export interface RowAction<T> {
  /** What the action does, for this row (the button's tooltip and accessible description). */
  label: (row: T) => string;
  run: (row: T) => void;
}

interface DataTableProps<T> {
  rowAction?: RowAction<T>;
  rows: readonly T[];
  columns: readonly TableColumn<T>[];
  rowKey: (row: T) => string;
  initialSort?: SortState;
  limit?: number;
  rowClass?: (row: T) => string | undefined;
  rowTestId?: string;
  empty?: ReactNode;
  testId?: string;
  /** An "Export CSV" button under the table: every row in the order shown, written by save (the store's saveCsv). */
  exportCsv?: { name: string; save: (csv: string, name: string) => void };
  groups?: RowGroups<T>;
  /**
   * With `limit` and `initialSort`: `rows` are only the first rows (at least `limit`, or all there are) of `all()`, in
   * that sort's order (ties as the table would leave them: in the order given), and `total` says how many all() has.
   * While the table is sorted that way, only `rows` go through its row models; sorted another way, and for the CSV,
   * it reads all() (made on call). WHY: the Top talkers by remote host, at 100k connections to as many hosts, made
   * the table build and sort a row model of every host on every refresh (seconds a refresh), and the tracker copy
   * and sort them all (~22 ms), to show the first 100 (TalkerTracker.busiest gives those alone).
   */
  presorted?: PresortedRows<T>;
  /** In the foot, after "Showing N of M": a way to show more or fewer rows (Top talkers' "Show the busiest 100"). */
  showMore?: ReactNode;
}

/** The whole list behind a table given its head alone (DataTableProps.presorted). */
export interface PresortedRows<T> {
  total: number;
  all: () => readonly T[];
}

function columnDefs<T>(columns: readonly TableColumn<T>[]): ColumnDef<T, string | number | undefined>[] {
  return columns.map((c) => ({
    id: c.id,
    header: () => breakable(c.title),
    // The accessor gives the sort key (undefined when missing); cells render from the row.
    accessorFn: (row: T) => sortKey(c.value(row)) ?? undefined,
    cell: (info) => (c.render ? c.render(info.row.original) : (c.value(info.row.original) ?? '')),
    sortingFn: 'basic',
    sortUndefined: 'last',
    // Numbers start with the largest (top talkers), text with A.
    sortDescFirst: c.numeric === true,
    meta: c,
  }));
}

export function DataTable<T>({
  rows,
  columns,
  rowKey,
  initialSort,
  limit,
  rowClass,
  rowTestId,
  empty = 'Nothing to show.',
  testId,
  rowAction,
  exportCsv,
  groups,
  presorted,
  showMore,
}: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(() =>
    initialSort ? [{ id: initialSort.column, desc: initialSort.direction === 'desc' }] : [],
  );
  const first = sorting[0];
  /** The rows are in the table's order as given (presorted): the first `limit` are the ones shown. */
  const asGiven =
    presorted !== undefined &&
    limit !== undefined &&
    groups === undefined &&
    initialSort !== undefined &&
    first !== undefined &&
    first.id === initialSort.column &&
    first.desc === (initialSort.direction === 'desc');
  const data = useMemo(
    () => (asGiven ? rows.slice(0, limit) : [...(presorted ? presorted.all() : rows)]),
    [rows, presorted, asGiven, limit],
  );
  /** How many rows there are, and every one of them in the order given (read on call: the CSV, hidden columns). */
  const total = presorted ? presorted.total : rows.length;
  const defs = useMemo(() => columnDefs(columns), [columns]);
  // The sorted column stays shown, empty or not. WHY: rows sorted by a column the user cannot see, with no sort mark
  // anywhere, read as unsorted (a state column clicked to sort, then emptied by a refresh). Not a reset of the sort
  // either: the rows would jump under the user's eyes at a refresh, and the column comes back with the state.
  const sortedId = sorting[0]?.id;
  const hiddenEmpty = useMemo(() => {
    const candidates = columns.filter((c) => c.hideWhenEmpty === true && c.id !== sortedId);
    if (candidates.length === 0) return candidates;
    const every = presorted ? presorted.all() : rows;
    return candidates.filter((c) => !every.some((r) => hasValue(c.value(r))));
  }, [columns, rows, presorted, sortedId]);
  const columnVisibility = useMemo(() => {
    const visibility: Record<string, boolean> = {};
    for (const c of columns) if (c.csvOnly === true) visibility[c.id] = false;
    for (const c of hiddenEmpty) visibility[c.id] = false;
    return visibility;
  }, [columns, hiddenEmpty]);
  // This project does not run the React Compiler, so its "cannot memoize this library" notice does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns: defs,
    state: { sorting, columnVisibility },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (row) => rowKey(row),
    enableSortingRemoval: false,
    enableMultiSort: false,
  });
  const sorted = table.getRowModel().rows;
  const shown = limit !== undefined ? sorted.slice(0, limit) : sorted;

  const columnCount = table.getVisibleLeafColumns().length;
  const emptyRow = (text: ReactNode): ReactNode => (
    <tr>
      <td className="nsv-empty" colSpan={columnCount}>
        {text}
      </td>
    </tr>
  );
  const renderRows = (list: typeof shown): ReactNode =>
    list.map((row) => (
      <tr
        key={row.id}
        className={[rowClass?.(row.original), rowAction ? 'nsv-row-action' : ''].join(' ').trim() || undefined}
        data-testid={rowTestId}
        title={rowAction?.label(row.original)}
        onClick={rowAction ? () => rowAction.run(row.original) : undefined}
      >
        {row.getVisibleCells().map((cell, i) => {
          const c = columns.find((col) => col.id === cell.column.id);
          const classes = [c?.numeric ? 'nsv-num' : '', c?.wrap ? 'nsv-wrap' : '', c?.cellClass?.(row.original) ?? '']
            .join(' ')
            .trim();
          const content = flexRender(cell.column.columnDef.cell, cell.getContext());
          return (
            <td key={cell.id} className={classes || undefined} title={c?.cellTitle?.(row.original)}>
              {rowAction && i === 0 ? (
                <button
                  type="button"
                  className="nsv-row-link"
                  aria-label={`${String(c?.value(row.original) ?? '')}: ${rowAction.label(row.original)}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    rowAction.run(row.original);
                  }}
                >
                  {content}
                </button>
              ) : (
                content
              )}
            </td>
          );
        })}
      </tr>
    ));

  // One CSV for the table, or one per group (its name suffixed with the group's key), each in the order shown.
  const csvParts =
    exportCsv === undefined
      ? []
      : groups === undefined
        ? [
            {
              name: exportCsv.name,
              title: '',
              count: asGiven ? total : sorted.length,
              rows: (): readonly T[] => (asGiven && presorted ? presorted.all() : sorted.map((r) => r.original)),
            },
          ]
        : groups.list
            .map((g) => {
              const inGroup = sorted.map((r) => r.original).filter((row) => groups.of(row) === g.key);
              return {
                name: `${exportCsv.name}-${g.key}`,
                title: `${g.csvTitle} `,
                count: inGroup.length,
                rows: () => inGroup,
              };
            })
            .filter((part) => part.count > 0);

  return (
    <div className="nsv-table-wrap">
      <table className="nsv-table" data-testid={testId}>
        <thead>
          <tr>
            {table
              .getFlatHeaders()
              .filter((h) => h.column.getIsVisible())
              .map((h) => {
                const c = columns.find((col) => col.id === h.column.id);
                const dir = h.column.getIsSorted();
                return (
                  <th
                    key={h.id}
                    className={c?.numeric ? 'nsv-num' : undefined}
                    title={c?.description}
                    aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                  >
                    <button type="button" className="nsv-sort" onClick={h.column.getToggleSortingHandler()}>
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      <span className="nsv-sort-mark">{dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}</span>
                    </button>
                  </th>
                );
              })}
          </tr>
        </thead>
        {groups ? (
          groups.list.map((g) => {
            const inGroup = shown.filter((row) => groups.of(row.original) === g.key);
            return (
              <tbody key={g.key} data-testid={`nsv-group-${g.key}`}>
                <tr className="nsv-group">
                  <th scope="rowgroup" colSpan={columnCount}>
                    {g.title}
                  </th>
                </tr>
                {inGroup.length === 0 ? emptyRow(g.empty) : renderRows(inGroup)}
              </tbody>
            );
          })
        ) : (
          <tbody>{shown.length === 0 ? emptyRow(empty) : renderRows(shown)}</tbody>
        )}
      </table>
      {(limit !== undefined && total > limit) ||
      (exportCsv && total > 0) ||
      (hiddenEmpty.length > 0 && total > 0) ||
      showMore !== undefined ? (
        <div className="nsv-note nsv-table-foot">
          {hiddenEmpty.length > 0 && total > 0 ? (
            <span data-testid="nsv-hidden-empty" title={hiddenEmpty.map((c) => c.description ?? c.title).join(', ')}>
              Empty, not shown: {hiddenEmpty.map((c) => c.title).join(', ')}
            </span>
          ) : null}
          {limit !== undefined && total > limit ? (
            <span>
              Showing {limit} of {total}; sort by any column to change which.
            </span>
          ) : null}
          {showMore}
          {exportCsv && total > 0
            ? csvParts.map((part, i) => (
                <button
                  key={part.name}
                  type="button"
                  className={`nsv-button${i === 0 ? ' nsv-csv' : ''}`}
                  data-testid={`csv-${part.name}`}
                  onClick={() => exportCsv.save(tableToCsv(columns, part.rows()), part.name)}
                >
                  Export {part.title}CSV ({part.count} {part.count === 1 ? 'row' : 'rows'})
                </button>
              ))
            : null}
        </div>
      ) : null}
    </div>
  );
}
