/**
 * Connecting to a remote agent as a user does: the shell's command opens the
 * dialog, the URL goes to the API as typed, a refusal is shown in words and
 * the dialog stays; success closes it. A lost agent shows the banner and the
 * status bar names the agent.
 */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { EngineStatus } from '../../shared/api';
import { renderAppWith } from '../test/render-app';

const URL_TEXT = 'http://127.0.0.1:7999/#token=abcdefghijklmnop-0123';

describe('Connect to Remote Agent', () => {
  it('sends the URL, shows a refusal in words, and closes on success', async () => {
    const connectRemote = vi
      .fn()
      .mockResolvedValueOnce({ ok: false, error: { code: 'forbidden', message: 'The agent refused the token' } })
      .mockResolvedValueOnce({ ok: true, value: { title: 'db1' } });
    const store = await renderAppWith([], { connectRemote });
    act(() => store.getState().setConnectOpen(true));
    const user = userEvent.setup();
    await user.type(screen.getByTestId('connect-remote-url'), URL_TEXT);
    await user.click(screen.getByTestId('connect-remote-confirm'));
    expect((await screen.findByTestId('connect-remote-error')).textContent).toContain('refused the token');
    expect(connectRemote).toHaveBeenLastCalledWith(URL_TEXT);
    await user.click(screen.getByTestId('connect-remote-confirm'));
    await waitFor(() => expect(screen.queryByTestId('connect-remote-dialog')).toBeNull());
    expect(connectRemote).toHaveBeenCalledTimes(2);
  });

  it('shows the lost-agent banner and names the agent in the status bar', async () => {
    const store = await renderAppWith([]);
    const base: EngineStatus = { intervalMs: 1000, paused: false, seq: 1, readOnly: false, title: 'db1' };
    const remote = { address: '127.0.0.1:7999', hostName: 'db1' };
    act(() => store.getState().handleStatus({ ...base, remote: { ...remote, state: 'open', message: null } }));
    expect(screen.getByTestId('status-remote').textContent).toContain('Agent: db1');
    expect(screen.queryByTestId('remote-banner')).toBeNull();
    act(() =>
      store.getState().handleStatus({
        ...base,
        remote: { ...remote, state: 'reconnecting', message: 'db1 (127.0.0.1:7999): connection lost; retrying in 2 s' },
      }),
    );
    expect(screen.getByTestId('remote-banner').textContent).toContain('retrying in 2 s');
    expect(screen.getByTestId('status-remote').textContent).toContain('reconnecting');
  });

  it("asks again what the window allows when it switches to an agent (the agent's --allow-actions)", async () => {
    let push: ((status: EngineStatus) => void) | null = null;
    const caps = { canRevealFile: false, canElevate: false, platform: 'linux' };
    const getCapabilities = vi
      .fn()
      .mockResolvedValueOnce({ ok: true, value: { ...caps, mode: 'electron', canEndProcess: true } })
      .mockResolvedValue({ ok: true, value: { ...caps, mode: 'electron', canEndProcess: false } });
    const store = await renderAppWith([], {
      getCapabilities,
      onStatus: (listener) => {
        push = listener;
        return () => undefined;
      },
    });
    await waitFor(() => expect(store.getState().capabilities?.canEndProcess).toBe(true));
    const base: EngineStatus = { intervalMs: 1000, paused: false, seq: 1, readOnly: false, title: 'h' };
    act(() => push?.(base));
    expect(getCapabilities).toHaveBeenCalledTimes(1);
    const remote = { address: '127.0.0.1:7999', hostName: 'db1', state: 'open' as const, message: null };
    act(() => push?.({ ...base, remote }));
    await waitFor(() => expect(store.getState().capabilities?.canEndProcess).toBe(false));
    expect(getCapabilities).toHaveBeenCalledTimes(2);
  });
});
