/** The Template column on live Windows data: showing it asks the engine to read templates, hiding it stops them. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApiResult, EngineStatus, TcpTemplatesState } from '../../shared/api';
import { blankConnection } from '../../shared/model';
import { renderAppWith, withClientHeight } from '../test/render-app';
import { templateCellTitle } from './template-column';

const row = blankConnection({
  protocol: 'tcp',
  family: 4,
  localAddress: '10.0.0.5',
  localPort: 50000,
  remoteAddress: '10.0.0.9',
  remotePort: 443,
  state: 'ESTABLISHED',
  pid: 4242,
});

const status = (tcpTemplates?: TcpTemplatesState): EngineStatus => ({
  intervalMs: 1000,
  paused: false,
  seq: 1,
  readOnly: false,
  title: 'h',
  ...(tcpTemplates ? { tcpTemplates } : {}),
});

/** The app on an engine whose status says `initial` (undefined: it reads no templates). */
async function appWithEngine(initial: TcpTemplatesState | undefined) {
  let current = status(initial);
  const setTcpTemplates = vi.fn(async (enabled: boolean): Promise<ApiResult<EngineStatus>> => {
    current = status(enabled ? 'first-read' : 'off');
    return { ok: true, value: current };
  });
  const store = await renderAppWith([row], { getStatus: async () => ({ ok: true, value: current }), setTcpTemplates });
  await waitFor(() => expect(store.getState().status?.title).toBe('h'));
  return { store, setTcpTemplates };
}

const toggleTemplateColumn = async (): Promise<void> => {
  await userEvent.click(screen.getByTestId('columns-button'));
  await userEvent.click(screen.getByTestId('column-toggle-template'));
};

let restore: () => void = () => undefined;
beforeAll(() => {
  restore = withClientHeight(600);
});
afterAll(() => restore());

describe('the Template column and the engine', () => {
  it('showing it switches the reads on, and an empty cell says the first read is under way; hiding switches them off', async () => {
    const { store, setTcpTemplates } = await appWithEngine('off');
    expect(setTcpTemplates).not.toHaveBeenCalled();

    await toggleTemplateColumn();
    await waitFor(() => expect(setTcpTemplates).toHaveBeenCalledWith(true));
    await waitFor(() => expect(store.getState().status?.tcpTemplates).toBe('first-read'));
    const cell = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[role="gridcell"][data-col="template"]');
      if (!found) throw new Error('no Template cell yet');
      return found;
    });
    expect(cell.textContent).toBe('');
    fireEvent.mouseOver(cell);
    expect(cell.title).toBe('Reading TCP templates (netstat -any): the first read has not answered yet');

    await userEvent.click(screen.getByTestId('column-toggle-template'));
    await waitFor(() => expect(setTcpTemplates).toHaveBeenLastCalledWith(false));
    expect(setTcpTemplates).toHaveBeenCalledTimes(2);
  });

  it('asks nothing where the engine reads no templates (other systems, an imported file)', async () => {
    const { store, setTcpTemplates } = await appWithEngine(undefined);
    await toggleTemplateColumn();
    await waitFor(() => expect(store.getState().prefs.visibleColumns).toContain('template'));
    expect(setTcpTemplates).not.toHaveBeenCalled();
  });
});

describe('templateCellTitle', () => {
  it('gives the template, or why there is none', () => {
    expect(templateCellTitle({ ...row, template: 'Internet' }, 'on')).toBe('Internet');
    expect(templateCellTitle({ ...row, protocol: 'udp' }, 'first-read')).toBe('TCP connections only');
    expect(templateCellTitle(row, 'on')).toBe(
      'Not in the last netstat -any read (templates are read again once a minute)',
    );
    expect(templateCellTitle(row, 'off')).toBe('');
    expect(templateCellTitle(row, undefined)).toBe('');
  });
});
