/** Listening and unconnected sockets have no remote: the grid shows `*`, and the menu offers nothing remote. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { blankConnection } from '../../shared/model';
import { renderAppWith, withClientHeight } from '../test/render-app';

const listening = blankConnection({
  protocol: 'tcp',
  family: 4,
  localAddress: '0.0.0.0',
  localPort: 22,
  remoteAddress: '0.0.0.0',
  remotePort: 0,
  state: 'LISTEN',
  pid: 5,
  processName: 'sshd',
  user: 'root',
});
const connected = {
  ...listening,
  localPort: 22,
  remoteAddress: '192.0.2.9',
  remotePort: 40000,
  state: 'ESTABLISHED' as const,
};
const timeWait = {
  ...connected,
  remotePort: 40001,
  state: 'TIME_WAIT' as const,
  pid: null,
  processName: null,
  user: null,
};

let restore: () => void = () => undefined;
beforeAll(() => {
  restore = withClientHeight(600);
});
afterAll(() => restore());

const rowOf = (state: string): HTMLElement => {
  const row = screen.getAllByTestId('conn-row').find((r) => r.textContent?.includes(state));
  if (!row) throw new Error(`no ${state} row`);
  return row;
};
const cell = (row: HTMLElement, col: string): string => row.querySelector(`[data-col="${col}"]`)?.textContent ?? '';

describe('a socket with no peer', () => {
  it('shows its remote as * and its owner-less neighbour with an empty user', async () => {
    await renderAppWith([listening, connected, timeWait]);
    expect(cell(rowOf('LISTEN'), 'remoteAddress')).toBe('*');
    expect(cell(rowOf('LISTEN'), 'remotePort')).toBe('*');
    expect(cell(rowOf('ESTABLISHED'), 'remoteAddress')).toBe('192.0.2.9');
    expect(cell(rowOf('TIME_WAIT'), 'user')).toBe('');
  });

  it('offers no remote look-up, remote filter or remote copy; a connected row offers all three', async () => {
    const user = userEvent.setup();
    await renderAppWith([listening, connected]);
    const remoteItems = /remote/i;
    await user.pointer({ keys: '[MouseRight]', target: rowOf('LISTEN') });
    let menu = screen.getByRole('menu', { name: 'Connection actions' });
    expect(within(menu).queryAllByRole('menuitem', { name: remoteItems })).toEqual([]);
    await user.keyboard('{Escape}');
    await user.pointer({ keys: '[MouseRight]', target: rowOf('ESTABLISHED') });
    menu = screen.getByRole('menu', { name: 'Connection actions' });
    expect(
      within(menu)
        .getAllByRole('menuitem', { name: remoteItems })
        .map((b) => b.textContent),
    ).toEqual(['Copy remote address', 'Filter to this remote address', 'Look up remote host']);
  });
});
