/**
 * The toolbar of an opened file says what is shown (the file, when it was read) and offers no live control; a live
 * page keeps Pause, Refresh and the interval.
 */
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAppWith } from './test/render-app';
import { conn, snap } from './store/test-helpers';

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
    // Gone for a user: not in the accessibility tree, not reachable by Tab (inert).
    expect(within(toolbar).queryByRole('button', { name: /Pause|Resume/ })).toBeNull();
    expect(within(toolbar).queryByRole('button', { name: /Refresh/ })).toBeNull();
    expect(within(toolbar).queryByRole('combobox', { name: 'Refresh interval' })).toBeNull();
    expect(screen.getByTestId('pause-toggle').closest('[inert]')).not.toBeNull();
  });

  it('gives the whole path and formats to the keyboard and to a screen reader, not only on mouse hover', async () => {
    await renderAppWith([conn(1)], {}, opened);
    const source = await screen.findByTestId('toolbar-source');
    const details = screen.getByTestId('toolbar-source-details');
    const whole =
      /^C:\\Users\\ops\\netstat-anob\.txt: an opened file \(windows-netstat-anob\), read at .*It does not refresh/;
    // Its accessible description, whether the tooltip is shown or not.
    expect(details.getAttribute('role')).toBe('tooltip');
    expect(source.getAttribute('aria-describedby')).toBe(details.id);
    expect(details.textContent).toMatch(whole);
    expect(details.style.clipPath).toBe('inset(50%)');
    // Tab reaches the label (from the page's start: the live controls are inert); the tooltip shows while focused.
    const user = userEvent.setup();
    for (let i = 0; i < 5 && document.activeElement !== source; i++) await user.tab();
    expect(document.activeElement).toBe(source);
    expect(details.style.clipPath).toBe('');
    expect(details.style.position).toBe('absolute');
    await user.keyboard('{Escape}');
    expect(details.style.clipPath).toBe('inset(50%)');
    await user.tab();
    expect(document.activeElement).not.toBe(source);
  });

  it('has a role, and a name that is the text it shows and announces (a focusable span was announced as nothing)', async () => {
    await renderAppWith([conn(1)], {}, opened);
    const toolbar = screen.getByRole('toolbar', { name: 'NetScope' });
    const shown = `netstat-anob.txt · opened ${new Date(opened.takenAt).toLocaleTimeString()}`;
    // A live region announces its text: its name (read on Tab) is that text, not other words ("Opened file: ...").
    const label = await within(toolbar).findByRole('status', { name: shown });
    expect(label.textContent).toBe(shown);
    expect(label).toBe(screen.getByTestId('toolbar-source'));
    expect(label.tabIndex).toBe(0);
    expect(label.getAttribute('aria-describedby')).toBe(screen.getByTestId('toolbar-source-details').id);
  });

  it('announces a file opened over a live view: its live region was there, empty, before the file came', async () => {
    const store = await renderAppWith([conn(1)]);
    const toolbar = screen.getByRole('toolbar', { name: 'NetScope' });
    // A live region added with its text is not announced by most screen readers; one that was there and changes is.
    const region = within(toolbar).getByRole('status');
    expect(region.textContent).toBe('');
    expect(region.tabIndex).toBe(-1);
    act(() => store.getState().handleSnapshot({ ...snap(2, [conn(1)]), ...opened }));
    const time = new Date(opened.takenAt).toLocaleTimeString();
    await waitFor(() => expect(region.textContent).toBe(`netstat-anob.txt · opened ${time}`));
    expect(screen.getByTestId('toolbar-source')).toBe(region);
  });

  it('shows the details on hover, keeps them while the pointer is on them, and hides them on Escape', async () => {
    await renderAppWith([conn(1)], {}, opened);
    const source = await screen.findByTestId('toolbar-source');
    const details = screen.getByTestId('toolbar-source-details');
    const user = userEvent.setup();
    await user.hover(source);
    expect(details.style.clipPath).toBe('');
    // Onto the tooltip (to read or select the path): still shown.
    await user.hover(details);
    expect(details.style.clipPath).toBe('');
    // Escape without focus on the label (hover only) hides them.
    expect(document.activeElement).not.toBe(source);
    await user.keyboard('{Escape}');
    expect(details.style.clipPath).toBe('inset(50%)');
    await user.unhover(details);
    await user.hover(source);
    expect(details.style.clipPath).toBe('');
  });

  it('says what the file was read as (its label), in the details and beside its path in the status bar', async () => {
    const source = { ...opened.source, formats: ['windows-netstat-an'], label: 'Windows netstat -ano -t' };
    await renderAppWith([conn(1)], {}, { ...opened, source });
    await screen.findByTestId('toolbar-source');
    expect(screen.getByTestId('toolbar-source-details').textContent).toMatch(
      /^C:\\Users\\ops\\netstat-anob\.txt: an opened file \(Windows netstat -ano -t\), read at /,
    );
    const status = screen.getByTestId('status-source');
    expect(status.textContent).toBe('C:\\Users\\ops\\netstat-anob.txt · Windows netstat -ano -t');
    expect(status.getAttribute('title')).toBe(
      'C:\\Users\\ops\\netstat-anob.txt: read as Windows netstat -ano -t (formats: windows-netstat-an)',
    );
  });

  it('names a file from an older server (no label) by its format ids, as before', async () => {
    await renderAppWith([conn(1)], {}, opened);
    expect((await screen.findByTestId('status-source')).textContent).toBe(
      'C:\\Users\\ops\\netstat-anob.txt · windows-netstat-anob',
    );
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
