/**
 * The process panel keeps an action's answer on screen: it reloads the
 * process's details on every refresh, and that reload must not wipe the
 * reason an End process was refused or cancelled before the user can read it.
 */
import { describe, it, expect } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { NetScopeApi, ProcessDetails } from '../../shared/api';
import { connectStore, createNetScopeStore, StoreProvider } from '../store';
import { FakeApi, conn, snap } from '../store/test-helpers';
import { ProcessPanel } from './ProcessPanel';

const details: ProcessDetails = {
  pid: 1,
  name: 'nginx',
  exePath: '/usr/sbin/nginx',
  commandLine: 'nginx',
  user: 'root',
  startTime: 1,
  connections: [],
};

describe('ProcessPanel', () => {
  it('keeps the reason End process failed across the next refresh', async () => {
    const fake = new FakeApi();
    const api: NetScopeApi = {
      ...fake.asApi(),
      getCapabilities: async () => ({
        ok: true,
        value: { mode: 'electron', canEndProcess: true, canRevealFile: false, canElevate: false, platform: 'linux' },
      }),
      getProcessDetails: async () => ({ ok: true, value: details }),
      endProcess: async () => ({ ok: false, error: { code: 'forbidden', message: 'NetScope does not end itself' } }),
    };
    const store = createNetScopeStore(api, null);
    connectStore(store, api);
    render(
      <StoreProvider store={store}>
        <ProcessPanel pid={1} />
      </StoreProvider>,
    );
    await waitFor(() => expect(store.getState().capabilities?.canEndProcess).toBe(true));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'End process...' }));
    await user.click(screen.getByTestId('confirm-ok'));
    await screen.findByTestId('process-error');

    // The next refresh: a new snapshot, so the panel reloads the details (successfully).
    act(() => fake.snapshotListeners.forEach((l) => l(snap(11, [conn(1)]))));
    await waitFor(() => expect(store.getState().snapshot?.seq).toBe(11));
    await act(async () => new Promise((ok) => setTimeout(ok, 50)));
    expect(screen.getByTestId('process-error').getAttribute('data-code')).toBe('forbidden');
  });
});
