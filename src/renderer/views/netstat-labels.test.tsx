/** The Statistics view speaks netstat -s too: its phrase beside the kernel's name, and the filter finds either. */
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { emptySnapshot } from '../../shared/model';
import { createNetScopeStore, StoreProvider } from '../store';
import { FakeApi } from '../store/test-helpers';
import { netstatPhrase } from './netstat-labels';
import { StatsView } from './StatsView';

describe('netstatPhrase', () => {
  it("gives net-tools' wording for Linux counters, by group (Udp's InErrors is not Icmp's)", () => {
    expect(netstatPhrase('Tcp', 'ActiveOpens')).toBe('active connection openings');
    expect(netstatPhrase('TcpExt', 'ListenOverflows')).toBe('times the listen queue of a socket overflowed');
    expect(netstatPhrase('Udp', 'InErrors')).toBe('packet receive errors');
    expect(netstatPhrase('Icmp', 'InErrors')).toBe('input ICMP message failed');
  });

  it('has none for counters netstat prints by name, other systems, or object keys', () => {
    expect(netstatPhrase('TcpExt', 'TCPTimeouts')).toBeNull();
    expect(netstatPhrase('tcp', 'ActiveOpens')).toBeNull(); // macOS/BSD sections are lower-case, with other names
    expect(netstatPhrase('Tcp', 'constructor')).toBeNull();
    expect(netstatPhrase('__proto__', 'x')).toBeNull();
  });
});

describe('Statistics view', () => {
  it('shows the phrase beside the name, and the filter finds a counter by it', async () => {
    const user = userEvent.setup();
    render(
      <StoreProvider store={createNetScopeStore(new FakeApi().asApi(), null)}>
        <StatsView
          snapshot={emptySnapshot({
            seq: 1,
            takenAt: 1000,
            protocolStats: { Tcp: { ActiveOpens: 5 }, TcpExt: { ListenOverflows: 99651, TCPTimeouts: 7 } },
          })}
        />
      </StoreProvider>,
    );
    expect(screen.getByText('active connection openings')).toBeTruthy();
    await user.type(screen.getByRole('searchbox', { name: 'Filter counters' }), 'listen queue');
    const rows = screen.getAllByTestId('stat-row').map((r) => r.textContent);
    expect(rows).toEqual([
      expect.stringMatching(/^ListenOverflows times the listen queue of a socket overflowed99,651/),
    ]);
  });
});

describe('Statistics view of an opened file', () => {
  it('has no change or rate columns (one moment: they were dashes top to bottom) and no "moved" switch', () => {
    render(
      <StoreProvider store={createNetScopeStore(new FakeApi().asApi(), null)}>
        <StatsView
          snapshot={emptySnapshot({
            source: { kind: 'import', file: 'netstat-s.txt', formats: ['linux-netstat-s'] },
            protocolStats: { Tcp: { 'active connection openings': 3077043 } },
          })}
        />
      </StoreProvider>,
    );
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Counter', 'Value']);
    expect(screen.getByTestId('stat-row').textContent).toBe('active connection openings3,077,043');
    expect(screen.queryByLabelText(/Only counters that moved/)).toBeNull();
  });

  it('a "moved" tick left from the live view does not empty the file\'s statistics (its switch is hidden)', async () => {
    const user = userEvent.setup();
    const store = createNetScopeStore(new FakeApi().asApi(), null);
    const live = emptySnapshot({ seq: 1, takenAt: 1000, protocolStats: { Tcp: { ActiveOpens: 5 } } });
    const file = emptySnapshot({
      source: { kind: 'import', file: 'netstat-s.txt', formats: ['linux-netstat-s'] },
      protocolStats: { Tcp: { 'active connection openings': 3077043 } },
    });
    const { rerender } = render(
      <StoreProvider store={store}>
        <StatsView snapshot={live} />
      </StoreProvider>,
    );
    await user.click(screen.getByLabelText(/Only counters that moved/));
    rerender(
      <StoreProvider store={store}>
        <StatsView snapshot={file} />
      </StoreProvider>,
    );
    expect(screen.getByTestId('stat-row').textContent).toBe('active connection openings3,077,043');
  });
});
