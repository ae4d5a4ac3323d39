/** The views' table, driven as a user does: click headers, read the rows back. */
import { describe, it, expect } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
