/** Top talkers: busiest first from the store's history, a row opens the grid filtered to it, and it says why when empty. */
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { blankConnection, type Connection, type Snapshot } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { sendingTraffic, trafficSnapshot as snap } from './test-helpers';
import { TALKERS_FIRST, TALKERS_SHOWN, TopTalkersView } from './TopTalkersView';

function conn(port: number, pid: number, name: string, sent: number, sendRate: number | null): Connection {
  return {
    ...blankConnection({
      protocol: 'tcp',
      family: 4,
      localAddress: '10.0.0.5',
      localPort: port,
      remoteAddress: `203.0.113.${pid}`,
      remotePort: 443,
      state: 'ESTABLISHED',
    }),
    id: `c${port}`,
    pid,
    processName: name,
    traffic: sendingTraffic(sent, sendRate),
  };
}

function show(snapshots: Snapshot[]) {
  const store = createNetScopeStore(new FakeApi().asApi(), null);
  for (const s of snapshots) store.getState().history.record(s);
  const last = snapshots[snapshots.length - 1] as Snapshot;
  render(
    <StoreProvider store={store}>
      <TopTalkersView snapshot={last} />
    </StoreProvider>,
  );
  return store;
}

describe('Top talkers view', () => {
  it('lists processes by rate with totals since first seen, and a row filters the grid to it', () => {
    const store = show([
      snap(1, [conn(1, 7, 'scp', 0, null), conn(2, 9, 'curl', 0, null)]),
      snap(2, [conn(1, 7, 'scp', 5_000_000, 5_000_000), conn(2, 9, 'curl', 1000, 1000)]),
    ]);
    const rows = screen.getAllByTestId('talker-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^scp7.*5\.00 MB\/s.*5\.00 MB/),
      expect.stringMatching(/^curl9.*1\.00 kB\/s/),
    ]);
    fireEvent.click(within(rows[0] as HTMLElement).getAllByRole('button')[0] as HTMLElement);
    expect(store.getState().prefs.filter).toBe('pid:7');
    expect(store.getState().tab).toBe('Connections');
  });

  it('shows the busiest TALKERS_FIRST, TALKERS_SHOWN when asked, says how many there are, and sorts all of them by another column', () => {
    // 150 processes, process p sending p kB/s: the busiest is p 150.
    const conns = (sent: boolean) =>
      Array.from({ length: 150 }, (_, i) =>
        conn(i + 1, i + 1, `p${i + 1}`, sent ? (i + 1) * 1000 : 0, sent ? (i + 1) * 1000 : null),
      );
    show([snap(1, conns(false)), snap(2, conns(true))]);
    const labels = () => screen.getAllByTestId('talker-row').map((r) => within(r).getAllByRole('cell')[0]?.textContent);
    expect(labels().length).toBe(TALKERS_FIRST);
    expect(labels().slice(0, 2)).toEqual(['p150', 'p149']);
    expect(screen.getByText(`Showing ${TALKERS_FIRST} of 150; sort by any column to change which.`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: `Show the busiest ${TALKERS_SHOWN}` }));
    expect(labels().length).toBe(TALKERS_SHOWN);
    expect(labels().at(-1)).toBe(`p${151 - TALKERS_SHOWN}`);
    expect(screen.getByText(`Showing ${TALKERS_SHOWN} of 150; sort by any column to change which.`)).toBeTruthy();
    // By rate the other way round: the quietest of all 150, not of the 100 shown.
    fireEvent.click(screen.getByRole('button', { name: /^Rate/ }));
    expect(labels().slice(0, 2)).toEqual(['p1', 'p2']);
    fireEvent.click(screen.getByRole('button', { name: `Show the busiest ${TALKERS_FIRST}` }));
    expect(labels().length).toBe(TALKERS_FIRST);
  });

  it('offers the way back to 30 when all rows fit in 100, in the table foot', () => {
    const conns = (sent: boolean) =>
      Array.from({ length: 60 }, (_, i) => conn(i + 1, i + 1, `p${i + 1}`, sent ? 1000 : 0, sent ? 1000 : null));
    show([snap(1, conns(false)), snap(2, conns(true))]);
    const more = screen.getByRole('button', { name: 'Show the busiest 60' });
    expect(more.closest('.nsv-table-foot')).not.toBeNull();
    fireEvent.click(more);
    expect(screen.getAllByTestId('talker-row')).toHaveLength(60);
    expect(screen.queryByText(/^Showing /)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: `Show the busiest ${TALKERS_FIRST}` }));
    expect(screen.getAllByTestId('talker-row')).toHaveLength(TALKERS_FIRST);
  });

  it('offers no more rows when all of them are shown', () => {
    show([snap(1, [conn(1, 7, 'scp', 0, null)]), snap(2, [conn(1, 7, 'scp', 1000, 1000)])]);
    expect(screen.getAllByTestId('talker-row')).toHaveLength(1);
    expect(screen.queryByTestId('talkers-more')).toBeNull();
  });

  it("says visibly from when its totals count, and that the grid counts each socket's whole life", () => {
    // The scp connection had sent 4 MB before the first refresh: the grid shows 5 MB, Top talkers 1 MB.
    show([snap(1, [conn(1, 7, 'scp', 4_000_000, null)]), snap(2, [conn(1, 7, 'scp', 5_000_000, 1_000_000)])]);
    expect(screen.getAllByTestId('talker-row')[0]?.textContent).toMatch(/^scp7.*1\.00 MB\/s.*1\.00 MB/);
    const note = screen.getByTestId('talkers-since').textContent ?? '';
    expect(note).toContain(`bytes since ${new Date(1000).toLocaleTimeString()}, when this window first saw`);
    expect(note).toMatch(
      /grid's Sent and Received are each socket's whole life\. Chart: send \+ receive per process\.$/,
    );
    fireEvent.click(screen.getByLabelText('By remote host'));
    expect(screen.getByTestId('talkers-since').textContent).toMatch(/per remote host\.$/);
  });

  it('says by remote host that a loopback connection counts once per end, and only where loopback is listed', () => {
    const loop = (c: Connection, remote: string): Connection => ({ ...c, localAddress: remote, remoteAddress: remote });
    show([
      snap(1, [loop(conn(1, 7, 'client', 0, null), '127.0.0.1'), loop(conn(2, 8, 'server', 0, null), '127.0.0.1')]),
      snap(2, [loop(conn(1, 7, 'client', 10, 10), '127.0.0.1'), loop(conn(2, 8, 'server', 10, 10), '127.0.0.1')]),
    ]);
    expect(screen.getByTestId('talkers-since').textContent).not.toMatch(/Loopback/);
    fireEvent.click(screen.getByLabelText('By remote host'));
    expect(screen.getByTestId('talkers-since').textContent).toMatch(
      /Loopback \(127\.0\.0\.1, ::1\): both ends of such a connection are this machine, so its bytes count once per end\.$/,
    );
  });

  it('groups by remote host on request', () => {
    show([snap(1, [conn(1, 7, 'scp', 0, null)]), snap(2, [conn(1, 7, 'scp', 10, 10)])]);
    fireEvent.click(screen.getByLabelText('By remote host'));
    expect(screen.getAllByTestId('talker-row')[0]?.textContent).toMatch(/^203\.0\.113\.7/);
  });

  it('an idle host: says nothing moves now instead of "Collecting…" for ever, and keeps the totals', () => {
    show([
      snap(1, [conn(1, 7, 'scp', 0, null)]),
      snap(2, [conn(1, 7, 'scp', 5000, 5000)]),
      snap(3, [conn(1, 7, 'scp', 5000, 0)]),
    ]);
    expect(screen.getByTestId('talkers-idle').textContent).toMatch(/^Nothing is sending or receiving now/);
    expect(screen.queryByText(/Collecting/)).toBeNull();
    expect(screen.getAllByTestId('talker-row')[0]?.textContent).toMatch(/^scp7.*5\.00 kB/);
  });

  it('before the second refresh: collecting', () => {
    show([snap(1, [conn(1, 7, 'scp', 0, null)])]);
    expect(screen.getByText(/Collecting… rates appear from the second refresh/)).toBeTruthy();
  });

  it('says why there is nothing when the engine reads no counters', () => {
    show([snap(1, [], false)]);
    expect(screen.queryByTestId('talkers-since')).toBeNull();
    expect(screen.getByTestId('talkers-absent').textContent).toBe(
      'No traffic counters: counters need the netlink engine.',
    );
  });
});
