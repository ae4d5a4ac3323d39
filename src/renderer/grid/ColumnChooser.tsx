/**
 * Show/hide and reorder columns: a dropdown of checkboxes, each with up/down
 * buttons. The order and visibility persist with the other preferences. It
 * takes focus when it opens; Escape or a click outside closes it, and focus
 * goes back to the Columns button.
 */
import { useEffect, useRef } from 'react';
import { useEscapeUnlessHandled } from '../panels/useEscape';
import { useNetScope, useNetScopeStore } from '../store';
import { GRID_COLUMN_BY_ID } from './columns';

export function ColumnChooser() {
  const store = useNetScopeStore();
  const open = useNetScope((s) => s.columnsOpen);
  const order = useNetScope((s) => s.prefs.columnOrder);
  const visible = useNetScope((s) => s.prefs.visibleColumns);
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>('input, button')?.focus();
    const close = (e: Event): void => {
      if (e.target instanceof Node && ref.current?.contains(e.target)) return;
      store.getState().setColumnsOpen(false);
    };
    window.addEventListener('mousedown', close, true);
    return () => window.removeEventListener('mousedown', close, true);
  }, [open, store]);
  useEscapeUnlessHandled(() => {
    store.getState().setColumnsOpen(false);
    buttonRef.current?.focus();
  }, open);

  const move = (index: number, by: number): void => {
    const next = [...order];
    const [id] = next.splice(index, 1);
    if (id === undefined) return;
    next.splice(Math.max(0, Math.min(next.length, index + by)), 0, id);
    store.getState().setColumnOrder(next);
  };

  return (
    <div className="dropdown" ref={ref}>
      <button
        ref={buttonRef}
        type="button"
        className="btn"
        data-testid="columns-button"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => store.getState().setColumnsOpen(!open)}
      >
        Columns
      </button>
      {open && (
        <div
          ref={panelRef}
          className="dropdown-panel column-chooser"
          data-testid="column-chooser"
          role="group"
          aria-label="Columns"
        >
          {order.map((id, i) => (
            <div key={id} className="column-choice">
              <label>
                <input
                  type="checkbox"
                  data-testid={`column-toggle-${id}`}
                  checked={visible.includes(id)}
                  onChange={(e) => store.getState().setColumnVisible(id, e.target.checked)}
                />
                {GRID_COLUMN_BY_ID.get(id)?.title ?? id}
              </label>
              <span className="column-move">
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Move ${GRID_COLUMN_BY_ID.get(id)?.title ?? id} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Move ${GRID_COLUMN_BY_ID.get(id)?.title ?? id} down`}
                  disabled={i === order.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
              </span>
            </div>
          ))}
          <button type="button" className="btn small" onClick={() => store.getState().resetColumns()}>
            Reset to defaults
          </button>
        </div>
      )}
    </div>
  );
}
