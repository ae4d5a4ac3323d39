/** Sorting for the views' tables: one comparator that handles numbers, text and missing values. */

export type SortDirection = 'asc' | 'desc';
export type SortValue = string | number | null | undefined;

export interface SortState {
  column: string;
  direction: SortDirection;
}

/**
 * Text compared "naturally" (eth2 before eth10, 10.0.0.9 before 10.0.0.10) by
 * zero-padding digit runs once per row: plain string comparison of the keys is
 * several times faster than Intl.Collator over 100k rows.
 */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(20, '0'));
}

type SortKey = string | number | null;

function toKey(value: SortValue): SortKey {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  return typeof value === 'number' ? value : naturalKey(value);
}

function compareKeys(a: SortKey, b: SortKey, direction: SortDirection): number {
  // Missing values sort last in both directions: an empty cell is never the "largest".
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  let order: number;
  if (typeof a === 'number' && typeof b === 'number') order = a - b;
  else {
    const x = String(a);
    const y = String(b);
    order = x < y ? -1 : x > y ? 1 : 0;
  }
  return direction === 'asc' ? order : -order;
}

export function compareSortValues(a: SortValue, b: SortValue, direction: SortDirection): number {
  return compareKeys(toKey(a), toKey(b), direction);
}

/** A stable sort of a copy by one column's values. */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, direction: SortDirection): T[] {
  const decorated = rows.map((row, index) => ({ row, index, key: toKey(value(row)) }));
  decorated.sort((x, y) => compareKeys(x.key, y.key, direction) || x.index - y.index);
  return decorated.map((d) => d.row);
}

/** Clicking the sorted column flips it; another column starts with numbers descending, text ascending. */
export function nextSort(current: SortState | null, column: string, numeric: boolean): SortState {
  if (current?.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: numeric ? 'desc' : 'asc' };
}
