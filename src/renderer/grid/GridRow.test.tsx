/** Server-renders a row (no DOM needed) to pin the attributes the e2e tests select on. */
import { describe, it, expect } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { assignConnectionIds, blankConnection } from '../../shared/model';
import { GRID_COLUMN_BY_ID } from './columns';
import { GridRow, type VisibleColumn } from './GridRow';

const col = (id: string): VisibleColumn => {
  const c = GRID_COLUMN_BY_ID.get(id);
  if (!c) throw new Error(id);
  return { ...c, width: c.size };
};

describe('GridRow', () => {
  const [conn] = assignConnectionIds([
    blankConnection({
      protocol: 'tcp',
      family: 6,
      localAddress: '::1',
      localPort: 50000,
      remoteAddress: '::1',
      remotePort: 443,
      state: 'ESTABLISHED',
      pid: 42,
      processName: '<b>x</b>',
    }),
  ]);
  if (!conn) throw new Error('no row');
  const columns = ['proto', 'remotePort', 'service', 'process', 'state'].map(col);

  it('renders the test ids, mark and one data-col cell per column', () => {
    const html = renderToStaticMarkup(
      createElement(GridRow, {
        connection: conn,
        index: 1,
        top: 22,
        width: 500,
        columns,
        mark: 'changed',
        selected: true,
        hostNames: new Map(),
      }),
    );
    expect(html).toContain('data-testid="conn-row"');
    expect(html).toContain(`data-row-id="${conn.id}"`);
    expect(html).toContain('data-mark="changed"');
    expect(html).toContain('class="row odd mark-changed selected"');
    for (const id of ['proto', 'remotePort', 'service', 'process', 'state']) expect(html).toContain(`data-col="${id}"`);
    expect(html).toContain('>tcp6<');
    expect(html).toContain('>https<');
    // Process names are text, never markup.
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('renders an empty data-mark for unmarked rows', () => {
    const html = renderToStaticMarkup(
      createElement(GridRow, {
        connection: conn,
        index: 0,
        top: 0,
        width: 500,
        columns,
        mark: undefined,
        selected: false,
        hostNames: new Map(),
      }),
    );
    expect(html).toContain('data-mark=""');
    expect(html).toContain('class="row even"');
  });
});
