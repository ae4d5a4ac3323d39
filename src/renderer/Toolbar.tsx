/** The toolbar: engine controls, the quick filter, columns, export, elevation. */
import { useRef, useEffect, useState } from 'react';
import { ColumnChooser } from './grid/ColumnChooser';
import { useFocusGrid } from './grid/grid-focus';
import { useNetScope, useNetScopeStore } from './store';

export const INTERVALS_S = [0.5, 1, 2, 5, 10];

const FILTER_HELP =
  'Text matches any column. Terms: pid:1234 state:est port:443 lport: rport: proc:chrome user: ' +
  'proto:tcp|udp|tcp6|udp6 addr: laddr: raddr: (raddr:=x exact) path: — negate with -, e.g. -state:listen';

export function Toolbar() {
  const status = useNetScope((s) => s.status);
  const filter = useNetScope((s) => s.prefs.filter);
  const canElevate = useNetScope((s) => s.capabilities?.canElevate === true);
  const [elevating, setElevating] = useState(false);
  const filterRef = useRef<HTMLInputElement>(null);
  const focusRequests = useNetScope((s) => s.filterFocusRequests);
  const focusGrid = useFocusGrid();
  const storeApi = useNetScopeStore();
  // Actions are stable functions; reading them from the current state is enough.
  const store = storeApi.getState();
  const readOnly = status?.readOnly === true;
  const paused = status?.paused === true;
  const intervalS = (status?.intervalMs ?? 1000) / 1000;
  const intervals = INTERVALS_S.includes(intervalS) ? INTERVALS_S : [...INTERVALS_S, intervalS].sort((a, b) => a - b);

  // Ctrl/Cmd+F, '/' and the shell's 'focus-filter' command all ask the store to focus the filter box.
  useEffect(() => {
    if (focusRequests === 0) return;
    filterRef.current?.focus();
    filterRef.current?.select();
  }, [focusRequests]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') || (e.key === '/' && !inField)) {
        e.preventDefault();
        storeApi.getState().focusFilter();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [storeApi]);

  const elevate = async (): Promise<void> => {
    setElevating(true);
    await store.elevateOwners();
    setElevating(false);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="NetScope">
      <button
        type="button"
        className="btn"
        data-testid="pause-toggle"
        disabled={readOnly || !status}
        aria-pressed={paused}
        onClick={() => void (paused ? store.resume() : store.pause())}
      >
        {paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <button
        type="button"
        className="btn"
        data-testid="refresh-now"
        disabled={readOnly}
        onClick={() => void store.refreshNow()}
      >
        ⟳ Refresh
      </button>
      <label className="interval">
        Every
        <select
          data-testid="interval-select"
          aria-label="Refresh interval"
          disabled={readOnly}
          value={String(intervalS)}
          onChange={(e) => void store.setIntervalMs(Math.round(Number(e.target.value) * 1000))}
        >
          {intervals.map((s) => (
            <option key={s} value={String(s)}>
              {s} s
            </option>
          ))}
        </select>
      </label>
      <input
        ref={filterRef}
        className="filter"
        type="search"
        data-testid="filter-input"
        aria-label="Filter"
        placeholder="Filter (e.g. chrome, state:est, port:443, -proto:udp)"
        title={FILTER_HELP}
        spellCheck={false}
        value={filter}
        onChange={(e) => store.setFilter(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') store.setFilter('');
          if (e.key === 'ArrowDown' || e.key === 'Enter') focusGrid();
        }}
      />
      <ColumnChooser />
      <button type="button" className="btn" data-testid="export-csv" onClick={() => store.setExportOpen(true)}>
        Export CSV…
      </button>
      {canElevate && (
        <button
          type="button"
          className="btn"
          data-testid="elevate-owners"
          disabled={elevating}
          onClick={() => void elevate()}
        >
          Resolve owners as administrator
        </button>
      )}
    </div>
  );
}
