/** DoS diagnosis: who holds the sockets, how many are half-open, and which listener takes the load. */
import { Fragment, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_DOS_RULES, dosVerdict, ownAddressesOf, peerLookup, type DosRules } from '../../shared/dos-verdict';
import type { Snapshot, SocketState } from '../../shared/model';
import { useNetScopeStore } from '../store';
import {
  aggregateByRemote,
  listenerLoad,
  type GroupBy,
  type ListenerLoad,
  type ListenerProcess,
  type RemoteGroup,
} from './dos';
import { processFilter } from './states';
import { formatPercent } from './format';
import { memoBySnapshot } from './memo';
import { breakable } from './break-points';
import { DataTable, type RowAction, type TableColumn } from './DataTable';
import { useTableCsv } from './useTableCsv';
import { CollectorBanner } from './CollectorBanner';
import { collectorFailed } from './source-state';
import './views.css';

const remotesOf = memoBySnapshot((s, groupBy: GroupBy) => aggregateByRemote(s.connections, groupBy));
// The platform is the argument: the same connections read from another system's file mean other queues.
const listenersOf = memoBySnapshot((s, platform: string) => listenerLoad(s.connections, platform));
/** The peer reading and this machine's addresses (every socket's local address), once per snapshot. */
const peersOf = memoBySnapshot((s, _: null) => {
  const peers = peerLookup();
  return { peers, own: ownAddressesOf(s.connections, peers) };
});

const TOP_REMOTES = 50;
const STATE_COLUMNS: readonly SocketState[] = [
  'ESTABLISHED',
  'SYN_RECV',
  'SYN_SENT',
  'TIME_WAIT',
  'CLOSE_WAIT',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'LAST_ACK',
];
const SHORT: Partial<Record<SocketState, string>> = {
  ESTABLISHED: 'ESTAB',
  SYN_RECV: 'SYN_RECV',
  SYN_SENT: 'SYN_SENT',
  TIME_WAIT: 'TIME_W',
  CLOSE_WAIT: 'CLOSE_W',
  FIN_WAIT1: 'FIN_W1',
  FIN_WAIT2: 'FIN_W2',
  LAST_ACK: 'LAST_ACK',
};

/** Always shown: the two states a DoS reading is about. The rest only while some row has one (DataTable). */
const KEY_STATES: ReadonlySet<SocketState> = new Set<SocketState>(['ESTABLISHED', 'SYN_RECV']);

const stateColumn = <T extends { states: Partial<Record<SocketState, number>> }>(
  state: SocketState,
): TableColumn<T> => ({
  id: state,
  title: SHORT[state] ?? state,
  description: state,
  hideWhenEmpty: !KEY_STATES.has(state),
  value: (r) => r.states[state] ?? 0,
  render: (r) => r.states[state] ?? '',
  numeric: true,
  cellClass: (r) => (state === 'SYN_RECV' && (r.states.SYN_RECV ?? 0) > 0 ? 'nsv-cell-alert' : undefined),
});

function remoteColumns(groupBy: GroupBy): TableColumn<RemoteGroup>[] {
  const columns: TableColumn<RemoteGroup>[] = [
    {
      id: 'key',
      title: groupBy === 'subnet' ? 'Remote subnet' : 'Remote address',
      value: (g) => g.key,
      render: (g) => breakable(g.key),
      wrap: true,
    },
    // In the CSV only: the address (or subnet) beside it says its family, and an 800 px window needs the room.
    {
      id: 'family',
      title: 'Family',
      value: (g) => g.family,
      render: (g) => (g.family ? `IPv${g.family}` : ''),
      csvOnly: true,
    },
    { id: 'total', title: 'Connections', value: (g) => g.total, numeric: true },
    {
      id: 'share',
      title: 'Share',
      csvTitle: 'Share (fraction)',
      value: (g) => g.share,
      render: (g) => formatPercent(g.share),
      numeric: true,
    },
    ...STATE_COLUMNS.map((s) => stateColumn<RemoteGroup>(s)),
    {
      id: 'localPorts',
      title: 'Local ports',
      description: 'Distinct local ports it talks to',
      value: (g) => g.distinctLocalPorts,
      numeric: true,
    },
  ];
  if (groupBy === 'subnet') {
    columns.push({
      id: 'remotes',
      title: 'Hosts',
      description: 'Distinct addresses in the subnet',
      value: (g) => g.distinctRemotes,
      numeric: true,
    });
  }
  return columns;
}
const REMOTE_COLUMNS: Record<GroupBy, TableColumn<RemoteGroup>[]> = {
  address: remoteColumns('address'),
  subnet: remoteColumns('subnet'),
};

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

/** A number input that applies only valid values, yet lets the user clear the field while typing. */
function NumberSetting({
  label,
  value,
  min,
  max,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max?: number;
  onChange: (v: number) => void;
}) {
  const [text, setText] = useState(String(value));
  const valid = (v: number) => Number.isFinite(v) && v >= min && (max === undefined || v <= max);
  return (
    <label className="nsv-check">
      {label}
      <input
        className={`nsv-input nsv-input-number${valid(Number(text)) && text.trim() !== '' ? '' : ' nsv-input-invalid'}`}
        type="number"
        min={min}
        max={max}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && valid(v)) onChange(v);
        }}
        onBlur={() => setText(String(value))}
      />
    </label>
  );
}

/** The grid filter for one row of the remotes table: the address exactly (any spelling), or the subnet as a prefix. */
export function remoteFilter(g: Pick<RemoteGroup, 'key'>, groupBy: GroupBy): string {
  return groupBy === 'subnet' ? `raddr:${g.key}` : `raddr:=${g.key}`;
}

/** The grid filter for one listening port: the listener and every TCP socket on that local port. */
export function listenerFilter(l: Pick<ListenerLoad, 'port'>): string {
  return `proto:tcp lport:${l.port}`;
}

export function DosView({ snapshot }: { snapshot: Snapshot }) {
  const store = useNetScopeStore();
  const [groupBy, setGroupBy] = useState<GroupBy>('address');
  const saveCsv = useTableCsv();
  const [synThreshold, setSynThreshold] = useState(DEFAULT_DOS_RULES.synRecv);
  const [sharePercent, setSharePercent] = useState(DEFAULT_DOS_RULES.share * 100);
  const [minConnections, setMinConnections] = useState(DEFAULT_DOS_RULES.minConnections);
  const [alarmLocalPeers, setAlarmLocalPeers] = useState(false);

  const aggregation = remotesOf(snapshot, groupBy);
  const listeners = listenersOf(snapshot, snapshot.platform);
  const { peers, own } = peersOf(snapshot, null);
  const rules: DosRules = { synRecv: synThreshold, share: sharePercent / 100, minConnections, alarmLocalPeers };
  // The same verdict (and the same rules) as the exporter's netscope_dos_alarm: see src/shared/dos-verdict.ts.
  const verdict = useMemo(
    () => dosVerdict(snapshot.connections, peers, own, rules),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rules is rebuilt per render from these four values
    [snapshot, peers, own, synThreshold, sharePercent, minConnections, alarmLocalPeers],
  );
  const alarmed = verdict.reasons.length > 0;
  // No socket table, no verdict: "No alarm: 0 SYN_RECV" would be a green light on no evidence.
  const blind = collectorFailed(snapshot, 'connections');
  const remoteAction: RowAction<RemoteGroup> = {
    label: (g) => `Show its ${g.total} sockets in the connection grid (${remoteFilter(g, groupBy)})`,
    run: (g) => store.getState().showInGrid(remoteFilter(g, groupBy)),
  };
  const listenerAction: RowAction<ListenerLoad> = {
    label: (l) => `Show port ${l.port}'s sockets in the connection grid (${listenerFilter(l)})`,
    run: (l) => store.getState().showInGrid(listenerFilter(l)),
  };
  const listenerCols = useMemo(() => listenerColumns((filter) => store.getState().showInGrid(filter)), [store]);
  const dominant = verdict.dominantRemote ? verdict.topRemote?.address : undefined;

  return (
    <div className="nsv-view" data-testid="dos-view">
      <div className="nsv-toolbar">
        <div className="nsv-segmented" role="group" aria-label="Group remotes by">
          <button type="button" aria-pressed={groupBy === 'address'} onClick={() => setGroupBy('address')}>
            Per address
          </button>
          <button type="button" aria-pressed={groupBy === 'subnet'} onClick={() => setGroupBy('subnet')}>
            Per /24 · /64
          </button>
        </div>
        <NumberSetting label="SYN_RECV alarm above" value={synThreshold} min={0} onChange={setSynThreshold} />
        <NumberSetting label="One remote above %" value={sharePercent} min={1} max={100} onChange={setSharePercent} />
        <NumberSetting label="of at least" value={minConnections} min={1} onChange={setMinConnections} />
        <label className="nsv-check">
          <input type="checkbox" checked={alarmLocalPeers} onChange={(e) => setAlarmLocalPeers(e.target.checked)} />
          Alarm on this machine&apos;s own peers too
        </label>
      </div>
      <CollectorBanner
        snapshot={snapshot}
        collector="connections"
        what="the socket table"
        consequence="No DoS verdict this time: the counts below are empty because of it, not because nothing is connected."
        showWarnings={false}
      />
      {blind ? null : alarmed ? (
        <div className="nsv-banner nsv-banner-alarm" role="alert" data-testid="dos-alarm">
          <strong>Possible denial of service</strong>
          <ul>
            {verdict.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="nsv-banner nsv-banner-ok" role="status" data-testid="dos-ok">
          No alarm: {verdict.remoteSynRecv} SYN_RECV from other hosts (alarm above {synThreshold});{' '}
          {verdict.topRemote
            ? `the busiest remote holds ${(verdict.topRemote.share * 100).toFixed(1)}% of ${verdict.remoteInbound}`
            : `no remote holds any of ${verdict.remoteInbound}`}{' '}
          inbound connections that cost this server something
          {verdict.remoteInbound < minConnections ? ` (a share counts from ${minConnections})` : ''}.
        </div>
      )}
      <p className="nsv-muted nsv-note" data-testid="dos-rules">
        Counted: inbound TCP in SYN_RECV, ESTABLISHED or a closing state the server still holds (not TIME_WAIT: no
        process holds it). {verdict.localInbound.toLocaleString()} from this machine (loopback, its own addresses)
        {alarmLocalPeers ? ' count like any other peer.' : ' are shown below but never alarm.'}
      </p>
      <div className="nsv-kpis">
        <div className={`nsv-kpi${verdict.synFlood ? ' nsv-kpi-alert' : ''}`} data-testid="syn-recv-total">
          <span className="nsv-kpi-value">{aggregation.synRecvTotal.toLocaleString()}</span>
          <span className="nsv-kpi-label">
            SYN_RECV (half-open), {verdict.remoteSynRecv.toLocaleString()} from other hosts
          </span>
        </div>
        <div className="nsv-kpi" data-testid="dos-inbound">
          <span className="nsv-kpi-value">{verdict.remoteInbound.toLocaleString()}</span>
          <span className="nsv-kpi-label">
            inbound from other hosts ({verdict.localInbound.toLocaleString()} local)
          </span>
        </div>
        <div className="nsv-kpi">
          <span className="nsv-kpi-value">{aggregation.counted.toLocaleString()}</span>
          <span className="nsv-kpi-label">sockets with a peer (all states)</span>
        </div>
        <div className="nsv-kpi">
          <span className="nsv-kpi-value">{aggregation.groups.length.toLocaleString()}</span>
          <span className="nsv-kpi-label">{groupBy === 'subnet' ? 'remote subnets' : 'remote addresses'}</span>
        </div>
      </div>
      <section className="nsv-section">
        <h3 className="nsv-h">
          Top {TOP_REMOTES} {groupBy === 'subnet' ? 'remote subnets' : 'remote addresses'}
        </h3>
        <DataTable
          key={groupBy}
          rows={aggregation.groups}
          columns={REMOTE_COLUMNS[groupBy]}
          rowKey={(g) => g.key}
          initialSort={{ column: 'total', direction: 'desc' }}
          limit={TOP_REMOTES}
          rowTestId="dos-remote-row"
          exportCsv={{ name: groupBy === 'subnet' ? 'remote-subnets' : 'remote-addresses', save: saveCsv }}
          rowAction={remoteAction}
          rowClass={(g) => (dominant !== undefined && g.key === dominant ? 'nsv-row-alert' : undefined)}
          empty="No connected remote peers."
        />
      </section>
      <section className="nsv-section">
        <h3 className="nsv-h">Load per listening TCP port</h3>
        <DataTable
          rows={listeners}
          columns={listenerCols}
          rowKey={(l) => String(l.port)}
          initialSort={{ column: 'connections', direction: 'desc' }}
          rowTestId="dos-listener-row"
          exportCsv={{ name: 'listening-ports', save: saveCsv }}
          rowAction={listenerAction}
          empty="No listening TCP sockets."
        />
      </section>
    </div>
  );
}
