/** The toolbar: engine controls, the quick filter, columns, export, elevation. */
import { memo, useEffect, useState } from 'react';
import { REFRESH_INTERVAL_CHOICES_MS } from '../shared/refresh';
import { FilterBox } from './FilterBox';
import { ColumnChooser } from './grid/ColumnChooser';
import { useNetScope, useNetScopeStore } from './store';
import { UnixToggle } from './UnixToggle';

/** The menu's choices, in seconds (src/shared/refresh.ts holds the one list). */
const INTERVALS_S: number[] = REFRESH_INTERVAL_CHOICES_MS.map((ms) => ms / 1000);

/**
 * WHY memo and one selector per field shown: the App re-renders on every diff (it holds the grid's view), and
 * the engine status is a new object with every refresh; the toolbar shows neither, so it renders only when a
 * field it shows changes.
 */
export const Toolbar = memo(function Toolbar() {
  const hasStatus = useNetScope((s) => s.status !== null);
  const readOnly = useNetScope((s) => s.status?.readOnly === true);
  const paused = useNetScope((s) => s.status?.paused === true);
  const intervalMs = useNetScope((s) => s.status?.intervalMs ?? 1000);
  const hideTimeWait = useNetScope((s) => s.prefs.hideTimeWait);
  const canElevate = useNetScope((s) => s.capabilities?.canElevate === true);
  const [elevating, setElevating] = useState(false);
  const storeApi = useNetScopeStore();
  // Actions are stable functions; reading them from the current state is enough.
  const store = storeApi.getState();
  const intervalS = intervalMs / 1000;
  const intervals = INTERVALS_S.includes(intervalS) ? INTERVALS_S : [...INTERVALS_S, intervalS].sort((a, b) => a - b);

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
        disabled={readOnly || !hasStatus}
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
      <FilterBox />
      <label className="toggle" title="TIME_WAIT: connections already closed, kept by the kernel for a while">
        <input
          type="checkbox"
          data-testid="hide-time-wait"
          checked={hideTimeWait}
          onChange={(e) => store.setHideTimeWait(e.target.checked)}
        />
        Hide TIME_WAIT
      </label>
      <UnixToggle />
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
});
