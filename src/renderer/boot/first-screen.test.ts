import { describe, expect, it } from 'vitest';
import type { Connection } from '../../shared/model';
import { ownerlessCell } from '../../shared/ownerless';
import { snapshotHead, type SnapshotHead } from '../../shared/wire-head';
import { gridCellText } from '../grid/columns';
import { defaultPrefs, type Prefs } from '../store/prefs';
import { conn, snap } from '../store/test-helpers';
import { FIRST_ROWS_TIMING } from './boot-sequence';
import { drawFrame, drawHead, showLoadError } from './first-screen';

function head(rows = 3): SnapshotHead {
  const named = { ...conn(443), processName: '<img src=x onerror=alert(1)>' };
  const connections = [conn(22, 'LISTEN', 100), named, conn(8080, 'TIME_WAIT', null), conn(53)];
  const h = snapshotHead(snap(4, connections), { sort: null, filter: '', hideTimeWait: false, rows });
  if (!h) throw new Error('no head');
  return h;
}

function draw(prefs: Prefs = defaultPrefs(), h: SnapshotHead = head()): HTMLElement {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  drawHead(drawFrame(root, prefs), h);
  return root;
}

const texts = (root: HTMLElement, selector: string): string[] =>
  [...root.querySelectorAll(selector)].map((e) => e.textContent ?? '');

describe('the first screen', () => {
  it('draws the frame before the head: the grid header in the saved columns and the waiting line', () => {
    const root = document.createElement('div');
    const prefs = { ...defaultPrefs(), visibleColumns: ['pid', 'proto', 'state'], sort: { column: 'pid', desc: true } };
    drawFrame(root, prefs);
    // The saved order (proto before state before pid), not the order of the visible list.
    expect(texts(root, '[role="columnheader"] .header-title')).toEqual(['Proto', 'State', 'PID']);
    expect(texts(root, '.sort-arrow')).toEqual(['▼']);
    expect(root.querySelector('.grid-empty')?.textContent).toBe('Waiting for the first snapshot…');
    expect(root.querySelectorAll('[data-testid="boot-row"]')).toHaveLength(0);
  });

  it("draws the head's rows in its order with the grid's own cell text", () => {
    const h = head();
    const root = draw(defaultPrefs(), h);
    const rows = [...root.querySelectorAll<HTMLElement>('[data-testid="boot-row"]')];
    expect(rows).toHaveLength(3);
    const { columnOrder, visibleColumns } = defaultPrefs();
    const columns = columnOrder.filter((id) => visibleColumns.includes(id));
    rows.forEach((row, i) => {
      const cells = [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent);
      const c = h.rows[i];
      expect(c).toBeDefined();
      if (c) expect(cells).toEqual(columns.map((id) => gridCellText(id, c, new Map(), null)));
      expect(row.style.transform).toBe(`translateY(${i * 22}px)`);
    });
    expect(root.querySelector('.grid-empty')).toBeNull();
    // Every cell clips its text with an ellipsis, as the app's first frame (a long path stays in its column).
    expect(root.querySelectorAll('[role="gridcell"]:not(.clip)')).toHaveLength(0);
    // The body is as tall as the whole view, so the scrollbar shows the real extent.
    expect(root.querySelector<HTMLElement>('.grid-body')?.style.height).toBe(`${4 * 22}px`);
  });

  it("marks one cell of the rows with text for Element Timing: the page learns when the rows' frame is on screen", () => {
    const root = draw();
    const timed = [...root.querySelectorAll('[elementtiming]')];
    expect(timed).toHaveLength(1);
    expect(timed[0]?.getAttribute('elementtiming')).toBe(FIRST_ROWS_TIMING);
    expect(timed[0]?.closest('[data-testid="boot-row"]')).not.toBeNull();
    expect(timed[0]?.textContent).not.toBe('');
  });

  it('draws only the rows the grid has room for (the head is cut for the whole screen and the overscan)', () => {
    // jsdom lays nothing out: the grid says it is its header and two and a half rows tall.
    const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('grid') ? 24 + 22 * 2.5 : 0;
      },
    });
    try {
      const h = head(4);
      const root = draw(defaultPrefs(), h);
      const rows = [...root.querySelectorAll('[data-testid="boot-row"]')];
      expect(rows).toHaveLength(3);
      expect(rows.map((r) => r.querySelector('[role="gridcell"]')?.textContent)).toEqual(
        h.rows.slice(0, 3).map((c) => gridCellText(defaultPrefs().columnOrder[0] ?? 'proto', c, new Map(), null)),
      );
      // The counts and the body's height are still the whole view's.
      expect(root.querySelector<HTMLElement>('.grid-body')?.style.height).toBe(`${4 * 22}px`);
    } finally {
      if (height) Object.defineProperty(HTMLElement.prototype, 'clientHeight', height);
    }
  });

  it("marks rows without an owner as the app's grid does, where the head says what an empty owner means", () => {
    const report = { name: 'connections', ok: true, tookMs: 1, error: null, warnings: [] };
    const connections = [conn(22, 'LISTEN', 100), conn(8080, 'TIME_WAIT', null), conn(81, 'SYN_RECV', null)];
    const ownedBy = (ownerless?: 'held-by-none'): SnapshotHead => {
      const s = { ...snap(4, connections), collectors: [{ ...report, ...(ownerless ? { ownerless } : {}) }] };
      const h = snapshotHead(s, { sort: null, filter: '', hideTimeWait: false, rows: 3 });
      if (!h) throw new Error('no head');
      return h;
    };
    const marked = draw(defaultPrefs(), ownedBy('held-by-none'));
    const programs = [...marked.querySelectorAll<HTMLElement>('[data-testid="boot-row"] .cell')].filter((c) =>
      c.classList.contains('ownerless'),
    );
    // The two rows no process holds, each with why (hover text and accessible name), as the grid's painter draws them.
    expect(programs.map((c) => c.textContent)).toEqual(['—', '—']);
    const withoutOwner = connections.slice(1);
    programs.forEach((cell, i) => {
      const why = ownerlessCell(withoutOwner[i] as Connection, 'held-by-none')?.why;
      expect(why).toBeTruthy();
      expect(cell.dataset.why).toBe(why);
      expect(cell.getAttribute('aria-label')).toBe(why);
    });
    // A head that does not say: no marks, the cell as before.
    expect(draw(defaultPrefs(), ownedBy()).querySelectorAll('.ownerless')).toHaveLength(0);
  });

  it('shows names as text, never as markup', () => {
    const root = draw();
    expect(root.querySelector('img')).toBeNull();
    expect(texts(root, '[role="gridcell"]')).toContain('<img src=x onerror=alert(1)>');
  });

  it("says the status bar's counts for the whole snapshot", () => {
    const root = draw();
    expect(root.querySelector('[data-testid="boot-counts"]')?.textContent).toBe(
      '4 sockets · tcp 4 · tcp6 0 · udp 0 · udp6 0',
    );
    expect(root.querySelector('.status-item.states')?.textContent).toBe('ESTABLISHED 2 · LISTEN 1 · TIME_WAIT 1');
  });

  it('keeps its own test ids, so tests of the app do not find its rows', () => {
    const root = draw();
    expect(
      root.querySelector('[data-testid="conn-row"],[data-testid="conn-grid"],[data-testid="status-counts"]'),
    ).toBeNull();
    expect(root.querySelector('[data-testid="boot-screen"]')?.getAttribute('aria-busy')).toBe('true');
  });

  it("keeps the app's places: the status badge's room, the saved filter in the filter box, UNIX sockets apart", () => {
    const h = head();
    const withUnix: SnapshotHead = {
      ...h,
      total: h.total + 2,
      matched: h.matched + 2,
      byProtocol: [...h.byProtocol, ['unix', 2]],
    };
    const root = draw({ ...defaultPrefs(), filter: 'port:22' }, withUnix);
    const badge = root.querySelector<HTMLElement>('.status-bar .badge');
    expect(badge?.style.visibility).toBe('hidden');
    expect(root.querySelector<HTMLInputElement>('.toolbar input.filter')?.value).toBe('port:22');
    const items = texts(root, '.status-bar .status-item:not([hidden])');
    expect(items[0]).toBe('4 sockets · tcp 4 · tcp6 0 · udp 0 · udp6 0');
    expect(items[1]).toBe('UNIX 2');
  });

  it('says so when the app cannot load, and stops saying it is busy', () => {
    const root = draw();
    showLoadError(root, 'NetScope could not load its page');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('NetScope could not load its page');
    expect(root.querySelector('[data-testid="boot-screen"]')?.hasAttribute('aria-busy')).toBe(false);
    const bare = document.createElement('div');
    showLoadError(bare, 'gone');
    expect(bare.textContent).toBe('gone');
  });
});
