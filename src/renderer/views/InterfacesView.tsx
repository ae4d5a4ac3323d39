/** netstat -e / -i, but over time: a card with a rate chart per interface, and the totals. */
import { useMemo, useState } from 'react';
import type { NetInterface, Snapshot } from '../../shared/model';
import { formatByteRate, formatBytes, formatCount, formatLinkSpeed, formatPercent, MISSING } from './format';
import { interfaceProblems, isLoopbackName, linkUtilisation } from './interfaces';
import { RateChart } from './RateChart';
import { DataTable, type TableColumn } from './DataTable';
import { useNetScope } from '../store';
import './views.css';
import './cards.css';

const WINDOWS_MINUTES = [1, 5, 15, 30] as const;

const problem = (n: number): string | undefined => (n > 0 ? 'nsv-cell-alert' : undefined);

const TOTAL_COLUMNS: readonly TableColumn<NetInterface>[] = [
  { id: 'name', title: 'Interface', value: (i) => i.name },
  {
    id: 'rxBytes',
    title: 'RX bytes',
    value: (i) => i.counters.rxBytes,
    render: (i) => formatBytes(i.counters.rxBytes),
    numeric: true,
  },
  {
    id: 'rxPackets',
    title: 'RX packets',
    value: (i) => i.counters.rxPackets,
    render: (i) => formatCount(i.counters.rxPackets),
    numeric: true,
  },
  {
    id: 'rxErrors',
    title: 'RX errors',
    value: (i) => i.counters.rxErrors,
    render: (i) => formatCount(i.counters.rxErrors),
    numeric: true,
    cellClass: (i) => problem(i.counters.rxErrors),
  },
  {
    id: 'rxDrops',
    title: 'RX drops',
    value: (i) => i.counters.rxDrops,
    render: (i) => formatCount(i.counters.rxDrops),
    numeric: true,
    cellClass: (i) => problem(i.counters.rxDrops),
  },
  {
    id: 'rxMulticast',
    title: 'RX mcast',
    value: (i) => i.counters.rxMulticast,
    render: (i) => formatCount(i.counters.rxMulticast),
    numeric: true,
  },
  {
    id: 'txBytes',
    title: 'TX bytes',
    value: (i) => i.counters.txBytes,
    render: (i) => formatBytes(i.counters.txBytes),
    numeric: true,
  },
  {
    id: 'txPackets',
    title: 'TX packets',
    value: (i) => i.counters.txPackets,
    render: (i) => formatCount(i.counters.txPackets),
    numeric: true,
  },
  {
    id: 'txErrors',
    title: 'TX errors',
    value: (i) => i.counters.txErrors,
    render: (i) => formatCount(i.counters.txErrors),
    numeric: true,
    cellClass: (i) => problem(i.counters.txErrors),
  },
  {
    id: 'txDrops',
    title: 'TX drops',
    value: (i) => i.counters.txDrops,
    render: (i) => formatCount(i.counters.txDrops),
    numeric: true,
    cellClass: (i) => problem(i.counters.txDrops),
  },
  {
    id: 'txMulticast',
    title: 'TX mcast',
    value: (i) => i.counters.txMulticast,
    render: (i) => formatCount(i.counters.txMulticast),
    numeric: true,
  },
];

function InterfaceCard({ iface, from, to }: { iface: NetInterface; from: number; to: number }) {
  const history = useNetScope((s) => s.history);
  // The version changes when the history recorded a snapshot: read the buffer again then.
  const version = useNetScope((s) => s.historyVersion);
  const points = useMemo(
    () => history.points(iface.name).filter((p) => p.t >= from),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version: the same history object holds new points
    [history, iface.name, from, version],
  );
  const utilisation = linkUtilisation(iface);
  const problems = interfaceProblems(iface);
  const state = iface.up === null ? 'unknown' : iface.up ? 'up' : 'down';
  return (
    <article className={`nsv-card${iface.up === false ? ' nsv-card-down' : ''}`} data-testid="interface-card">
      <header className="nsv-card-head">
        <strong className="nsv-card-title" title={iface.description}>
          {iface.name}
        </strong>
        <span className={`nsv-badge nsv-badge-${state}`}>{iface.status ?? state}</span>
        {problems > 0 ? (
          <span className="nsv-badge nsv-badge-alert" title="errors + drops since boot">
            {formatCount(problems)} err/drop
          </span>
        ) : null}
      </header>
      <dl className="nsv-facts">
        {iface.description && iface.description !== iface.name ? (
          <>
            <dt>Adapter</dt>
            <dd>{iface.description}</dd>
          </>
        ) : null}
        {iface.kind ? (
          <>
            <dt>Type</dt>
            <dd>{iface.kind}</dd>
          </>
        ) : null}
        <dt>MAC</dt>
        <dd className="nsv-whole">{iface.mac ?? MISSING}</dd>
        <dt>MTU</dt>
        <dd>{iface.mtu ?? MISSING}</dd>
        <dt>Speed</dt>
        <dd>{formatLinkSpeed(iface.speedMbps)}</dd>
        <dt>RX now</dt>
        <dd className="nsv-rx">{formatByteRate(iface.rates?.rxBytesPerSec)}</dd>
        <dt>TX now</dt>
        <dd className="nsv-tx">{formatByteRate(iface.rates?.txBytesPerSec)}</dd>
        {utilisation !== null ? (
          <>
            <dt>Link use</dt>
            <dd className={utilisation > 0.8 ? 'nsv-cell-alert' : undefined}>{formatPercent(utilisation)}</dd>
          </>
        ) : null}
      </dl>
      <RateChart points={points} from={from} to={to} />
    </article>
  );
}

export function InterfacesView({ snapshot }: { snapshot: Snapshot }) {
  const [minutes, setMinutes] = useState<number>(5);
  const [hideIdle, setHideIdle] = useState(false);
  const to = snapshot.takenAt;
  const from = to - minutes * 60_000;
  const shown = useMemo(
    () => snapshot.interfaces.filter((i) => !hideIdle || (i.up !== false && !isLoopbackName(i.name))),
    [snapshot.interfaces, hideIdle],
  );

  return (
    <div className="nsv-view" data-testid="interfaces-view">
      <div className="nsv-toolbar">
        <div className="nsv-segmented" role="group" aria-label="Chart window">
          {WINDOWS_MINUTES.map((m) => (
            <button key={m} type="button" aria-pressed={minutes === m} onClick={() => setMinutes(m)}>
              {m} min
            </button>
          ))}
        </div>
        <label className="nsv-check">
          <input type="checkbox" checked={hideIdle} onChange={(e) => setHideIdle(e.target.checked)} /> Hide loopback and
          down
        </label>
        <span className="nsv-muted">{snapshot.interfaces.length} interfaces</span>
      </div>
      {snapshot.interfaces.length === 0 ? <p className="nsv-muted">No interface statistics in this snapshot.</p> : null}
      <div className="nsv-cards">
        {shown.map((iface) => (
          <InterfaceCard key={iface.name} iface={iface} from={from} to={to} />
        ))}
      </div>
      {shown.length > 0 ? (
        <section className="nsv-section">
          <h3 className="nsv-h">Totals since boot</h3>
          <DataTable
            rows={shown}
            columns={TOTAL_COLUMNS}
            rowKey={(i) => i.name}
            rowClass={(i) => (interfaceProblems(i) > 0 ? 'nsv-row-alert' : undefined)}
          />
        </section>
      ) : null}
    </div>
  );
}
