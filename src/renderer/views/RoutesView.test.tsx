/**
 * The Routes view shows the kernel's IPv6 null entry with no metric (and says why on hover), as `netscope -rn` does
 * (src/main/cli/null-route.test.ts); the default route keeps its metric, and the lookup still answers with it.
 */
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { emptySnapshot, type Route } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { RoutesView } from './RoutesView';

const v6 = (over: Partial<Route>): Route => ({
  family: 6,
  destination: '::',
  prefixLength: 0,
  gateway: null,
  interface: 'lo',
  metric: 0,
  flags: 'U',
  table: 'main',
  type: 'unicast',
  ...over,
});

// As parseProcNetIpv6Route reads this machine's /proc/net/ipv6_route.
const ROUTES = [
  v6({ gateway: 'fd00::1', interface: 'eth0', metric: 1024, flags: 'UG' }),
  v6({ metric: 0xffffffff, flags: '!n', table: null, type: 'unreachable' }),
];

function show(): { csvs: string[] } {
  const store = createNetScopeStore(new FakeApi().asApi(), null);
  const csvs: string[] = [];
  store.setState({
    saveCsv: (csv: string) => (csvs.push(csv), Promise.resolve({ ok: true, value: { savedTo: '/tmp/r.csv' } })),
  } as never);
  render(
    <StoreProvider store={store}>
      <RoutesView snapshot={emptySnapshot({ routes: ROUTES })} />
    </StoreProvider>,
  );
  return { csvs };
}

/** The cell of column `title` in the route row whose interface is `iface`. */
function metricCell(iface: string): HTMLElement {
  const row = screen.getAllByTestId('route-row').find((r) => within(r).queryByText(iface) !== null);
  const table = row?.closest('table');
  const column = [...(table?.querySelectorAll('th') ?? [])].findIndex((th) => th.textContent?.startsWith('Metric'));
  const cell = row?.querySelectorAll('td')[column];
  if (!cell) throw new Error(`no metric cell for ${iface}`);
  return cell;
}

describe('the null entry in the Routes view', () => {
  it('has no metric, says what it is on hover, and exports none', async () => {
    const { csvs } = show();
    expect(metricCell('lo').textContent).toBe('');
    expect(metricCell('lo').title).toMatch(/route -6n prints metric -1/);
    expect(metricCell('eth0').textContent).toBe('1024');
    expect(screen.getByTestId('routes-view').textContent).not.toContain('4294967295');
    await userEvent.setup().click(screen.getByTestId('csv-routes-ipv6'));
    expect(csvs[0]).toContain('IPv6,::/0,0,on-link,lo,,!n,unreachable,\r\n');
  });
});

describe("the Routes view's families", () => {
  it('are groups of one table, so their columns share widths, each under its heading and with its own CSV', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    const v4: Route = { ...v6({ interface: 'eth0', gateway: '192.0.2.1' }), family: 4, destination: '0.0.0.0' };
    render(
      <StoreProvider store={store}>
        <RoutesView snapshot={emptySnapshot({ routes: [v4, ...ROUTES] })} />
      </StoreProvider>,
    );
    const tables = new Set(screen.getAllByTestId('route-row').map((r) => r.closest('table')));
    expect(tables.size).toBe(1);
    expect(screen.getByTestId('nsv-group-ipv4').textContent).toMatch(/^IPv4 \(1\)/);
    expect(screen.getByTestId('nsv-group-ipv6').textContent).toMatch(/^IPv6 \(2\)/);
    expect(screen.getByTestId('csv-routes-ipv4').textContent).toBe('Export IPv4 CSV (1 row)');
    expect(screen.getByTestId('csv-routes-ipv6').textContent).toBe('Export IPv6 CSV (2 rows)');
  });
});

describe('the Routes filter', () => {
  it('has a name, and the count says how many of the routes it shows', async () => {
    show();
    const filter = screen.getByRole('searchbox', { name: 'Filter routes' });
    expect(screen.getByTestId('routes-count').textContent).toBe('2 routes');
    await userEvent.setup().type(filter, 'eth0');
    expect(screen.getByTestId('routes-count').textContent).toBe('1 of 2 routes');
    await userEvent.setup().type(filter, 'nosuchroute');
    expect(screen.getByTestId('routes-count').textContent).toBe('0 of 2 routes');
    expect(screen.getAllByText('No route matches the filter.')).toHaveLength(2);
  });
});
