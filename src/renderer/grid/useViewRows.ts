/**
 * The rows the grid shows: the store's rows, filtered, then sorted. Memoized
 * on the rows array (new only when a refresh changed something), the compiled
 * filter and the sort, so scrolling and unrelated renders cost nothing. The
 * filter text is deferred so typing stays responsive with 100k rows.
 */
import { useDeferredValue, useMemo } from 'react';
import { compileFilter } from '../../shared/filter';
import type { Connection } from '../../shared/model';
import { useNetScope } from '../store';
import { useFqdn } from './fqdn';
import { extraText } from './columns';
import { sortConnections } from './sort';

export interface ViewRows {
  rows: Connection[];
  /** Rows shown that are still open (closed rows are on screen one refresh longer). */
  openCount: number;
}

export function useViewRows(): ViewRows {
  const rows = useNetScope((s) => s.rows);
  const closed = useNetScope((s) => s.closed);
  const filter = useDeferredValue(useNetScope((s) => s.prefs.filter));
  const sort = useNetScope((s) => s.prefs.sort);
  // Only a sort by host name depends on names arriving.
  const fqdnVersion = useFqdn((s) => (sort?.column === 'fqdn' ? s.version : 0));

  const predicate = useMemo(() => compileFilter(filter), [filter]);
  const filtered = useMemo(() => (predicate ? rows.filter(predicate) : rows), [rows, predicate]);
  const sorted = useMemo(() => {
    void fqdnVersion;
    return sort ? sortConnections(filtered, sort.column, sort.desc, extraText) : filtered;
  }, [filtered, sort, fqdnVersion]);
  const closedShown = useMemo(() => (predicate ? closed.filter(predicate).length : closed.length), [closed, predicate]);
  return useMemo(() => ({ rows: sorted, openCount: sorted.length - closedShown }), [sorted, closedShown]);
}
