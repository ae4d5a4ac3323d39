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
import { REFRESH_INTERVAL_CHOICES_MS } from '../../shared/refresh';
import type { SnapshotHead } from '../../shared/wire-head';
import { FIRST_ROWS_TIMING } from './boot-sequence';
import { columnsWidth, fillWidth, visibleColumns } from '../grid/column-layout';
import { cellClassName, gridCellText, ownerMarkOf, type HostNames } from '../grid/columns';
import { HEADER_HEIGHT, ROW_HEIGHT, STRIPES } from '../grid/geometry';
import type { VisibleColumn } from '../grid/row-painter';
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

/** A disabled control of the toolbar's, unseen: it holds its place until the app's own takes it. */
function unseen<T extends HTMLElement>(e: T): T {
  e.style.visibility = 'hidden';
  for (const control of e.querySelectorAll('button, select, input')) control.setAttribute('disabled', '');
  if (e instanceof HTMLButtonElement) e.disabled = true;
  return e;
}

function toggle(text: string): HTMLElement {
  const label = el('label', 'toggle');
  const box = el('input', '');
  box.type = 'checkbox';
  label.append(box, text);
  return label;
}

/**
 * The toolbar's size without its controls (they need the store): stand-ins of the same classes and words,
 * unseen, so it takes the same room and wraps at the same width as the app's (Toolbar.tsx; the e2e
 * first-screen-layout spec compares them). Which optional controls the app shows (UNIX sockets, the Windows
 * elevation) the page learns only from the engine's status: the first screen assumes the UNIX switch, no
 * elevation. The saved filter shows where the app's filter box will show it (the rows are filtered by it).
 */
function toolbarStandIn(filterText: string): HTMLElement {
  const bar = el('div', 'toolbar');
  bar.setAttribute('aria-hidden', 'true');
  const interval = el('label', 'interval', 'Every');
  const select = el('select', '');
  for (const ms of REFRESH_INTERVAL_CHOICES_MS) select.append(el('option', '', `${ms / 1000} s`));
  interval.append(select);
  const filter = el('input', 'filter');
  filter.type = 'search';
  filter.disabled = true;
  filter.value = filterText;
  const box = el('div', 'filter-box');
  box.append(filter);
  const columns = el('div', 'dropdown');
  columns.append(el('button', 'btn', 'Columns'));
  bar.append(
    unseen(el('button', 'btn', '❚❚ Pause')),
    unseen(el('button', 'btn', '⟳ Refresh')),
    unseen(interval),
    box,
    unseen(toggle('Hide TIME_WAIT')),
    unseen(toggle('UNIX sockets')),
    unseen(columns),
    unseen(el('button', 'btn', 'Export CSV…')),
  );
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
  unix: HTMLElement;
  states: HTMLElement;
  empty: HTMLElement;
  columns: VisibleColumn[];
  width: number;
  /** The rows the grid shows below its header (a last one cut off counted; all when unknown): no more are drawn. */
  rowsInView: number;
}

/**
 * Draws the frame, before any rows: the chrome, the grid's header in the
 * saved columns, and the grid's "waiting" line, as the app draws them.
 * boot.ts draws it with the head, or alone when the head is late
 * (FRAME_WAIT_MS): a fresh page's first frame with text pays for style and
 * font set-up (~100 ms in a slow phase, note-s29), done then while the page
 * waits.
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
  // The app's bar starts with its Live / Paused badge: the same room, unseen (which it is, the app says).
  const badge = el('span', 'badge live', 'Live');
  badge.style.visibility = 'hidden';
  // The app's class too, so its styles (a least width) apply here as there (first-screen-layout compares them).
  const counts = el('span', 'status-item status-counts');
  counts.dataset.testid = 'boot-counts';
  const unix = el('span', 'status-item');
  unix.hidden = true;
  const states = el('span', 'status-item states');
  bar.append(badge, counts, unix, states);
  app.append(toolbarStandIn(prefs.filter), tabBar(), main, bar);
  root.replaceChildren(app);
  // The grid's inner width, as the app's grid measures it (useRowWindow): the fill column takes the rest.
  const columns = fillWidth(visibleColumns(prefs), grid.clientWidth);
  const width = columnsWidth(columns);
  // Measured in the same layout as the width. A grid with no room for a row (not laid out) draws the whole head.
  const below = grid.clientHeight - HEADER_HEIGHT;
  const rowsInView = below > 0 ? Math.ceil(below / ROW_HEIGHT) : Number.POSITIVE_INFINITY;
  grid.prepend(gridHeader(columns, width, prefs.sort));
  return { grid, counts, unix, states, empty, columns, width, rowsInView };
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

/**
 * Fills the frame with the head: the grid's rows in view, and the counts. WHY not every row of the head: it is cut
 * for the screen's height and the grid's overscan (api/browser-socket.ts savedHeadRequest), ~58 rows where a
 * 1400x900 window shows ~36; each row drawn is ~12 elements to style, lay out and paint in the first screen's frame.
 */
export function drawHead(screen: FirstScreen, head: SnapshotHead): void {
  const { columns, width } = screen;
  screen.counts.textContent = socketCountsText(head.matched, head.total, head.byProtocol);
  screen.states.textContent = statesText(statesByCount(head.byState));
  // UNIX sockets are counted apart, as the app's bar does while they are shown (then the head counts them).
  const unix = head.byProtocol.find(([p]) => p === 'unix');
  if (unix) {
    screen.unix.textContent = `UNIX ${unix[1]}`;
    screen.unix.hidden = false;
  }
  const body = el('div', 'grid-body');
  body.style.cssText = `height:${head.matched * ROW_HEIGHT}px;width:${width}px;background-size:${STRIPES}`;
  const rows = document.createDocumentFragment();
  const ownerless = head.ownerless ?? null;
  let timed = false;
  head.rows.slice(0, screen.rowsInView).forEach((c, index) => {
    const row = el('div', `row ${index % 2 === 1 ? 'odd' : 'even'}`);
    row.setAttribute('role', 'row');
    row.dataset.testid = 'boot-row';
    row.style.cssText = `transform:translateY(${index * ROW_HEIGHT}px);width:${width}px;height:${ROW_HEIGHT}px`;
    for (const col of columns) {
      // A Program cell without an owner as the grid's painter draws it: the mark, and why as hover text and
      // accessible name.
      const owner = ownerMarkOf(col.id, c, ownerless);
      const text = owner ? owner.text : gridCellText(col.id, c, NO_NAMES, null);
      // Clipped, as every cell of the app's first frame (it clips all until it has measured which fit: cell-fit.ts).
      const cell = el('div', cellClassName(col.kind, true, owner !== null), text);
      cell.setAttribute('role', 'gridcell');
      if (owner) {
        cell.dataset.why = owner.why;
        cell.setAttribute('aria-label', owner.why);
      }
      // One cell with text tells when the rows' frame is on screen (Element Timing): the app starts then.
      if (!timed && text !== '') {
        cell.setAttribute('elementtiming', FIRST_ROWS_TIMING);
        timed = true;
      }
      cell.style.width = `${col.width}px`;
      row.append(cell);
    }
    rows.append(row);
  });
  body.append(rows);
  screen.empty.replaceWith(body);
}

/** Says the app could not load, on the first screen (a banner as the app's) or alone, and that nothing is loading. */
export function showLoadError(root: HTMLElement | null, message: string): void {
  if (!root) return;
  const notice = el('div', 'notice error', message);
  notice.setAttribute('role', 'alert');
  const app = root.querySelector('[data-testid="boot-screen"]');
  if (!app) return root.replaceChildren(notice);
  app.removeAttribute('aria-busy');
  app.querySelector('.tabs')?.after(notice);
}
