/** The interface totals can be checked against `ip -s link`, and an opened file's cards do not wait for rates. */
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { emptySnapshot, zeroCounters, type NetInterface, type Snapshot } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { InterfacesView } from './InterfacesView';

const lo: NetInterface = {
  name: 'lo',
  mac: '00:00:00:00:00:00',
  mtu: 65536,
  up: true,
  speedMbps: null,
  counters: { ...zeroCounters(), rxBytes: 170_048_043_890, rxPackets: 17_140_410, txDrops: 1234 },
  rates: null,
};

const still = { rxBytesPerSec: 0, txBytesPerSec: 0, rxPacketsPerSec: 0, txPacketsPerSec: 0 };

function show(snapshot: Snapshot, recorded: readonly Snapshot[] = []): void {
  const store = createNetScopeStore(new FakeApi().asApi(), null);
  for (const s of recorded) store.getState().history.record(s);
  render(
    <StoreProvider store={store}>
      <InterfacesView snapshot={snapshot} />
    </StoreProvider>,
  );
}

describe('Interfaces view', () => {
  it('shortens the totals but keeps the exact counter, as ip -s link prints it, in the tooltip', () => {
    show(emptySnapshot({ seq: 1, takenAt: 1000, interfaces: [lo] }));
    const row = screen.getByRole('table').querySelector('tbody tr');
    if (!row) throw new Error('no totals row');
    const bytes = within(row as HTMLElement).getByText('170 GB');
    expect(bytes.closest('td')?.title).toBe('170,048,043,890 bytes');
    expect(
      within(row as HTMLElement)
        .getByText('17.1M')
        .closest('td')?.title,
    ).toBe('17,140,410 packets');
    expect(
      within(row as HTMLElement)
        .getByText('1.23k')
        .closest('td')?.title,
    ).toBe('1,234 dropped');
  });

  it('live: a card waits for its rates from the second refresh', () => {
    show(emptySnapshot({ seq: 1, takenAt: 1000, interfaces: [lo] }));
    expect(screen.getByTestId('interface-card').textContent).toMatch(/Collecting… rates appear/);
    expect(screen.getByRole('group', { name: 'Chart window' })).toBeTruthy();
  });

  it('live: a card whose interface moved nothing over the window says so instead of a flat 0-4 B/s chart', () => {
    const eth1: NetInterface = { ...lo, name: 'eth1', up: false, rates: null };
    const at = (seq: number, rx: number): Snapshot =>
      emptySnapshot({
        seq,
        takenAt: seq * 1000,
        interfaces: [
          { ...eth1, rates: seq === 1 ? null : { ...still, rxBytesPerSec: rx } },
          { ...lo, rates: seq === 1 ? null : { ...still, rxBytesPerSec: 5000 } },
        ],
      });
    show(at(3, 0), [at(1, 0), at(2, 0), at(3, 0)]);
    const [down, busy] = screen.getAllByTestId('interface-card');
    if (!down || !busy) throw new Error('two cards expected');
    expect(within(down).getByTestId('interface-idle').textContent).toBe(
      'No traffic over the last minutes: nothing to chart.',
    );
    expect(down.querySelector('.nsv-chart')).toBeNull();
    expect(within(busy).queryByTestId('interface-idle')).toBeNull();
    expect(busy.querySelector('.nsv-chart')).not.toBeNull();
  });

  it('live: a card that moved bytes earlier in the window still charts them', () => {
    const at = (seq: number, tx: number): Snapshot =>
      emptySnapshot({ seq, takenAt: seq * 1000, interfaces: [{ ...lo, rates: { ...still, txBytesPerSec: tx } }] });
    show(at(3, 0), [at(1, 0), at(2, 300), at(3, 0)]);
    expect(screen.queryByTestId('interface-idle')).toBeNull();
    expect(screen.getByTestId('interface-card').querySelector('.nsv-chart')).not.toBeNull();
  });

  it('an opened file: no "Collecting…" that never ends, no chart window, no "now" rates', () => {
    show(
      emptySnapshot({
        interfaces: [lo],
        source: { kind: 'import', file: 'proc-net-dev.txt', formats: ['proc-net-dev'] },
      }),
    );
    const card = screen.getByTestId('interface-card');
    expect(card.textContent).not.toMatch(/Collecting/);
    expect(card.textContent).not.toMatch(/RX now/);
    expect(screen.getByTestId('interface-no-chart').textContent).toMatch(/totals, not rates over time/);
    expect(card.querySelector('.nsv-chart-empty')).toBeNull();
    expect(screen.queryByRole('group', { name: 'Chart window' })).toBeNull();
  });
});
