/** The status bar names the socket engine and, where the engine can switch, chooses it. */
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { EngineStatus } from '../shared/api';
import { emptySnapshot, type SocketEngineStatus as EngineInfo } from '../shared/model';
import { SocketEngineStatus } from './SocketEngineStatus';
import { createNetScopeStore, StoreProvider } from './store';
import { FakeApi } from './store/test-helpers';

const status = (socketEngine?: EngineStatus['socketEngine']): EngineStatus => ({
  intervalMs: 1000,
  paused: false,
  seq: 1,
  readOnly: false,
  title: 'h',
  ...(socketEngine ? { socketEngine } : {}),
});

function show(engine: EngineInfo, engineStatus: EngineStatus) {
  const api = new FakeApi().asApi();
  const setSocketEngine = vi.fn(async (e: 'procfs' | 'netlink' | 'auto') => ({
    ok: true as const,
    value: status(e),
  }));
  const store = createNetScopeStore({ ...api, setSocketEngine }, null);
  store.setState({
    status: engineStatus,
    snapshot: emptySnapshot({
      collectors: [{ name: 'connections', ok: true, tookMs: 1, error: null, warnings: [], engine }],
    }),
  });
  render(
    <StoreProvider store={store}>
      <SocketEngineStatus />
    </StoreProvider>,
  );
  return { store, setSocketEngine };
}

const procfs: EngineInfo = {
  name: 'procfs',
  requested: 'netlink',
  fallbackReason: 'netlink sock_diag unavailable: EACCES',
  traffic: false,
  trafficNote: 'counters need the netlink engine, which is unavailable here',
};

describe('socket engine in the status bar', () => {
  it('names the engine that ran, its fallback and why there are no counters', () => {
    show(procfs, status());
    const item = screen.getByTestId('status-engine');
    expect(item.textContent).toBe('procfs (fallback)');
    expect(item.getAttribute('title')).toBe(
      'Sockets read by: procfs (netlink sock_diag unavailable: EACCES)\nAsked for: netlink\n' +
        'Traffic counters: none (counters need the netlink engine, which is unavailable here)',
    );
    expect(screen.queryByTestId('socket-engine-select')).toBeNull();
  });

  it('switches the engine through the API where it can', async () => {
    const { store, setSocketEngine } = show(
      { ...procfs, requested: 'procfs', fallbackReason: null, trafficNote: 'counters need the netlink engine' },
      status('procfs'),
    );
    const select = screen.getByTestId('socket-engine-select') as HTMLSelectElement;
    expect(select.value).toBe('procfs');
    fireEvent.change(select, { target: { value: 'netlink' } });
    expect(setSocketEngine).toHaveBeenCalledWith('netlink');
    await waitFor(() => expect(store.getState().status?.socketEngine).toBe('netlink'));
  });

  const netlink: EngineInfo = {
    name: 'netlink',
    requested: 'auto',
    fallbackReason: null,
    traffic: true,
    trafficNote: null,
  };
  const itemText = (): string | null => screen.queryByTestId('status-engine')?.textContent ?? null;

  it('beside the menu, says only what the menu does not', () => {
    // Chosen and ran: the menu names the engine, the item adds only that counters flow.
    show({ ...netlink, requested: 'netlink' }, status('netlink'));
    expect((screen.getByTestId('socket-engine-select') as HTMLSelectElement).value).toBe('netlink');
    expect(itemText()).toBe('· traffic');
    expect(screen.getByTestId('socket-engine-select').getAttribute('title')).toContain('Sockets read by: netlink');
  });

  it('names the engine auto picked', () => {
    show(netlink, status('auto'));
    expect(itemText()).toBe('→ netlink · traffic');
  });

  it('names a fallback beside the engine the menu asked for', () => {
    show(procfs, status('netlink'));
    expect(itemText()).toBe('→ procfs (fallback)');
  });

  it('shows no item when the menu already says it all', () => {
    show({ ...procfs, requested: 'procfs', fallbackReason: null }, status('procfs'));
    expect(itemText()).toBeNull();
    expect(screen.getByTestId('socket-engine-select').getAttribute('title')).toContain('Traffic counters: none');
  });

  it('says in the tooltip how the owners were read, where the engine says (the BPF fd iterator, or why it is off)', () => {
    const netlink: EngineInfo = {
      name: 'netlink',
      requested: 'netlink',
      fallbackReason: null,
      traffic: true,
      trafficNote: null,
      owners: 'BPF fd iterator (2 processes) + /proc/<pid>/fd links',
    };
    show(netlink, status('netlink'));
    expect(screen.getByTestId('socket-engine-select').getAttribute('title')).toBe(
      'Sockets read by: netlink\nAsked for: netlink\nTraffic counters: yes\n' +
        'Owners read by: BPF fd iterator (2 processes) + /proc/<pid>/fd links',
    );
    expect(screen.getByTestId('status-engine').getAttribute('title')).toMatch(/\nOwners read by: BPF fd iterator/);
  });
});
