/** The process panel's traffic line: its rates and totals from the store's history, or why there are none. */
import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import type { Snapshot } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { rsyncSending, trafficSnapshot } from '../views/test-helpers';
import { ProcessTraffic } from './ProcessTraffic';

function snap(seq: number, sent: number, sendRate: number | null, traffic = true): Snapshot {
  const c = rsyncSending(sent, sendRate);
  return trafficSnapshot(seq, [c], traffic);
}

function show(snapshots: Snapshot[]) {
  const store = createNetScopeStore(new FakeApi().asApi(), null);
  for (const s of snapshots) store.getState().history.record(s);
  store.setState({ snapshot: snapshots[snapshots.length - 1] ?? null });
  render(
    <StoreProvider store={store}>
      <ProcessTraffic pid={31} />
    </StoreProvider>,
  );
}

describe('process panel traffic', () => {
  it('gives the rates now and the bytes since first seen', () => {
    show([snap(1, 0, null), snap(2, 3_000_000, 3_000_000)]);
    expect(screen.getByTestId('process-traffic').textContent).toMatch(
      /3\.00 MB\/s out, 0 B\/s in now; 3\.00 MB sent, 0 B received since first seen/,
    );
  });

  it('draws no chart for a process that moved nothing, and says so', async () => {
    show([snap(1, 0, null), snap(2, 0, 0), snap(3, 0, 0)]);
    expect(screen.getByTestId('process-traffic-idle').textContent).toBe(
      'No traffic over the last minutes: nothing to chart.',
    );
    // The chart's code loaded, still no chart (it would have come with it).
    await import('../views/TalkersChart');
    await act(async () => undefined);
    expect(screen.queryByTestId('talkers-chart')).toBeNull();
  });

  it('charts a process that moved something over the last minutes', async () => {
    show([snap(1, 0, null), snap(2, 3_000_000, 3_000_000), snap(3, 3_000_000, 0)]);
    // Loaded first: a cold load of Recharts can outlast findBy's wait.
    await import('../views/TalkersChart');
    expect(await screen.findByTestId('talkers-chart')).toBeTruthy();
    expect(screen.queryByTestId('process-traffic-idle')).toBeNull();
  });

  it('says why there is nothing without counters', () => {
    show([snap(1, 0, null, false)]);
    expect(screen.getByTestId('process-traffic').textContent).toBe('Traffic: counters need the netlink engine');
  });
});
