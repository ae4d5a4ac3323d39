/** The views' table, driven as a user does: click headers, read the rows back. */
import { describe, it, expect } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { breakable } from './break-points';
import { DataTable, type TableColumn } from './DataTable';

interface Row {
  id: string;
  name: string;
  v: number | null;
}

const COLUMNS: TableColumn<Row>[] = [
  { id: 'name', title: 'Name', value: (r) => r.name },
  { id: 'v', title: 'Value', value: (r) => r.v, numeric: true },
];

function renderTable(rows: Row[], limit?: number) {
  render(<DataTable rows={rows} columns={COLUMNS} rowKey={(r) => r.id} rowTestId="row" limit={limit} />);
}

/** The text of one column, top to bottom. */
function column(index: number): string[] {
  return screen.getAllByTestId('row').map((tr) => within(tr).getAllByRole('cell')[index]?.textContent ?? '');
}

const header = (name: string) => screen.getByRole('button', { name: new RegExp(name) });

describe('DataTable', () => {
  it('sorts numbers largest first on the first click, flips on the second, missing values last either way', async () => {
    const user = userEvent.setup();
    renderTable([
      { id: 'a', name: 'a', v: 10 },
      { id: 'b', name: 'b', v: null },
      { id: 'c', name: 'c', v: 2 },
      { id: 'd', name: 'd', v: 33 },
    ]);
    expect(column(1)).toEqual(['10', '', '2', '33']); // unsorted: as given
    await user.click(header('Value'));
    expect(column(1)).toEqual(['33', '10', '2', '']);
    expect(screen.getByRole('columnheader', { name: /Value/ }).getAttribute('aria-sort')).toBe('descending');
    await user.click(header('Value'));
    expect(column(1)).toEqual(['2', '10', '33', '']);
    expect(screen.getByRole('columnheader', { name: /Value/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('sorts text A to Z first, naturally and ignoring case', async () => {
    const user = userEvent.setup();
    renderTable([
      { id: '1', name: 'eth10', v: 1 },
      { id: '2', name: 'eth2', v: 1 },
      { id: '3', name: 'Eth1', v: 1 },
    ]);
    await user.click(header('Name'));
    expect(column(0)).toEqual(['Eth1', 'eth2', 'eth10']);
  });

  it('keeps tied rows in their order (stable)', async () => {
    const user = userEvent.setup();
    renderTable([
      { id: 'a', name: 'a', v: 1 },
      { id: 'b', name: 'b', v: 1 },
      { id: 'c', name: 'c', v: 0 },
    ]);
    await user.click(header('Value'));
    expect(column(0)).toEqual(['a', 'b', 'c']);
  });

  it('sorts all rows before cutting to the limit, and says so', async () => {
    const user = userEvent.setup();
    renderTable(
      Array.from({ length: 5 }, (_, i) => ({ id: String(i), name: `n${i}`, v: i })),
      2,
    );
    expect(column(1)).toEqual(['0', '1']);
    await user.click(header('Value'));
    expect(column(1)).toEqual(['4', '3']);
    expect(screen.getByText(/Showing 2 of 5/)).toBeTruthy();
  });

  it('given the head of rows already in its initial order, reads only those it shows until sorted another way; the CSV has all', async () => {
    const user = userEvent.setup();
    const read = new Set<string>();
    const columns: TableColumn<Row>[] = [
      { id: 'name', title: 'Name', value: (r) => r.name },
      {
        id: 'v',
        title: 'Value',
        value: (r) => {
          read.add(r.id);
          return r.v;
        },
        numeric: true,
      },
    ];
    // Largest first, pairs tied (kept in the order given, as the table's own sort keeps them).
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: String(i),
      name: `n${i}`,
      v: Math.floor((1000 - i) / 2),
    }));
    const saved: string[] = [];
    let allRead = 0;
    const all = (): Row[] => {
      allRead++;
      return rows;
    };
    render(
      <DataTable
        rows={rows.slice(0, 5)}
        columns={columns}
        rowKey={(r) => r.id}
        rowTestId="row"
        initialSort={{ column: 'v', direction: 'desc' }}
        limit={3}
        presorted={{ total: rows.length, all }}
        exportCsv={{ name: 't', save: (csv) => saved.push(csv) }}
      />,
    );
    expect(column(0)).toEqual(['n0', 'n1', 'n2']);
    expect(column(1)).toEqual(['500', '499', '499']);
    expect(read.size).toBeLessThanOrEqual(3);
    expect(allRead).toBe(0);
    expect(screen.getByText(/Showing 3 of 1000/)).toBeTruthy();
    expect(screen.getByTestId('csv-t').textContent).toContain('1000 rows');
    await user.click(screen.getByTestId('csv-t'));
    const lines = (saved[0] ?? '').trim().split(/\r?\n/);
    expect(lines.length).toBe(1001);
    expect(lines.slice(1, 4).map((l) => l.split(',')[0])).toEqual(['n0', 'n1', 'n2']);
    // Sorted the other way: every row is read, the smallest shown.
    await user.click(header('Value'));
    expect(column(1)).toEqual(['0', '1', '1']);
    expect(read.size).toBe(1000);
    // And back: the rows as given again.
    await user.click(header('Value'));
    expect(column(0)).toEqual(['n0', 'n1', 'n2']);
  });

  it('sorts from the keyboard (Enter on a header)', async () => {
    const user = userEvent.setup();
    renderTable([
      { id: 'a', name: 'a', v: 1 },
      { id: 'b', name: 'b', v: 2 },
    ]);
    header('Value').focus();
    await user.keyboard('{Enter}');
    expect(column(1)).toEqual(['2', '1']);
  });
});

describe('DataTable in a narrow window', () => {
  interface Load {
    id: string;
    addr: string;
    estab: number;
    lastAck: number;
    family: number;
  }
  const LOAD: TableColumn<Load>[] = [
    { id: 'addr', title: 'Remote address', value: (r) => r.addr, render: (r) => breakable(r.addr), wrap: true },
    { id: 'family', title: 'Family', value: (r) => r.family, csvOnly: true },
    { id: 'estab', title: 'ESTAB', value: (r) => r.estab, numeric: true, hideWhenEmpty: true },
    { id: 'lastAck', title: 'LAST_ACK', value: (r) => r.lastAck, numeric: true, hideWhenEmpty: true },
  ];
  const rows: Load[] = [
    { id: 'a', addr: '2001:db8::1', estab: 3, lastAck: 0, family: 6 },
    { id: 'b', addr: '192.0.2.7', estab: 0, lastAck: 0, family: 4 },
  ];

  function show(shown: Load[]): string[] {
    const saved: string[] = [];
    render(
      <DataTable
        rows={shown}
        columns={LOAD}
        rowKey={(r) => r.id}
        rowTestId="row"
        exportCsv={{ name: 'load', save: (csv) => saved.push(csv) }}
      />,
    );
    return saved;
  }

  it('leaves out a column nobody has a value in and names it; the CSV keeps it and the CSV-only one', async () => {
    const saved = show(rows);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent?.replace(/[▲▼]/, ''))).toEqual([
      'Remote address',
      'ESTAB',
    ]);
    expect(screen.getByTestId('nsv-hidden-empty').textContent).toBe('Empty, not shown: LAST_ACK');
    expect(column(0)).toEqual(['2001:db8::1', '192.0.2.7']);
    await userEvent.setup().click(screen.getByRole('button', { name: /Export CSV/ }));
    expect(saved).toEqual(['Remote address,Family,ESTAB,LAST_ACK\r\n2001:db8::1,6,3,0\r\n192.0.2.7,4,0,0\r\n']);
  });

  it('shows the column again once a row has a value in it', () => {
    show([...rows, { id: 'c', addr: '198.51.100.1', estab: 0, lastAck: 2, family: 4 }]);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toContain('LAST_ACK');
    expect(screen.queryByTestId('nsv-hidden-empty')).toBeNull();
  });

  it('keeps the sorted column shown once nobody has a value in it, with its sort mark', async () => {
    const withLastAck = [...rows, { id: 'c', addr: '198.51.100.1', estab: 0, lastAck: 2, family: 4 }];
    const view = render(<DataTable rows={withLastAck} columns={LOAD} rowKey={(r) => r.id} rowTestId="row" />);
    await userEvent.setup().click(screen.getByRole('button', { name: /^LAST_/ }));
    // A refresh: the LAST_ACK socket is gone.
    view.rerender(<DataTable rows={rows} columns={LOAD} rowKey={(r) => r.id} rowTestId="row" />);
    const header = screen.getAllByRole('columnheader').find((th) => th.textContent?.startsWith('LAST_ACK'));
    expect(header?.getAttribute('aria-sort')).toBe('descending');
    expect(screen.queryByTestId('nsv-hidden-empty')).toBeNull();
    // Sorted by another column, the empty one is left out again.
    await userEvent.setup().click(screen.getByRole('button', { name: /^ESTAB/ }));
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent?.replace(/[▲▼]/, ''))).toEqual([
      'Remote address',
      'ESTAB',
    ]);
    expect(screen.getByTestId('nsv-hidden-empty').textContent).toBe('Empty, not shown: LAST_ACK');
  });

  it('shows an empty column it is first sorted by', () => {
    render(
      <DataTable
        rows={rows}
        columns={LOAD}
        rowKey={(r) => r.id}
        initialSort={{ column: 'lastAck', direction: 'desc' }}
      />,
    );
    expect(screen.getAllByRole('columnheader').map((th) => th.getAttribute('aria-sort'))).toEqual([
      'none',
      'none',
      'descending',
    ]);
  });

  it('lets an IPv6 address wrap after its colons; an IPv4 address stays whole', () => {
    show(rows);
    const cells = screen.getAllByTestId('row').map((tr) => within(tr).getAllByRole('cell')[0] as HTMLElement);
    expect(cells[0]?.className).toContain('nsv-wrap');
    expect(cells[0]?.innerHTML).toBe('2001:<wbr>db8:<wbr>:<wbr>1');
    expect(cells[1]?.innerHTML).toBe('192.0.2.7');
  });
});
