/**
 * The page's first screen, drawn as plain DOM from the snapshot's first
 * screenful (the head, shared/wire-head.ts) before React and the views have
 * loaded: at 100k rows the app's bundle takes longer to arrive, compile and
 * render than the head takes to come (bench/RESULTS.md, issue 13).
 *
 * It is the grid as the app will draw it, not a look-alike: the same classes
 * (styles.css), the saved columns, order and widths (column-layout.ts), cell
 * text from the grid's own functions (columns.ts) and the status bar's count
 * text (status-text.ts). It is not interactive: the app replaces it whole when
 * React first commits (React clears its container), within a second. Its own
 * test ids (boot-*) keep tests of the app from finding these rows.
 */
import type { SnapshotHead } from '../../shared/wire-head';
import { fillWidth, visibleColumns } from '../grid/column-layout';
import { gridCellText, type HostNames } from '../grid/columns';
import { HEADER_HEIGHT, ROW_HEIGHT } from '../grid/geometry';
import type { VisibleColumn } from '../grid/GridRow';
import type { Prefs } from '../store/prefs';
import { TABS } from '../store/tabs';
import { socketCountsText, statesByCount, statesText } from '../status-text';

const NO_NAMES: HostNames = new Map();

/** One element with its class and, optionally, its text (always as text: names come from other users' processes). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The toolbar's height without its controls (they need the store): invisible stand-ins of the same size. */
function toolbarStandIn(): HTMLElement {
  const bar = el('div', 'toolbar');
  bar.setAttribute('aria-hidden', 'true');
  const button = el('button', 'btn', '❚❚ Pause');
  button.disabled = true;
  const filter = el('input', 'filter');
  filter.disabled = true;
  const box = el('div', 'filter-box');
  box.append(filter);
  bar.append(button, box);
  for (const child of [button, box]) child.style.visibility = 'hidden';
  return bar;
}

function tabBar(): HTMLElement {
  const bar = el('div', 'tabs');
  for (const tab of TABS) {
    const b = el('button', tab === 'Connections' ? 'tab active' : 'tab', tab);
    b.disabled = true;
    bar.append(b);
  }
  return bar;
}

/** The first screen's parts that the head fills in. */
export interface FirstScreen {
  grid: HTMLElement;
  counts: HTMLElement;
  states: HTMLElement;
  empty: HTMLElement;
  columns: VisibleColumn[];
  width: number;
}

/**
 * Draws the frame at once, before any data: the chrome, the grid's header in
 * the saved columns, and the grid's "waiting" line, as the app draws them.
 * WHY before the head: a fresh page's first frame with text pays for style
 * and font set-up (~100 ms in a slow phase, note-s29); done while the socket
 * opens, the frame with the rows then costs only the rows.
 */
export function drawFrame(root: HTMLElement, prefs: Prefs): FirstScreen {
  const app = el('div', 'app');
  app.dataset.testid = 'boot-screen';
  app.setAttribute('aria-busy', 'true');
  const grid = el('div', 'grid');
  grid.setAttribute('role', 'grid');
  grid.setAttribute('aria-label', 'Connections (loading)');
  const empty = el('div', 'grid-empty', 'Waiting for the first snapshot…');
  grid.append(empty);
  const view = el('main', 'view');
  view.append(grid);
  const main = el('div', 'main');
  main.append(view);
  const bar = el('footer', 'status-bar');
  bar.setAttribute('role', 'status');
  const counts = el('span', 'status-item');
  counts.dataset.testid = 'boot-counts';
  const states = el('span', 'status-item states');
  bar.append(counts, states);
  app.append(toolbarStandIn(), tabBar(), main, bar);
  root.replaceChildren(app);
  // The grid's inner width, as the app's grid measures it (useRowWindow): the fill column takes the rest.
  const columns = fillWidth(visibleColumns(prefs), grid.clientWidth);
  const width = columns.reduce((w, c) => w + c.width, 0);
  grid.prepend(gridHeader(columns, width, prefs.sort));
  return { grid, counts, states, empty, columns, width };
}

function gridHeader(columns: readonly VisibleColumn[], width: number, sort: Prefs['sort']): HTMLElement {
  const header = el('div', 'grid-header');
  header.setAttribute('role', 'row');
  header.style.cssText = `width:${width}px;height:${HEADER_HEIGHT}px`;
  for (const c of columns) {
    const cell = el('div', `header-cell ${c.kind}`);
    cell.setAttribute('role', 'columnheader');
    cell.style.width = `${c.width}px`;
    cell.append(el('span', 'header-title', c.title));
    if (sort?.column === c.id) cell.append(el('span', 'sort-arrow', sort.desc ? '▼' : '▲'));
    header.append(cell);
  }
  return header;
}

/** Fills the frame with the head: the grid's rows, and the counts. */
export function drawHead(screen: FirstScreen, head: SnapshotHead): void {
  const { columns, width } = screen;
  screen.counts.textContent = socketCountsText(head.matched, head.total, head.byProtocol);
  screen.states.textContent = statesText(statesByCount(head.byState));
  const body = el('div', 'grid-body');
  body.style.cssText = `height:${head.matched * ROW_HEIGHT}px;width:${width}px;background-size:100% ${2 * ROW_HEIGHT}px`;
  const rows = document.createDocumentFragment();
  head.rows.forEach((c, index) => {
    const row = el('div', `row ${index % 2 === 1 ? 'odd' : 'even'}`);
    row.setAttribute('role', 'row');
    row.dataset.testid = 'boot-row';
    row.style.cssText = `transform:translateY(${index * ROW_HEIGHT}px);width:${width}px;height:${ROW_HEIGHT}px`;
    for (const col of columns) {
      // Clipped, as every cell of the app's first frame (it clips all until it has measured which fit: cell-fit.ts).
      const cell = el('div', `cell ${col.kind} clip`, gridCellText(col.id, c, NO_NAMES, null));
      cell.setAttribute('role', 'gridcell');
      cell.style.width = `${col.width}px`;
      row.append(cell);
    }
    rows.append(row);
  });
  body.append(rows);
  screen.empty.replaceWith(body);
}
