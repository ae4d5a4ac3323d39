/** The process panel: its sockets in the grid in one click, and Escape closes it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { blankConnection } from '../../shared/model';
import { renderAppWith, withClientHeight } from '../test/render-app';

const row = (localPort: number, pid: number, processName: string) =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '10.0.0.1',
    localPort,
    remoteAddress: '192.0.2.7',
    remotePort: 40000 + localPort,
    state: 'ESTABLISHED',
    pid,
    processName,
  });

let restore: () => void = () => undefined;
beforeAll(() => {
  restore = withClientHeight(600);
});
afterAll(() => restore());

describe('the process panel', () => {
  it('shows the process in the grid (pid filter), and Escape closes it', async () => {
    const user = userEvent.setup();
    const store = await renderAppWith([row(22, 20, 'sshd'), row(443, 10, 'nginx')]);
    store.getState().openProcess(20);
    await user.click(await screen.findByTestId('process-show-in-grid'));
    expect(store.getState().prefs.filter).toBe('pid:20');
    expect(screen.getAllByTestId('conn-row')).toHaveLength(1);
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('process-panel')).toBeNull();
  });

  it("shows the process's name, path and command line with a bidi override escaped", async () => {
    const details = {
      pid: 20,
      name: 'invoice\u202efdp.exe',
      exePath: '/tmp/invoice\u202efdp.exe',
      commandLine: 'invoice\u202efdp.exe --x',
      user: 'alice',
      startTime: null,
      connections: [],
    };
    const store = await renderAppWith([row(22, 20, 'sshd')], {
      getProcessDetails: async () => ({ ok: true, value: details }),
    });
    store.getState().openProcess(20);
    const panel = await screen.findByTestId('process-panel');
    await screen.findByText(/PID 20/);
    await expect.poll(() => panel.textContent).toContain('invoice\\u202efdp.exe --x');
    expect(panel.textContent).not.toContain('\u202e');
    expect(panel.querySelector('h2')?.textContent).toContain('invoice\\u202efdp.exe');
  });
});
