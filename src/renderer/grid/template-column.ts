/**
 * The grid's Template column (netstat -y) on live Windows data: the engine reads the templates (a netstat -any
 * run, in the background, once a minute) only while the column is shown, so showing it switches the reads on
 * and hiding it switches them off. An empty cell's title says why it is empty.
 */
import { useEffect } from 'react';
import type { TcpTemplatesState } from '../../shared/api';
import type { Connection } from '../../shared/model';
import { useNetScope, useNetScopeStore } from '../store';

export const TEMPLATE_COLUMN = 'template';

/**
 * Keeps the engine's template reads in step with the column: on while shown, off while hidden. Only where the
 * engine reads templates (its status has tcpTemplates: live Windows); elsewhere the column shows what the rows
 * carry (an imported `netstat -y` file) and nothing is asked.
 */
export function useTcpTemplatesSwitch(): void {
  const store = useNetScopeStore();
  const shown = useNetScope((s) => s.prefs.visibleColumns.includes(TEMPLATE_COLUMN));
  const supported = useNetScope((s) => s.status?.tcpTemplates !== undefined);
  useEffect(() => {
    if (!supported) return;
    const state = store.getState();
    const reading = state.status?.tcpTemplates !== 'off';
    if (shown !== reading) void state.setTcpTemplates(shown);
  }, [shown, supported, store]);
}

/** The title of a Template cell: the template, or why there is none. */
export function templateCellTitle(c: Connection, state: TcpTemplatesState | undefined): string {
  if (c.template !== undefined) return c.template;
  if (c.protocol !== 'tcp') return 'TCP connections only';
  if (state === 'first-read') return 'Reading TCP templates (netstat -any): the first read has not answered yet';
  if (state === 'on') return 'Not in the last netstat -any read (templates are read again once a minute)';
  return '';
}
