import { describe, it, expect, vi, beforeEach } from 'vitest';
import * as electron from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { EngineStatus } from '../../shared/api';
import type { ElectronFake } from './electron-fake';
import { createFakeBackend, type FakeBackend } from './fake-backend';
import { installMenu, menuTemplate } from './menu';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());
const fake = electron as unknown as ElectronFake;

type Item = MenuItemConstructorOptions;
const status: EngineStatus = { intervalMs: 2000, paused: false, seq: 3, readOnly: false, title: 'host' };

function find(items: Item[], pred: (i: Item) => boolean): Item | undefined {
  for (const i of items) {
    if (pred(i)) return i;
    if (Array.isArray(i.submenu)) {
      const hit = find(i.submenu, pred);
      if (hit) return hit;
    }
  }
  return undefined;
}
const byLabel = (items: Item[], label: string) => find(items, (i) => i.label === label);
const click = (item: Item | undefined, patch: Partial<Item> = {}) =>
  (item?.click as unknown as (i: Item) => void)({ ...item, ...patch });

let backend: FakeBackend;
beforeEach(() => {
  backend = createFakeBackend();
  fake.app.isPackaged = false;
});

describe('menuTemplate', () => {
  it('File > Export CSV asks the page to export', () => {
    click(byLabel(menuTemplate({ backend, getWindow: () => null }, status), 'Export CSV…'));
    expect(backend.commands).toEqual(['export-csv']);
  });

  it('the interval items set the interval and show the current one', async () => {
    const items = menuTemplate({ backend, getWindow: () => null }, status);
    const interval = byLabel(items, 'Update Interval');
    const labels = (interval?.submenu as Item[]).map((i) => i.label);
    expect(labels).toEqual(['0.5 s', '1 s', '2 s', '5 s', '10 s']);
    expect((interval?.submenu as Item[]).find((i) => i.checked)?.label).toBe('2 s');
    click(byLabel(items, '0.5 s'));
    click(byLabel(items, '10 s'));
    await vi.waitFor(() =>
      expect(backend.calls).toEqual([
        { method: 'setInterval', args: [500] },
        { method: 'setInterval', args: [10_000] },
      ]),
    );
  });

  it('Pause toggles pause and resume; Refresh Now refreshes', async () => {
    const items = menuTemplate({ backend, getWindow: () => null }, status);
    click(
      find(items, (i) => i.id === 'pause'),
      { checked: true },
    );
    click(
      find(items, (i) => i.id === 'pause'),
      { checked: false },
    );
    click(byLabel(items, 'Refresh Now'));
    await vi.waitFor(() => expect(backend.calls.map((c) => c.method)).toEqual(['pause', 'resume', 'refreshNow']));
  });

  it('offers Reload and DevTools only in development', () => {
    const hasDevItems = () => {
      const items = menuTemplate({ backend, getWindow: () => null }, status);
      return Boolean(find(items, (i) => i.role === 'toggleDevTools') || find(items, (i) => i.role === 'reload'));
    };
    expect(hasDevItems()).toBe(true);
    fake.app.isPackaged = true;
    expect(hasDevItems()).toBe(false);
  });

  it('About shows the version', async () => {
    click(byLabel(menuTemplate({ backend, getWindow: () => null }, status), 'About NetScope'));
    await vi.waitFor(() => expect(fake.dialog.state.messages.at(-1)).toMatchObject({ message: 'NetScope 0.1.0' }));
  });
});

describe('installMenu', () => {
  it('installs the menu and rebuilds it when the pause state changes', () => {
    const before = fake.Menu.state.built;
    const stop = installMenu({ backend, getWindow: () => null });
    expect(fake.Menu.state.built).toBe(before + 1);
    backend.push({ channel: 'status', payload: status });
    backend.push({ channel: 'status', payload: { ...status, seq: 4 } }); // nothing shown changed
    expect(fake.Menu.state.built).toBe(before + 2);
    backend.push({ channel: 'status', payload: { ...status, paused: true } });
    expect(fake.Menu.state.built).toBe(before + 3);
    const pause = find(fake.Menu.state.template as Item[], (i) => i.id === 'pause');
    expect(pause?.checked).toBe(true);
    stop();
    expect(backend.listeners.size).toBe(0);
  });
});
