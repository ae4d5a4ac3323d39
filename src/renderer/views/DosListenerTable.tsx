/** The DoS view's listening TCP ports: connections, accept queue and states per port; a row opens the port's sockets. */
import { Fragment, useMemo, type ReactNode } from 'react';
import type { Snapshot } from '../../shared/model';
import { useNetScopeStore } from '../store';
import { listenerLoad, type ListenerLoad, type ListenerProcess } from './dos';
import { processFilter } from './states';
import { memoBySnapshot } from './memo';
import { breakable } from './break-points';
import { DataTable, type RowAction, type TableColumn } from './DataTable';
import { stateColumn } from './dos-state-column';
import { useTableCsv } from './useTableCsv';

// The platform is the argument: the same connections read from another system's file mean other queues.
const listenersOf = memoBySnapshot((s, platform: string) => listenerLoad(s.connections, platform));

/** A process's name, with its PID where another process of the same name holds the same port (SO_REUSEPORT). */
function processLabel(p: ListenerProcess, all: readonly ListenerProcess[]): string {
  const namesake = all.some((o) => o !== p && o.name === p.name);
  return namesake && p.pid !== null ? `${p.name} (${p.pid})` : p.name;
}

/**
 * The listener table's Process cell: each process a link into the grid filtered to its sockets, as a process is
 * everywhere else (the row itself opens the port's sockets; a click on a name must not do that too).
 */
function listenerProcesses(load: ListenerLoad, showInGrid: (filter: string) => void): ReactNode {
  return load.processes.map((p, i) => (
    <Fragment key={p.key}>
      {i > 0 && ', '}
      <button
        type="button"
        className="nsv-row-link"
        aria-label={`${processLabel(p, load.processes)}: show its sockets in the connection grid (${processFilter(p)})`}
        title={`Show its sockets in the connection grid (${processFilter(p)})`}
        onClick={(e) => {
          e.stopPropagation();
          showInGrid(processFilter(p));
        }}
      >
        {processLabel(p, load.processes)}
      </button>
    </Fragment>
  ));
}

function listenerColumns(showInGrid: (filter: string) => void): TableColumn<ListenerLoad>[] {
  return [
    { id: 'port', title: 'Port', value: (l) => l.port, numeric: true },
    {
      id: 'addresses',
      title: 'Listening on',
      value: (l) => l.addresses.join(', '),
      render: (l) => breakable(l.addresses.join(', ')),
      wrap: true,
    },
    {
      id: 'processes',
      title: 'Process',
      value: (l) => l.processes.map((p) => p.name).join(', '),
      render: (l) => listenerProcesses(l, showInGrid),
    },
    { id: 'connections', title: 'Connections', value: (l) => l.connections, numeric: true },
    {
      id: 'acceptQueue',
      title: 'Accept queue',
      description:
        "Connections waiting for the process to accept() them (the listener's Recv-Q, as ss -ltn shows it). " +
        'One that stays up: the process is not keeping up; once full, new SYNs are dropped (TcpExt ListenOverflows).',
      value: (l) => l.acceptQueue,
      numeric: true,
      cellClass: (l) => ((l.acceptQueue ?? 0) > 0 ? 'nsv-cell-alert' : undefined),
    },
    stateColumn<ListenerLoad>('ESTABLISHED'),
    stateColumn<ListenerLoad>('SYN_RECV'),
    stateColumn<ListenerLoad>('TIME_WAIT'),
    stateColumn<ListenerLoad>('CLOSE_WAIT'),
    { id: 'remotes', title: 'Distinct remotes', value: (l) => l.distinctRemotes, numeric: true },
  ];
}

/** The grid filter for one listening port: the listener and every TCP socket on that local port. */
export function listenerFilter(l: Pick<ListenerLoad, 'port'>): string {
  return `proto:tcp lport:${l.port}`;
}

export function DosListenerTable({ snapshot }: { snapshot: Snapshot }) {
  const store = useNetScopeStore();
  const saveCsv = useTableCsv();
  const listenerAction: RowAction<ListenerLoad> = {
    label: (l) => `Show port ${l.port}'s sockets in the connection grid (${listenerFilter(l)})`,
    run: (l) => store.getState().showInGrid(listenerFilter(l)),
  };
  const columns = useMemo(() => listenerColumns((filter) => store.getState().showInGrid(filter)), [store]);
  return (
    <DataTable
      rows={listenersOf(snapshot, snapshot.platform)}
      columns={columns}
      rowKey={(l) => String(l.port)}
      initialSort={{ column: 'connections', direction: 'desc' }}
      rowTestId="dos-listener-row"
      exportCsv={{ name: 'listening-ports', save: saveCsv }}
      rowAction={listenerAction}
      empty="No listening TCP sockets."
    />
  );
}
