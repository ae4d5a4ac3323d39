/**
 * The window painter writes only what changed: a paint of the same view with the same inputs writes nothing to the
 * grid, yet still refreshes the hover title of the cell under the pointer, whose text may follow more than the rows.
 */
import { describe, expect, it } from 'vitest';
import { tcpRow } from '../../shared/test-helpers';
import { createNetScopeStore } from '../store';
import { FakeApi } from '../store/test-helpers';
import { GRID_COLUMN_BY_ID } from './columns';
import type { VisibleColumn } from './row-painter';
import { WindowPainter, type PaintInputs } from './window-painter';

const col = (id: string): VisibleColumn => {
  const c = GRID_COLUMN_BY_ID.get(id);
  if (!c) throw new Error(id);
  return { ...c, width: c.size };
};

const rows = [1, 2, 3].map((port) => tcpRow('10.0.0.1', port, '192.0.2.7', 443, 'ESTABLISHED'));
const view = { rows, count: rows.length };
const inputs = (over: Partial<PaintInputs> = {}): PaintInputs => ({
  scrollTop: 0,
  height: 400,
  width: 300,
  columns: ['proto', 'localPort'].map(col),
  selectedId: null,
  hostNames: new Map(),
  fit: null,
  ownerless: null,
  trafficAbsent: null,
  fqdnShown: false,
  ...over,
});

function setUp(title: { text: string }) {
  const grid = document.createElement('div');
  const body = document.createElement('div');
  grid.append(body);
  document.body.append(grid);
  const painter = new WindowPainter();
  painter.attach(createNetScopeStore(new FakeApi().asApi(), null), grid, body, () => title.text);
  return { grid, body, painter };
}

describe('WindowPainter', () => {
  it('writes nothing for a paint of the same view and inputs, and the size only when it changes', () => {
    const { grid, body, painter } = setUp({ text: '' });
    const same = inputs();
    painter.paint(view, same);
    expect(grid.getAttribute('aria-rowcount')).toBe('4');
    expect(body.querySelectorAll('[data-testid="conn-row"]')).toHaveLength(3);
    const writes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => writes.push(...records));
    observer.observe(grid, { subtree: true, childList: true, attributes: true, characterData: true });
    painter.paint(view, same);
    // Another view with the same rows and size: the rows are compared, the size is not written again.
    painter.paint(
      { rows: [...rows], count: rows.length },
      inputs({ columns: same.columns, hostNames: same.hostNames }),
    );
    expect(observer.takeRecords().concat(writes)).toEqual([]);
    painter.paint({ rows: rows.slice(1), count: 2 }, same);
    expect(grid.getAttribute('aria-rowcount')).toBe('3');
    observer.disconnect();
    grid.remove();
  });

  it('refreshes the hovered cell title on a paint that changes nothing else, and writes it only when it changes', () => {
    const title = { text: 'first' };
    const { grid, body, painter } = setUp(title);
    const same = inputs();
    painter.paint(view, same);
    const cell = body.querySelector<HTMLElement>('[role="gridcell"]');
    if (cell === null) throw new Error('no cell painted');
    painter.hover(cell);
    expect(cell.title).toBe('first');
    title.text = 'second';
    painter.paint(view, same);
    expect(cell.title).toBe('second');
    // The same title again is not written.
    const observer = new MutationObserver(() => undefined);
    observer.observe(cell, { attributes: true });
    painter.paint(view, same);
    expect(observer.takeRecords()).toEqual([]);
    observer.disconnect();
    grid.remove();
  });
});
