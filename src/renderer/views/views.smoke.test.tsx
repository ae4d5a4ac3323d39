/**
 * Server-side renders every view (no DOM needed) for an empty and a busy
 * snapshot: catches render-time exceptions and checks the test ids and the
 * headline numbers the e2e tests rely on. The views read the interface and
 * counter history from a store, fed here as the engine would feed it.
 */
import { describe, it, expect } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement, type FunctionComponent } from 'react';
import { emptySnapshot, zeroCounters, type Snapshot } from '../../shared/model';
import { StoreProvider, createNetScopeStore, type NetScopeStore } from '../store';
import { FakeApi } from '../store/test-helpers';
import { DosView, InterfacesView, RoutesView, StatesView, StatsView } from './index';
import { tcp, udp } from './test-helpers';
import { defaultRoute } from '../../shared/test-helpers';

const render = (store: NetScopeStore, view: FunctionComponent<{ snapshot: Snapshot }>, snapshot: Snapshot): string =>
  renderToStaticMarkup(createElement(StoreProvider, { store }, createElement(view, { snapshot })));

const views: [string, FunctionComponent<{ snapshot: Snapshot }>, string][] = [
  ['RoutesView', RoutesView, 'routes-view'],
  ['InterfacesView', InterfacesView, 'interfaces-view'],
  ['StatsView', StatsView, 'stats-view'],
  ['StatesView', StatesView, 'states-view'],
  ['DosView', DosView, 'dos-view'],
];

function busySnapshot(seq: number): Snapshot {
  const flood = Array.from({ length: 150 }, (_, i) =>
    tcp('10.0.0.1', 80, `203.0.113.${i % 200}`, 2000 + i, 'SYN_RECV'),
  );
  return emptySnapshot({
    seq,
    takenAt: 1_700_000_000_000 + seq * 1000,
    connections: [
      tcp('0.0.0.0', 80, '0.0.0.0', 0, 'LISTEN', { pid: 1, processName: 'nginx' }),
      tcp('10.0.0.1', 80, '::ffff:198.51.100.7', 1234, 'ESTABLISHED', { pid: 1, processName: 'nginx' }),
      udp('0.0.0.0', 53),
      ...flood,
    ],
    routes: [
      defaultRoute({ metric: 100 }),
      {
        family: 6,
        destination: 'fe80::',
        prefixLength: 64,
        gateway: null,
        interface: 'eth0',
        metric: 256,
        flags: 'U',
        table: 'main',
      },
    ],
    interfaces: [
      {
        name: 'eth0',
        mac: '52:54:00:12:34:56',
        mtu: 1500,
        up: true,
        speedMbps: 1000,
        counters: { ...zeroCounters(), rxBytes: 5 * 1024 * 1024, rxErrors: 3 },
        rates: seq > 1 ? { rxBytesPerSec: 2048, txBytesPerSec: 1024, rxPacketsPerSec: 2, txPacketsPerSec: 1 } : null,
      },
    ],
    protocolStats: { Tcp: { ActiveOpens: 10 * seq, RetransSegs: 2 * seq, CurrEstab: 1 }, Udp: { InDatagrams: 5 } },
  });
}

describe('views render without a DOM', () => {
  for (const [name, view, testId] of views) {
    it(`${name} renders an empty snapshot`, () => {
      const html = render(createNetScopeStore(new FakeApi().asApi(), null), view, emptySnapshot());
      expect(html).toContain(`data-testid="${testId}"`);
    });
  }

  it('renders a busy snapshot with alarms, routes, deltas and totals', () => {
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    store.getState().handleSnapshot(busySnapshot(1));
    store.getState().handleSnapshot(busySnapshot(2));
    const snapshot = busySnapshot(2);
    const html = (view: FunctionComponent<{ snapshot: Snapshot }>) => render(store, view, snapshot);

    const dos = html(DosView);
    expect(dos).toContain('data-testid="dos-alarm"');
    expect(dos).toMatch(/150 half-open connections/);
    expect(dos.match(/data-testid="dos-remote-row"/g)).toHaveLength(50);
    expect(dos).toContain('198.51.100.7'); // v4-mapped shown as IPv4

    // The text, without the break points long addresses may wrap at (DataTable's breakable).
    const routes = html(RoutesView).replace(/<wbr\/?>/g, '');
    expect(routes).toContain('nsv-row-default');
    expect(routes).toContain('on-link');
    expect(routes).toContain('fe80::/64');

    const stats = html(StatsView);
    expect(stats).toContain('+2'); // RetransSegs moved 2 -> 4
    expect(stats).toContain('nsv-row-alert');

    const ifaces = html(InterfacesView);
    expect(ifaces).toContain('5.24 MB');
    expect(ifaces).toContain('2.05 kB/s');
    expect(ifaces).toContain('nsv-cell-alert'); // rx errors

    const states = html(StatesView);
    expect(states).toContain('data-testid="udp-count"');
    expect(states).toMatch(/150 SYN_RECV/);
  });
});
