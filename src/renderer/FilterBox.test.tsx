/** The filter box as a user types: a term that cannot match says why and the grid keeps its last valid rows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Connection } from '../shared/model';
import { tcpRow, udpRow } from '../shared/test-helpers';
import { hasFilterBoxIntent, isFilterBoxFocused } from './grid/filter-focus';
import { renderAppWith, withClientHeight } from './test/render-app';

const rows: Connection[] = [
  tcpRow('10.0.0.1', 22, '192.0.2.7', 50000, 'ESTABLISHED', { pid: 5, processName: 'sshd' }),
  tcpRow('10.0.0.1', 8080, '192.0.2.8', 50001, 'TIME_WAIT'),
  udpRow('::', 53, '::', 0, 'NONE'),
  udpRow('0.0.0.0', 68, '0.0.0.0', 0, 'NONE'),
];

let restore: () => void = () => undefined;
beforeAll(() => {
  restore = withClientHeight(600);
});
afterAll(() => restore());

const shownPorts = (): string[] =>
  screen
    .queryAllByTestId('conn-row')
    .map((r) => r.querySelector('[data-col="localPort"]')?.textContent ?? '')
    .sort();

describe('the filter box', () => {
  it('-proto:udp drops udp and udp6', async () => {
    const user = userEvent.setup();
    await renderAppWith(rows);
    await user.type(screen.getByTestId('filter-input'), '-proto:udp');
    expect(shownPorts()).toEqual(['22', '8080']);
  });

  it('says why a term cannot match, under the box, and keeps the last valid result', async () => {
    const user = userEvent.setup();
    await renderAppWith(rows);
    const box = screen.getByTestId('filter-input');
    await user.type(box, 'port:22');
    expect(shownPorts()).toEqual(['22']);
    await user.type(box, 'x'); // port:22x
    expect(screen.getByTestId('filter-problem').textContent).toMatch(/port:22x: a port is a number/);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(shownPorts()).toEqual(['22']);
    await user.clear(box);
    await user.paste('bogus:1'); // at once: the last valid filter is the empty one
    expect(screen.getByTestId('filter-problem').textContent).toMatch(/unknown field "bogus"/);
    expect(shownPorts()).toEqual(['22', '53', '68', '8080']);
    await user.clear(box);
    await user.type(box, 'state:bogus');
    expect(screen.getByTestId('filter-problem').textContent).toMatch(/no state starts with BOGUS/);
    await user.clear(box);
    expect(screen.queryByTestId('filter-problem')).toBeNull();
  });

  it('Enter commits the filter and moves to the grid, where ArrowDown selects the first filtered row', async () => {
    const user = userEvent.setup();
    await renderAppWith(rows);
    await user.type(screen.getByTestId('filter-input'), 'port:22{Enter}');
    expect(screen.getByTestId('conn-grid')).toBe(document.activeElement);
    await user.keyboard('{ArrowDown}');
    const selected = screen.getAllByTestId('conn-row').filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.querySelector('[data-col="localPort"]')?.textContent)).toEqual(['22']);
  });

  it("tells the grid while it has the focus (clicked or Ctrl+F), so that the rows' filter texts are built then", async () => {
    const user = userEvent.setup();
    const store = await renderAppWith(rows);
    expect(isFilterBoxFocused(store)).toBe(false);
    await user.click(screen.getByTestId('filter-input'));
    expect(isFilterBoxFocused(store)).toBe(true);
    await user.click(screen.getAllByTestId('conn-row')[0] as HTMLElement);
    expect(isFilterBoxFocused(store)).toBe(false);
    act(() => store.getState().focusFilter());
    expect(screen.getByTestId('filter-input')).toBe(document.activeElement);
    expect(isFilterBoxFocused(store)).toBe(true);
    await user.keyboard('{Tab}');
    expect(isFilterBoxFocused(store)).toBe(false);
  });

  it('tells the grid while the pointer is over it, on its way to a click, so that the texts are built sooner', async () => {
    const user = userEvent.setup();
    const store = await renderAppWith(rows);
    const input = screen.getByTestId('filter-input');
    expect(hasFilterBoxIntent(store)).toBe(false);
    await user.hover(input);
    expect(hasFilterBoxIntent(store)).toBe(true);
    expect(isFilterBoxFocused(store)).toBe(false);
    await user.unhover(input);
    expect(hasFilterBoxIntent(store)).toBe(false);
  });

  it('suggests field names as you type', async () => {
    const user = userEvent.setup();
    await renderAppWith(rows);
    await user.type(screen.getByTestId('filter-input'), 'ssh st');
    const options = [...screen.getByTestId('filter-suggestions').querySelectorAll('option')].map((o) => o.value);
    expect(options).toEqual(['ssh state:']);
  });

  it('hides TIME_WAIT rows with the toggle', async () => {
    const user = userEvent.setup();
    await renderAppWith(rows);
    await user.click(screen.getByTestId('hide-time-wait'));
    expect(shownPorts()).toEqual(['22', '53', '68']);
    await user.click(screen.getByTestId('hide-time-wait'));
    expect(shownPorts()).toEqual(['22', '53', '68', '8080']);
  });
});
