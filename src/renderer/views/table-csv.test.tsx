/** A view table's Export CSV: every row, in the order on screen, numbers as numbers, formula-safe text. */
import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { blankConnection, emptySnapshot, type Route } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { DataTable, type TableColumn } from './DataTable';
import { countersToCsv, counterDeltas } from './counters';
import { RoutesView } from './RoutesView';
import { tableToCsv } from './table-csv';
import { sendingTraffic, trafficSnapshot } from './test-helpers';
import { TopTalkersView } from './TopTalkersView';

interface Row {
  name: string;
  bytes: number;
}

const COLUMNS: TableColumn<Row>[] = [
  { id: 'name', title: 'Name', value: (r) => r.name, render: (r) => <b>{r.name}</b> },
  { id: 'bytes', title: 'Bytes', csvTitle: 'Bytes (B)', value: (r) => r.bytes, render: () => 'big', numeric: true },
];

describe('tableToCsv', () => {
  it('writes values, not the shortened text, under the unit-bearing titles; markup becomes its data', () => {
    expect(tableToCsv(COLUMNS, [{ name: 'eth0', bytes: 170_048_043_890 }])).toBe(
      'Name,Bytes (B)\r\neth0,170048043890\r\n',
    );
  });

  it('neutralises a formula in a name (a process can be called anything)', () => {
    expect(tableToCsv(COLUMNS, [{ name: '=HYPERLINK("x")', bytes: 1 }])).toBe(
      'Name,Bytes (B)\r\n"\'=HYPERLINK(""x"")",1\r\n',
    );
  });
});

describe("DataTable's Export CSV", () => {
  it('exports every row (not only the top N shown), in the sorted order on screen', async () => {
    const user = userEvent.setup();
    const saved: [string, string][] = [];
    const rows = [
      { name: 'a', bytes: 5 },
      { name: 'b', bytes: 50 },
      { name: 'c', bytes: 500 },
    ];
    render(
      <DataTable
        rows={rows}
        columns={COLUMNS}
        rowKey={(r) => r.name}
        limit={2}
        initialSort={{ column: 'bytes', direction: 'desc' }}
        exportCsv={{ name: 'things', save: (csv, name) => saved.push([csv, name]) }}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Export CSV (3 rows)' }));
    expect(saved).toEqual([['Name,Bytes (B)\r\nc,500\r\nb,50\r\na,5\r\n', 'things']]);
  });

  it('offers no export of an empty table', () => {
    render(<DataTable rows={[]} columns={COLUMNS} rowKey={(r) => r.name} exportCsv={{ name: 'x', save: () => {} }} />);
    expect(screen.queryByRole('button', { name: /Export CSV/ })).toBeNull();
  });
});

describe('the views export what a netstat user reads', () => {
  it('routes: the destination as CIDR and the gateway as "on-link", as netscope -r --csv', async () => {
    const user = userEvent.setup();
    const api = new FakeApi();
    const store = createNetScopeStore(api.asApi(), null);
    const csvs: string[] = [];
    store.setState({
      saveCsv: (csv: string) => (csvs.push(csv), Promise.resolve({ ok: true, value: { savedTo: '/tmp/r.csv' } })),
    } as never);
    const route: Route = {
      family: 4,
      destination: '0.0.0.0',
      prefixLength: 0,
      gateway: null,
      interface: 'eth0',
      metric: 0,
      flags: 'U',
      table: 'main',
    };
    render(
      <StoreProvider store={store}>
        <RoutesView snapshot={emptySnapshot({ routes: [route] })} />
      </StoreProvider>,
    );
    await user.click(screen.getByTestId('csv-routes-ipv4'));
    expect(csvs).toEqual([
      'Family,Destination,Prefix,Gateway,Interface,Metric,Flags,Type,Table\r\nIPv4,0.0.0.0/0,0,on-link,eth0,0,U,,main\r\n',
    ]);
    await vi.waitFor(() =>
      expect(store.getState().notice).toEqual({ kind: 'info', text: 'Saved to /tmp/r.csv (1 row).' }),
    );
  });

  it('statistics: one row per counter with its change and rate (to the hundredth: 10 in 3 s is 3.33)', () => {
    const groups = counterDeltas(
      { Tcp: { RetransSegs: 14, CurrEstab: 3 } },
      { Tcp: { RetransSegs: 4, CurrEstab: 5 } },
      3000,
    );
    expect(countersToCsv(groups)).toBe(
      'Protocol,Counter,netstat -s,Value,Change since last,Per second\r\n' +
        'Tcp,RetransSegs,segments retransmitted,14,10,3.33\r\nTcp,CurrEstab,connections established,3,-2,\r\n',
    );
  });
});

describe('Top talkers CSV', () => {
  it('writes whole bytes per second, not 17 digits', async () => {
    const user = userEvent.setup();
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    const csvs: string[] = [];
    store.setState({
      saveCsv: (csv: string) => (csvs.push(csv), Promise.resolve({ ok: true, value: { savedTo: null } })),
    } as never);
    const row = (sent: number, rate: number | null) => ({
      ...blankConnection({
        protocol: 'tcp',
        family: 4,
        localAddress: '10.0.0.5',
        localPort: 5000,
        remoteAddress: '203.0.113.7',
        remotePort: 443,
        state: 'ESTABLISHED',
      }),
      id: 'c1',
      pid: 7,
      processName: 'scp',
      traffic: sendingTraffic(sent, rate),
    });
    const last = trafficSnapshot(2, [row(12490, 12490.795925119006)]);
    store.getState().history.record(trafficSnapshot(1, [row(0, null)]));
    store.getState().history.record(last);
    render(
      <StoreProvider store={store}>
        <TopTalkersView snapshot={last} />
      </StoreProvider>,
    );
    await user.click(screen.getByTestId('csv-top-talkers-by-process'));
    expect(csvs[0]?.split('\r\n')[1]).toMatch(/^scp,7,12491,12491,0,/);
  });
});
