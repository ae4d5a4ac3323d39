/**
 * The toolbar of an opened file says what is shown (the file, when it was read) and offers no live control; a live
 * page keeps Pause, Refresh and the interval.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderAppWith } from './test/render-app';
import { conn } from './store/test-helpers';

const opened = {
  source: { kind: 'import' as const, file: 'C:\\Users\\ops\\netstat-anob.txt', formats: ['windows-netstat-anob'] },
  takenAt: new Date(2026, 11, 3, 9, 14, 5).getTime(),
};

describe('toolbar', () => {
  it('names an opened file and when it was read, with no Pause, Refresh or interval', async () => {
    await renderAppWith([conn(1)], {}, opened);
    const toolbar = screen.getByRole('toolbar', { name: 'NetScope' });
    const source = await within(toolbar).findByTestId('toolbar-source');
    // The name without its folders in the toolbar's room, the whole path on hover.
    expect(source.textContent).toBe(`netstat-anob.txt · opened ${new Date(opened.takenAt).toLocaleTimeString()}`);
    expect(source.title).toMatch(/^C:\\Users\\ops\\netstat-anob\.txt: .*windows-netstat-anob.*It does not refresh/);
    // Gone for a user: not in the accessibility tree, not reachable by Tab (inert).
    expect(within(toolbar).queryByRole('button', { name: /Pause|Resume/ })).toBeNull();
    expect(within(toolbar).queryByRole('button', { name: /Refresh/ })).toBeNull();
    expect(within(toolbar).queryByRole('combobox', { name: 'Refresh interval' })).toBeNull();
    expect(screen.getByTestId('pause-toggle').closest('[inert]')).not.toBeNull();
  });

  it('keeps the live controls on a live page, and names no file', async () => {
    await renderAppWith([conn(1)]);
    const toolbar = screen.getByRole('toolbar', { name: 'NetScope' });
    expect(await within(toolbar).findByRole('button', { name: /Pause/ })).toBeTruthy();
    expect(within(toolbar).getByRole('button', { name: /Refresh/ })).toBeTruthy();
    expect(within(toolbar).getByRole('combobox', { name: 'Refresh interval' })).toBeTruthy();
    expect(within(toolbar).queryByTestId('toolbar-source')).toBeNull();
  });
});
