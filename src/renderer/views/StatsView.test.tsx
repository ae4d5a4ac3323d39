/** The Statistics view's protocol picker keeps the sections `netscope -s -p` keeps (issue 15). */
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { emptySnapshot } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { StatsView } from './StatsView';

// Section names as /proc/net/snmp, snmp6 and netstat name them on Linux.
const linuxStats = {
  Ip: { Forwarding: 1 },
  IpExt: { InOctets: 5 },
  Ip6: { Ip6InReceives: 9 },
  Icmp: { InMsgs: 2 },
  Icmp6: { Icmp6InMsgs: 3 },
  Tcp: { ActiveOpens: 3 },
  TcpExt: { SyncookiesSent: 0 },
  Udp: { InDatagrams: 4 },
  Udp6: { Udp6InDatagrams: 1 },
  Arp: { Entries: 7 },
};

function show() {
  const store = createNetScopeStore(new FakeApi().asApi(), null);
  render(
    <StoreProvider store={store}>
      <StatsView snapshot={{ ...emptySnapshot(), protocolStats: linuxStats }} />
    </StoreProvider>,
  );
}
const sections = () => screen.getAllByTestId('stats-group').map((g) => g.querySelector('strong')?.textContent);
const pick = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('Statistics view protocol picker', () => {
  it('shows every section until a protocol is picked, All pressed', () => {
    show();
    expect(sections()).toHaveLength(10);
    expect(screen.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('keeps TCP and TcpExt for TCP, adds UDPv6 on a second pick, and All brings the rest back', () => {
    show();
    pick('TCP');
    expect(sections()).toEqual(['Tcp', 'TcpExt']);
    expect(screen.getByRole('button', { name: 'TCP' }).getAttribute('aria-pressed')).toBe('true');
    pick('UDPv6');
    expect(sections()).toEqual(['Tcp', 'TcpExt', 'Udp6']);
    pick('TCP');
    expect(sections()).toEqual(['Udp6']);
    pick('All');
    expect(sections()).toHaveLength(10);
  });

  it('says why a picked protocol has no section (Linux has no TCPv6 section)', () => {
    show();
    expect(screen.queryByTestId('stats-missing')).toBeNull();
    pick('TCPv6');
    expect(screen.queryAllByTestId('stats-group')).toHaveLength(0);
    expect(screen.getByTestId('stats-missing').textContent).toContain('No TCPv6 section');
    expect(screen.getByTestId('stats-missing').textContent).toContain('both IP versions');
  });
});
