/** netstat -e / -i, but over time: a card with a rate chart per interface, and the totals. */
import { useMemo, useState } from 'react';
import type { NetInterface, Snapshot } from '../../shared/model';
import { formatByteRate, formatBytes, formatCount, formatLinkSpeed, formatPercent, MISSING } from './format';
import { interfaceProblems, isLoopbackName, linkUtilisation } from './interfaces';
import { RateChart } from './RateChart';
import { movedNothing, NoTrafficNote } from './NoTrafficNote';
import { DataTable, type TableColumn } from './DataTable';
import { useTableCsv } from './useTableCsv';
import { useNetScope } from '../store';
import { CollectorBanner } from './CollectorBanner';
import { collectorProblem, emptyTableText, isImported } from './source-state';
import './views.css';
import './cards.css';

const WINDOWS_MINUTES = [1, 5, 15, 30] as const;

const integer = new Intl.NumberFormat('en-US');
/** The whole number behind "16.4M", as `ip -s link` and `netstat -i` print it, to compare with them. */
const exact = (n: number, unit: string): string => `${integer.format(n)}${unit ? ` ${unit}` : ''}`;

const problem = (n: number): string | undefined => (n > 0 ? 'nsv-cell-alert' : undefined);

const TOTAL_COLUMNS: readonly TableColumn<NetInterface>[] = [
  { id: 'name', title: 'Interface', value: (i) => i.name },
  {
    id: 'rxBytes',
    title: 'RX bytes',
    value: (i) => i.counters.rxBytes,
    cellTitle: (i) => exact(i.counters.rxBytes, 'bytes'),
    render: (i) => formatBytes(i.counters.rxBytes),
    numeric: true,
  },
  {
    id: 'rxPackets',
    title: 'RX packets',
    value: (i) => i.counters.rxPackets,
    cellTitle: (i) => exact(i.counters.rxPackets, 'packets'),
    render: (i) => formatCount(i.counters.rxPackets),
    numeric: true,
  },
  {
    id: 'rxErrors',
    title: 'RX errors',
    value: (i) => i.counters.rxErrors,
    cellTitle: (i) => exact(i.counters.rxErrors, 'errors'),
    render: (i) => formatCount(i.counters.rxErrors),
    numeric: true,
    cellClass: (i) => problem(i.counters.rxErrors),
  },
  {
    id: 'rxDrops',
    title: 'RX drops',
    value: (i) => i.counters.rxDrops,
    cellTitle: (i) => exact(i.counters.rxDrops, 'dropped'),
    render: (i) => formatCount(i.counters.rxDrops),
    numeric: true,
    cellClass: (i) => problem(i.counters.rxDrops),
  },
  {
    id: 'rxMulticast',
    title: 'RX mcast',
    value: (i) => i.counters.rxMulticast,
    cellTitle: (i) => exact(i.counters.rxMulticast, 'packets'),
    render: (i) => formatCount(i.counters.rxMulticast),
    numeric: true,
  },
  {
    id: 'txBytes',
    title: 'TX bytes',
    value: (i) => i.counters.txBytes,
    cellTitle: (i) => exact(i.counters.txBytes, 'bytes'),
    render: (i) => formatBytes(i.counters.txBytes),
    numeric: true,
  },
  {
    id: 'txPackets',
    title: 'TX packets',
    value: (i) => i.counters.txPackets,
    cellTitle: (i) => exact(i.counters.txPackets, 'packets'),
    render: (i) => formatCount(i.counters.txPackets),
    numeric: true,
  },
  {
    id: 'txErrors',
    title: 'TX errors',
    value: (i) => i.counters.txErrors,
    cellTitle: (i) => exact(i.counters.txErrors, 'errors'),
    render: (i) => formatCount(i.counters.txErrors),
    numeric: true,
    cellClass: (i) => problem(i.counters.txErrors),
  },
  {
    id: 'txDrops',
    title: 'TX drops',
    value: (i) => i.counters.txDrops,
    cellTitle: (i) => exact(i.counters.txDrops, 'dropped'),
    render: (i) => formatCount(i.counters.txDrops),
    numeric: true,
    cellClass: (i) => problem(i.counters.txDrops),
  },
  {
    id: 'txMulticast',
    title: 'TX mcast',
    value: (i) => i.counters.txMulticast,
    cellTitle: (i) => exact(i.counters.txMulticast, 'packets'),
    render: (i) => formatCount(i.counters.txMulticast),
    numeric: true,
  },
];

function InterfaceCard({ iface, from, to, live }: { iface: NetInterface; from: number; to: number; live: boolean }) {
  const history = useNetScope((s) => s.history);
  // The version changes when the history recorded a snapshot: read the buffer again then.
  const version = useNetScope((s) => s.historyVersion);
  const points = useMemo(
    () => history.points(iface.name).filter((p) => p.t >= from),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version: the same history object holds new points
    [history, iface.name, from, version],
  );
  // Each point is already a rate (the history records none before the second refresh): one point of 0 is idle.
  const idle = points.length > 0 && movedNothing(points.flatMap((p) => [p.rxBytesPerSec, p.txBytesPerSec]));
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
        {live ? (
          <>
            <dt>RX now</dt>
            <dd className="nsv-rx">{formatByteRate(iface.rates?.rxBytesPerSec)}</dd>
            <dt>TX now</dt>
            <dd className="nsv-tx">{formatByteRate(iface.rates?.txBytesPerSec)}</dd>
          </>
        ) : null}
        {utilisation !== null ? (
          <>
            <dt>Link use</dt>
            <dd className={utilisation > 0.8 ? 'nsv-cell-alert' : undefined}>{formatPercent(utilisation)}</dd>
          </>
        ) : null}
      </dl>
      {/* WHY: the history never records an opened file (one moment of another machine): its chart would say
          "Collecting…" for ever. */}
      {!live ? null : idle ? (
        <NoTrafficNote className="nsv-chart-empty" testId="interface-idle" />
      ) : (
        <RateChart points={points} from={from} to={to} />
      )}
    </article>
  );
}

export function InterfacesView({ snapshot }: { snapshot: Snapshot }) {
  const [minutes, setMinutes] = useState<number>(5);
  const [hideIdle, setHideIdle] = useState(false);
  const saveCsv = useTableCsv();
  const live = !isImported(snapshot);
  const to = snapshot.takenAt;
  const from = to - minutes * 60_000;
  const shown = useMemo(
    () => snapshot.interfaces.filter((i) => !hideIdle || (i.up !== false && !isLoopbackName(i.name))),
    [snapshot.interfaces, hideIdle],
  );

  return (
    <div className="nsv-view" data-testid="interfaces-view">
      <div className="nsv-toolbar">
        {live ? (
          <div className="nsv-segmented" role="group" aria-label="Chart window">
            {WINDOWS_MINUTES.map((m) => (
              <button key={m} type="button" aria-pressed={minutes === m} onClick={() => setMinutes(m)}>
                {m} min
              </button>
            ))}
          </div>
        ) : null}
        <label className="nsv-check">
          <input type="checkbox" checked={hideIdle} onChange={(e) => setHideIdle(e.target.checked)} /> Hide loopback and
          down
        </label>
        <span className="nsv-muted">{snapshot.interfaces.length} interfaces</span>
        {live ? null : (
          <span className="nsv-muted" data-testid="interface-no-chart">
            A saved file holds totals, not rates over time: no charts.
          </span>
        )}
      </div>
      <CollectorBanner snapshot={snapshot} collector="interfaces" what="the interface statistics" />
      {snapshot.interfaces.length === 0 && collectorProblem(snapshot, 'interfaces') === null ? (
        <p className="nsv-muted" data-testid="interfaces-empty">
          {emptyTableText(snapshot, 'interface statistics')}
        </p>
      ) : null}
      <div className="nsv-cards">
        {shown.map((iface) => (
          <InterfaceCard key={iface.name} iface={iface} from={from} to={to} live={live} />
        ))}
      </div>
      {shown.length > 0 ? (
        <section className="nsv-section">
          <h3 className="nsv-h">Totals since boot</h3>
          <DataTable
            rows={shown}
            columns={TOTAL_COLUMNS}
            rowKey={(i) => i.name}
            exportCsv={{ name: 'interfaces', save: saveCsv }}
            rowClass={(i) => (interfaceProblems(i) > 0 ? 'nsv-row-alert' : undefined)}
          />
        </section>
      ) : null}
    </div>
  );
}
