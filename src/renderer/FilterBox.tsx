/**
 * The quick filter box: suggestions for field names and values as you type
 * (a native datalist, so arrows and Enter pick one), and under the box, why a
 * term cannot match; the grid keeps its last valid result meanwhile (the store
 * applies only a filter whose every term can match).
 */
import { useEffect, useMemo, useRef } from 'react';
import { FILTER_FIELDS } from '../shared/filter';
import { filterSuggestions } from '../shared/filter-assist';
import { setFilterBoxFocused, setFilterBoxHovered } from './grid/filter-focus';
import { useFocusGrid } from './grid/grid-focus';
import { useNetScope, useNetScopeStore } from './store';

const FILTER_HELP =
  'Text matches any column. Terms: ' +
  Object.entries(FILTER_FIELDS)
    .map(([field, what]) => `${field}: ${what}`)
    .join('; ') +
  '. Negate with -, e.g. -state:listen -proto:udp.';

export function FilterBox() {
  const store = useNetScopeStore();
  const filter = useNetScope((s) => s.prefs.filter);
  const problems = useNetScope((s) => s.filterProblems);
  const focusRequests = useNetScope((s) => s.filterFocusRequests);
  const focusGrid = useFocusGrid();
  const ref = useRef<HTMLInputElement>(null);
  const suggestions = useMemo(() => filterSuggestions(filter), [filter]);

  // Ctrl/Cmd+F, '/' and the shell's 'focus-filter' command all ask the store to focus the filter box.
  useEffect(() => {
    if (focusRequests === 0) return;
    ref.current?.focus();
    ref.current?.select();
  }, [focusRequests]);

  // A focused (or hovered) box that goes away fires no blur.
  useEffect(
    () => () => {
      setFilterBoxFocused(store, false);
      setFilterBoxHovered(store, false);
    },
    [store],
  );

  return (
    <div className="filter-box">
      <input
        ref={ref}
        className={`filter${problems.length > 0 ? ' invalid' : ''}`}
        type="search"
        data-testid="filter-input"
        aria-label="Filter"
        aria-invalid={problems.length > 0}
        aria-describedby={problems.length > 0 ? 'filter-problem' : 'filter-help'}
        list="filter-suggestions"
        autoComplete="off"
        placeholder="Filter (e.g. chrome, state:est, port:443, -proto:udp)"
        title={FILTER_HELP}
        spellCheck={false}
        value={filter}
        onChange={(e) => store.getState().setFilter(e.target.value)}
        // The grid builds the rows' filter texts only while a filter may be typed (grid/warm-filter-text.ts).
        onFocus={() => setFilterBoxFocused(store, true)}
        onBlur={() => setFilterBoxFocused(store, false)}
        onPointerEnter={() => setFilterBoxHovered(store, true)}
        onPointerLeave={() => setFilterBoxHovered(store, false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            // Handled here: a panel open beside the grid stays open.
            e.preventDefault();
            store.getState().setFilter('');
          }
          if (e.key === 'ArrowDown' && suggestions.length === 0) focusGrid();
          if (e.key === 'Enter') {
            store.getState().commitFilter();
            focusGrid();
          }
        }}
      />
      <datalist id="filter-suggestions" data-testid="filter-suggestions">
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <span id="filter-help" hidden>
        {FILTER_HELP}
      </span>
      {problems.length > 0 && (
        <div id="filter-problem" className="filter-problem" role="alert" data-testid="filter-problem">
          {problems.join(' · ')} — showing the last filter that could match.
        </div>
      )}
    </div>
  );
}
