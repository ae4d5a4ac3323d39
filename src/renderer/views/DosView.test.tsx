/** The DoS view raises the exporter's verdict, on issue 10's quiet host and on a real flood, and says why. */
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { blankConnection, emptySnapshot, type Connection, type SocketState } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { DosView } from './DosView';

const tcp = (local: string, lport: number, remote: string, rport: number, state: SocketState): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: local,
    localPort: lport,
    remoteAddress: remote,
    remotePort: rport,
    state,
  });
const listener = (port: number): Connection => tcp('0.0.0.0', port, '0.0.0.0', 0, 'LISTEN');
const repeat = (n: number, make: (i: number) => Connection): Connection[] =>
  Array.from({ length: n }, (_, i) => make(i));
const show = (connections: Connection[]) => {
  const store = createNetScopeStore(new FakeApi().asApi(), null);
  render(
    <StoreProvider store={store}>
      <DosView snapshot={{ ...emptySnapshot(), connections }} />
    </StoreProvider>,
  );
  return store;
};

describe('DoS view', () => {
  it('raises nothing on a quiet host whose loopback holds 1,077 TIME_WAIT rows', () => {
    show([
      listener(8080),
      ...repeat(1077, (i) => tcp('127.0.0.1', 8080, '127.0.0.1', 30_000 + i, 'TIME_WAIT')),
      ...repeat(4, (i) => tcp('127.0.0.1', 8080, '127.0.0.1', 40_000 + i, 'ESTABLISHED')),
      tcp('10.0.0.5', 50_000, '93.184.216.34', 443, 'ESTABLISHED'),
    ]);
    expect(screen.queryByTestId('dos-alarm')).toBeNull();
    expect(screen.getByTestId('dos-ok').textContent).toMatch(/0 SYN_RECV from other hosts/);
    expect(screen.getByTestId('dos-rules').textContent).toMatch(/4 from this machine/);
    // No other host inbound at all: said plainly, not as "no remote holds any of 0 inbound connections".
    expect(screen.getByTestId('dos-ok').textContent).toMatch(
      /; no other host holds an inbound connection that costs this server something\.$/,
    );
  });

  it("counts this machine's own address as local too", () => {
    show([listener(443), ...repeat(80, (i) => tcp('10.0.0.5', 443, '10.0.0.5', 30_000 + i, 'ESTABLISHED'))]);
    expect(screen.queryByTestId('dos-alarm')).toBeNull();
  });

  it('alarms on one remote holding most inbound connections, and says why', () => {
    show([
      listener(443),
      ...repeat(60, (i) => tcp('10.0.0.5', 443, '203.0.113.9', 20_000 + i, 'ESTABLISHED')),
      ...repeat(20, (i) => tcp('10.0.0.5', 443, `198.51.100.${i + 1}`, 20_000, 'ESTABLISHED')),
    ]);
    expect(screen.getByTestId('dos-alarm').textContent).toMatch(/203\.0\.113\.9 holds 60 of 80 inbound connections/);
  });

  it('alarms on half-open connections from other hosts above the threshold', () => {
    show([listener(80), ...repeat(150, (i) => tcp('10.0.0.5', 80, `198.51.${i}.7`, 1024, 'SYN_RECV'))]);
    expect(screen.getByTestId('dos-alarm').textContent).toMatch(
      /150 half-open connections \(SYN_RECV\) from other hosts/,
    );
  });

  it('opens the grid filtered to a remote row, and to a listening port', async () => {
    const { default: userEvent } = await import('@testing-library/user-event');
    const user = userEvent.setup();
    const store = show([
      listener(443),
      ...repeat(3, (i) => tcp('10.0.0.5', 443, '203.0.113.9', 20_000 + i, 'ESTABLISHED')),
    ]);
    await user.click(screen.getAllByTestId('dos-remote-row')[0] as HTMLElement);
    expect(store.getState().prefs.filter).toBe('raddr:=203.0.113.9');
    expect(store.getState().tab).toBe('Connections');
    await user.click(screen.getAllByRole('button', { name: /^443: Show port 443/ })[0] as HTMLElement);
    expect(store.getState().prefs.filter).toBe('proto:tcp lport:443');
  });

  it("opens the grid filtered to a listener's process, not to its port, when its name is clicked", async () => {
    const { default: userEvent } = await import('@testing-library/user-event');
    const user = userEvent.setup();
    const owned = (c: Connection, pid: number | null, processName: string | null): Connection => ({
      ...c,
      pid,
      processName,
    });
    const store = show([
      owned(listener(443), 812, 'nginx'),
      owned(tcp('::', 443, '::', 0, 'LISTEN'), 813, 'nginx'),
      owned(listener(8080), null, 'java'),
      ...repeat(3, (i) => tcp('10.0.0.5', 443, '203.0.113.9', 20_000 + i, 'ESTABLISHED')),
    ]);
    const port443 = screen.getAllByTestId('dos-listener-row')[0] as HTMLElement;
    // Two processes of one name on one port (SO_REUSEPORT) are told apart by PID.
    await user.click(within(port443).getByRole('button', { name: /^nginx \(813\): show its sockets/ }));
    expect(store.getState().prefs.filter).toBe('pid:813');
    expect(store.getState().tab).toBe('Connections');
    store.getState().setTab('DoS');
    await user.click(screen.getByRole('button', { name: /^java: show its sockets/ }));
    expect(store.getState().prefs.filter).toBe('pid:none proc:=java');
  });

  it('titles its state columns with the names the States view uses (ESTABLISHED, TIME_WAIT), in the CSV too', async () => {
    const saved: string[] = [];
    const store = show([
      listener(443),
      tcp('10.0.0.5', 443, '203.0.113.9', 20_000, 'ESTABLISHED'),
      tcp('10.0.0.5', 443, '203.0.113.9', 20_001, 'TIME_WAIT'),
      tcp('10.0.0.5', 443, '203.0.113.9', 20_002, 'CLOSE_WAIT'),
      tcp('10.0.0.5', 443, '203.0.113.9', 20_003, 'FIN_WAIT1'),
    ]);
    store.setState({
      saveCsv: (csv: string) => {
        saved.push(csv);
        return Promise.resolve({ ok: true, value: { savedTo: null } });
      },
    });
    const [remotes, listeners] = screen.getAllByRole('table');
    const titles = (table: HTMLElement | undefined): string[] =>
      within(table as HTMLElement)
        .getAllByRole('columnheader')
        .map((th) => (th.textContent ?? '').replace(/[▲▼]/g, ''));
    expect(titles(remotes)).toEqual(
      expect.arrayContaining(['ESTABLISHED', 'SYN_RECV', 'TIME_WAIT', 'CLOSE_WAIT', 'FIN_WAIT1']),
    );
    expect(titles(listeners)).toEqual(expect.arrayContaining(['ESTABLISHED', 'SYN_RECV', 'TIME_WAIT', 'CLOSE_WAIT']));
    for (const short of ['ESTAB', 'TIME_W', 'CLOSE_W', 'FIN_W1']) {
      expect(titles(remotes)).not.toContain(short);
      expect(titles(listeners)).not.toContain(short);
    }
    screen.getByTestId('csv-remote-addresses').click();
    expect(saved[0]?.split('\r\n')[0]).toBe(
      'Remote address,Family,Connections,Share (fraction),ESTABLISHED,SYN_RECV,SYN_SENT,TIME_WAIT,CLOSE_WAIT,FIN_WAIT1,FIN_WAIT2,LAST_ACK,Local ports',
    );
  });
});
