/** The hover title of the grid cell under the pointer follows a refresh that rewrites the cell in place. */
import { act, fireEvent, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/model';
import { conn, snap } from '../store/test-helpers';
import { renderAppWith, withClientHeight } from '../test/render-app';

let restore: () => void = () => undefined;
beforeAll(() => {
  restore = withClientHeight(600);
});
afterAll(() => restore());

/** The app on two rows, with a way to push the engine's next snapshot. */
async function appWithPush() {
  let push: ((s: Snapshot) => void) | null = null;
  await renderAppWith([conn(1000), conn(2000)], {
    onSnapshot: (listener) => {
      push = listener;
      return () => undefined;
    },
  });
  return (s: Snapshot): void => {
    if (push === null) throw new Error('the store did not listen for snapshots');
    const send = push;
    act(() => send(s));
  };
}

const cellOf = (port: number, col: string): HTMLElement => {
  const row = [...document.querySelectorAll<HTMLElement>('[data-testid="conn-row"]')].find((r) =>
    r.textContent?.includes(String(port)),
  );
  const cell = row?.querySelector<HTMLElement>(`[role="gridcell"][data-col="${col}"]`);
  if (!cell) throw new Error(`no ${col} cell in the row of port ${port}`);
  return cell;
};

describe('the hover title of a grid cell', () => {
  it('is the new text when a refresh changes the cell under a resting pointer', async () => {
    const pushSnapshot = await appWithPush();
    const cell = cellOf(1000, 'state');
    fireEvent.mouseOver(cell);
    expect(cell.title).toBe('ESTABLISHED');

    pushSnapshot(snap(2, [conn(1000, 'CLOSE_WAIT'), conn(2000)]));
    await waitFor(() => expect(cell.textContent).toBe('CLOSE_WAIT'));
    // The same element, rewritten in place: no mouseover came, yet its title is not the old state's.
    expect(cell.isConnected).toBe(true);
    expect(cell.title).toBe('CLOSE_WAIT');
  });

  it('is left alone once the pointer has left the grid', async () => {
    const pushSnapshot = await appWithPush();
    const cell = cellOf(1000, 'state');
    fireEvent.mouseOver(cell);
    fireEvent.mouseLeave(document.querySelector('[data-testid="conn-grid"]') as Element);

    pushSnapshot(snap(2, [conn(1000, 'CLOSE_WAIT'), conn(2000)]));
    await waitFor(() => expect(cell.textContent).toBe('CLOSE_WAIT'));
    // The next mouseover sets it; until then nothing touches a cell the pointer is not on.
    expect(cell.title).toBe('ESTABLISHED');
  });
});
