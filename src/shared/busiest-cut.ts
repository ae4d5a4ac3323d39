/**
 * The cut a Top talkers tracker makes of the groups gone quiet (top-talkers.ts forgetQuietGone): which of them are
 * past the `kept` busiest. Pure, no I/O.
 */

/** What the cut reads of an entry: the bytes it moved (more is busier) and its key (the tie-break, ascending). */
export interface BusiestOrder<T> {
  bytes(entry: T): number;
  key(entry: T): string;
}

/**
 * The entries that are not among the `kept` first in the order most bytes first, then key ascending: the ones a
 * sort of them all in that order would put from `kept` on, in no particular order. NaN bytes count as the fewest.
 *
 * WHY not that sort: by remote host, a busy server's gone hosts reach 15,000 at each cut (the cut keeps 10,000), and
 * sorting them with a comparator that reads two objects and compares keys on ties was most of a ~30 ms step in the
 * tracker's refresh, once every ~15 refreshes at 100k connections (in the page's Top talkers view, inside the
 * refresh's render). Here the bytes alone are sorted as numbers (a typed array's native sort) to find the kept
 * ones' least, and of the entries with exactly that many bytes the first by key are selected, not sorted.
 */
export function pastBusiest<T>(entries: readonly T[], kept: number, order: BusiestOrder<T>): T[] {
  if (entries.length <= kept) return [];
  if (kept <= 0) return entries.slice();
  const bytes = new Float64Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const b = order.bytes(entries[i] as T);
    bytes[i] = Number.isNaN(b) ? -Infinity : b;
  }
  // The least that the kept ones moved: the kept-th most.
  const least = (bytes.slice().sort() as Float64Array)[entries.length - kept] as number;
  const out: T[] = [];
  const ties: T[] = [];
  let above = 0;
  for (let i = 0; i < entries.length; i++) {
    const b = bytes[i] as number;
    if (b > least) above++;
    else if (b < least) out.push(entries[i] as T);
    else ties.push(entries[i] as T);
  }
  // Of the entries with exactly `least` bytes, the first by key fill the places the busier ones left.
  const keys = ties.map(order.key);
  const need = kept - above;
  selectFirst(keys, ties, need);
  for (let i = need; i < ties.length; i++) out.push(ties[i] as T);
  return out;
}

/**
 * Reorders `keys` (and `items` with them) so that the `n` least keys come first, in no order (Hoare's selection,
 * the middle as pivot). WHY not a sort: at a cut by remote host nearly every gone host has the same bytes (none
 * moved since counting began), so the ties are the 15,000 and a sort of them by key ~10 ms; the selection compares
 * a few times as many keys as there are, not ~14 times.
 */
function selectFirst<T>(keys: string[], items: T[], n: number): void {
  if (n <= 0 || n >= keys.length) return;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi) {
    const pivot = keys[(lo + hi) >> 1] as string;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((keys[i] as string) < pivot) i++;
      while ((keys[j] as string) > pivot) j--;
      if (i <= j) {
        swap(keys, i, j);
        swap(items, i, j);
        i++;
        j--;
      }
    }
    // [lo..j] <= pivot <= [i..hi], and what lies between them equals the pivot: the n-th least (index n - 1) is
    // in one side, to be sought there, or between, in its place.
    if (n - 1 <= j) hi = j;
    else if (n - 1 >= i) lo = i;
    else return;
  }
}

function swap<T>(list: T[], a: number, b: number): void {
  const x = list[a] as T;
  list[a] = list[b] as T;
  list[b] = x;
}
