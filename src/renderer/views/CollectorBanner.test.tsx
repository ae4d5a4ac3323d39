/**
 * A collector that failed makes its view say so instead of showing its empty table as the truth: the routes view
 * once said "No routing table", and the DoS view "No alarm: 0 SYN_RECV", when the read had failed.
 */
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import type { FunctionComponent } from 'react';
import { emptySnapshot, type CollectorReport, type Snapshot } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { DosView, InterfacesView, RoutesView, StatesView, StatsView, TopTalkersView } from './index';

const NAMES = ['connections', 'routes', 'interfaces', 'protocol-stats'] as const;

function report(name: string, over: Partial<CollectorReport> = {}): CollectorReport {
  return { name, ok: true, tookMs: 1, error: null, warnings: [], ...over };
}

/** A live snapshot in which `failed` threw (as the engine reports it: empty data, ok false, the error). */
function liveWith(failed: string | null, warnings: Record<string, string[]> = {}): Snapshot {
  return emptySnapshot({
    seq: 1,
    takenAt: 1000,
    collectors: NAMES.map((n) =>
      report(n, {
        ...(n === failed ? { ok: false, error: `EIO: i/o error, read '/proc/net/${n}'` } : {}),
        warnings: warnings[n] ?? [],
      }),
    ),
  });
}

function show(view: FunctionComponent<{ snapshot: Snapshot }>, snapshot: Snapshot): void {
  const store = createNetScopeStore(new FakeApi().asApi(), null);
  const View = view;
  render(
    <StoreProvider store={store}>
      <View snapshot={snapshot} />
    </StoreProvider>,
  );
}

const cases: [string, FunctionComponent<{ snapshot: Snapshot }>, (typeof NAMES)[number], RegExp][] = [
  ['Routes', RoutesView, 'routes', /Could not read the routing table: EIO/],
  ['Interfaces', InterfacesView, 'interfaces', /Could not read the interface statistics: EIO/],
  ['Statistics', StatsView, 'protocol-stats', /Could not read the protocol statistics: EIO/],
  ['States', StatesView, 'connections', /Could not read the socket table: EIO/],
  ['DoS', DosView, 'connections', /Could not read the socket table: EIO.*No DoS verdict/],
  ['Top talkers', TopTalkersView, 'connections', /Could not read the socket table: EIO/],
];

describe('a view whose collector failed', () => {
  for (const [title, view, collector, text] of cases) {
    it(`${title}: says the read failed and why, as an alert`, () => {
      show(view, liveWith(collector));
      expect(screen.getByRole('alert').textContent).toMatch(text);
      expect(screen.queryByTestId(/-empty$/)).toBeNull();
    });
    it(`${title}: says nothing when another collector failed`, () => {
      show(view, liveWith(NAMES.find((n) => n !== collector) ?? null));
      expect(screen.queryByTestId('collector-failed')).toBeNull();
    });
  }

  it('DoS: gives no "No alarm" verdict without a socket table', () => {
    show(DosView, liveWith('connections'));
    expect(screen.queryByTestId('dos-ok')).toBeNull();
    expect(screen.queryByTestId('dos-alarm')).toBeNull();
  });

  it('DoS: still says "No alarm" when the sockets were read and none is suspicious', () => {
    show(DosView, liveWith('routes'));
    expect(screen.getByTestId('dos-ok').textContent).toMatch(/No alarm/);
  });
});

describe('empty, and read in part', () => {
  it('an empty routing table read cleanly says so of this machine', () => {
    show(RoutesView, liveWith(null));
    expect(screen.getByTestId('routes-empty').textContent).toBe('No routing table on this machine.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('an opened file without routes says the file holds none', () => {
    show(RoutesView, emptySnapshot({ source: { kind: 'import', file: 'customer.txt', formats: ['netstat-anob'] } }));
    expect(screen.getByTestId('routes-empty').textContent).toBe(
      'The opened file (customer.txt) holds no routing table.',
    );
  });

  it("lists a collector's warnings where its data is shown, not the socket reader's in the DoS view", () => {
    show(RoutesView, liveWith(null, { routes: ['IPv6 routes are missing: /proc/net/ipv6_route: EACCES'] }));
    expect(screen.getByTestId('collector-warnings').textContent).toMatch(/routing table may be incomplete:IPv6 routes/);
    // Nothing read and a warning: the table is not known to be empty, so no "No routing table on this machine".
    expect(screen.queryByTestId('routes-empty')).toBeNull();
  });

  it("keeps the socket reader's warnings out of the DoS view (the status bar lists them)", () => {
    show(DosView, liveWith(null, { connections: ['owners of 3 sockets unknown'] }));
    expect(screen.queryByTestId('collector-warnings')).toBeNull();
  });
});
