/**
 * The live connection grid: fixed-height rows windowed by scroll position
 * (100k rows render ~40 DOM rows), the visible columns (useGridColumns), the
 * header with its column model (GridHead), keys (useGridKeyboard), the row menu (useRowMenu) and
 * host names for the rows on screen (visible-host-names.ts). Rows come in
 * already filtered and sorted (useViewRows's LiveView); events are delegated from the
 * container.
 *
 * React renders the grid's frame (header, widths, the empty line) when its inputs change; the rows on screen, the
 * body's height and the row count are painted by a WindowPainter after each render and at each diff, which renders
 * nothing (live-view.ts says why).
 *
 * Before the whole snapshot is in, the grid holds `count` rows of which only the first (the snapshot's head) have
 * come: it is as tall as the whole view, as the page's first screen draws it (boot/first-screen.ts), and a row
 * scrolled to before its data says it is loading. When the snapshot lands, the rows fill in where the user is.
 */
import {
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type RefObject,
} from 'react';
import type { Connection } from '../../shared/model';
import { useNetScope, useNetScopeStore } from '../store';
import type { HostNames } from './columns';
import { GridRefContext } from './grid-focus';
import { ColumnWidths, GridHead } from './GridHeader';
import { ROW_HEIGHT, STRIPES } from './geometry';
import type { LiveView, ViewRows } from './live-view';
import { useTrafficColumns } from './traffic-columns';
import { ownerlessMeaningOf } from '../../shared/ownerless';
import { TEMPLATE_COLUMN, templateCellTitle, useTcpTemplatesSwitch } from './template-column';
import { useCellFit } from './cell-fit';
import { columnsWidth, fillWidth, useVisibleColumns } from './useGridColumns';
import { useGridKeyboard } from './useGridKeyboard';
import { useScrollViewport } from './useRowWindow';
import { useRowMenu } from './useRowMenu';
import { WindowPainter } from './window-painter';

const NO_NAMES: HostNames = new Map();

const rowIdAt = (target: EventTarget): string | null =>
  target instanceof Element ? (target.closest('[data-row-id]')?.getAttribute('data-row-id') ?? null) : null;

interface GridProps {
  /** The view kept up to date per diff (useViewRows): the rows painted are its current ones (live-view.ts). */
  live: LiveView;
  /**
   * The view this render was cut with (useViewRows). Read at render for its counts (React renders the "no
   * connections" line and loading), and compared to tell whether its commit is still to come (see the paint below);
   * its rows are never read after the render: later diffs may write into them once they are off screen.
   */
  view: ViewRows;
}

export function ConnectionGrid({ live, view }: GridProps) {
  const { count } = view;
  const arrived = view.rows.length;
  // Rows the grid is sized for; from `arrived` on they are still loading (never fewer than the rows in).
  const size = Math.max(count, arrived);
  const loading = size > arrived;
  const store = useNetScopeStore();
  const hasSnapshot = useNetScope((s) => s.snapshot !== null);
  const selectedId = useNetScope((s) => s.selectedId);
  const sort = useNetScope((s) => s.prefs.sort);
  const fqdnShown = useNetScope((s) => s.prefs.visibleColumns.includes('fqdn'));
  const hostNames = useNetScope((s) => (fqdnShown ? s.hostNames : NO_NAMES));
  const ownRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const fit = useCellFit(bodyRef);
  const gridRef = useContext(GridRefContext) ?? ownRef;
  const setColumns = useVisibleColumns();
  const trafficAbsent = useTrafficColumns();
  const ownerless = useNetScope((s) => ownerlessMeaningOf(s.snapshot));
  useTcpTemplatesSwitch();
  const templatesState = useNetScope((s) => s.status?.tcpTemplates);

  // Fixed-height rows: the window is arithmetic on scrollTop (see useRowWindow.ts).
  const viewport = useScrollViewport(gridRef, ROW_HEIGHT);
  const columns = useMemo(() => fillWidth(setColumns, viewport.width), [setColumns, viewport.width]);
  const totalWidth = useMemo(() => columnsWidth(columns), [columns]);
  const menu = useRowMenu(live, gridRef);
  const onKeyDown = useGridKeyboard(live, gridRef, menu);
  const onSort = useCallback((id: string) => store.getState().cycleSort(id), [store]);

  // The painter of the rows on screen, with this render's inputs; a diff paints with the last render's (see paint).
  const [painter] = useState(() => new WindowPainter());
  const templatesRef = useRef(templatesState);

  // The row of an element in the grid: one of the painted window's (WHY not rows.find: a pass over 100k rows, and
  // the hover title of an empty Template cell asks after every paint while the pointer rests on it).
  const rowAt = (target: EventTarget): Connection | undefined => {
    const id = rowIdAt(target);
    return id === null ? undefined : painter.rowOf(id);
  };

  const onMouseDown = (e: MouseEvent<HTMLDivElement>): void => {
    const id = rowIdAt(e.target);
    if (id !== null) store.getState().select(id);
  };

  const onContextMenu = (e: MouseEvent<HTMLDivElement>): void => {
    e.preventDefault();
    const c = rowAt(e.target);
    if (c) menu.openAt(c, e.clientX, e.clientY);
    else menu.openForSelected(); // keyboard-generated: no row under a pointer
  };

  const onMouseOver = (e: MouseEvent<HTMLDivElement>): void => {
    const cell = e.target instanceof Element ? e.target.closest('[role="gridcell"]') : null;
    if (!(cell instanceof HTMLElement)) return;
    painter.hover(cell);
  };

  const onDoubleClick = (e: MouseEvent<HTMLDivElement>): void => {
    const pid = rowAt(e.target)?.pid;
    if (typeof pid === 'number') store.getState().openProcess(pid);
  };

  // After every render: its inputs for this paint and the diffs' until the next render.
  useLayoutEffect(() => {
    templatesRef.current = templatesState;
    painter.attach(store, gridRef.current, bodyRef.current, (cell) => {
      const text = cell.textContent ?? '';
      // An empty Template cell says why (being read, not in the last read, not TCP).
      const row = text === '' && cell.dataset.col === TEMPLATE_COLUMN ? rowAt(cell) : undefined;
      // A Program cell without an owner says why (the painter's data-why, row-painter.ts).
      return cell.dataset.why ?? (row ? templateCellTitle(row, templatesRef.current) : text);
    });
    const inputs = {
      scrollTop: viewport.scrollTop,
      height: viewport.height,
      width: totalWidth,
      columns,
      selectedId,
      hostNames,
      fit,
      ownerless,
      trafficAbsent,
      fqdnShown,
    };
    // A new view is painted when App's commit hands it on, after this effect: painting now would paint the one before.
    if (live.awaitsCommit(view)) painter.setInputs(inputs);
    else painter.paint(live.current, inputs);
  });
  // Each diff's view, painted with the last render's inputs.
  useLayoutEffect(() => live.subscribe((next) => painter.repaint(next)), [live, painter]);

  return (
    <div
      ref={gridRef}
      className="grid"
      role="grid"
      aria-label="Connections"
      aria-busy={loading || undefined}
      data-testid="conn-grid"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseDown={onMouseDown}
      onContextMenu={onContextMenu}
      onDoubleClick={onDoubleClick}
      onMouseOver={onMouseOver}
      onMouseLeave={() => painter.hover(null)}
    >
      <ColumnWidths columns={columns} />
      <GridHead columns={columns} sort={sort} totalWidth={totalWidth} onSort={onSort} />
      <GridBody width={totalWidth} bodyRef={bodyRef} />
      {size === 0 && (
        <div className="grid-empty">
          {hasSnapshot ? 'No connections match the filter.' : 'Waiting for the first snapshot…'}
        </div>
      )}
    </div>
  );
}

/**
 * The rows in the window, each placed at its index; the body is as tall as all rows. React renders the body alone:
 * its height and rows are written by the grid's WindowPainter, at each render and each diff.
 */
function GridBody({ width, bodyRef }: { width: number; bodyRef: RefObject<HTMLDivElement | null> }) {
  return <div ref={bodyRef} className="grid-body" style={{ width, backgroundSize: STRIPES }} />;
}
