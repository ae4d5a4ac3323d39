/** netstat -s with what moved since the last refresh: deltas, per-second rates, error counters lit up. */
import { useMemo, useState } from 'react';
import type { Snapshot } from '../../shared/model';
import {
  counterAttention,
  counterDeltas,
  countersToCsv,
  filterCounters,
  type CounterGroup,
  type CounterRow,
} from './counters';
import { useTableCsv } from './useTableCsv';
import { netstatPhrase } from './netstat-labels';
import { formatDelta, formatPerSecond } from './format';
import { useNetScope } from '../store';
import { missingStats, type StatsProtocol } from '../../shared/stats-sections';
import { pickStatsGroups, StatsProtocolPicker } from './StatsProtocolPicker';
import { CollectorBanner } from './CollectorBanner';
import { collectorFailed, collectorProblem, emptyTableText, isImported } from './source-state';
import './views.css';

const integer = new Intl.NumberFormat();

function CounterRowView({ row, protocol, live }: { row: CounterRow; protocol: string; live: boolean }) {
  const attention = counterAttention(row);
  const phrase = netstatPhrase(protocol, row.name);
  return (
    <tr
      className={attention === 'alert' ? 'nsv-row-alert' : attention === 'moved' ? 'nsv-row-moved' : undefined}
      data-testid="stat-row"
    >
      <td title={phrase ? `${row.name}: ${phrase}` : row.name}>
        <span className={row.errorLike ? 'nsv-errname' : undefined}>{row.name}</span>
        {phrase ? <span className="nsv-muted nsv-phrase"> {phrase}</span> : null}
      </td>
      <td className="nsv-num">{integer.format(row.value)}</td>
      {live ? (
        <>
          <td className="nsv-num" title={row.reset ? 'The counter went backwards: it was reset.' : undefined}>
            {row.reset ? '↺ reset' : formatDelta(row.delta)}
          </td>
          <td className="nsv-num">
            {row.gauge ? <span className="nsv-muted">gauge</span> : formatPerSecond(row.perSecond)}
          </td>
        </>
      ) : null}
    </tr>
  );
}

/** live false: an opened file, one moment, whose change and rate columns would be dashes from top to bottom. */
function GroupSection({
  group,
  open,
  onToggle,
  live,
}: {
  group: CounterGroup;
  open: boolean;
  onToggle: () => void;
  live: boolean;
}) {
  const alerts = group.rows.filter((r) => counterAttention(r) === 'alert').length;
  return (
    <section className="nsv-section nsv-collapsible" data-testid="stats-group">
      <button type="button" className="nsv-collapse" aria-expanded={open} onClick={onToggle}>
        <span className="nsv-caret">{open ? '▾' : '▸'}</span>
        <strong>{group.protocol}</strong>
        <span className="nsv-muted">{group.rows.length} counters</span>
        {group.moved > 0 ? <span className="nsv-badge nsv-badge-moved">{group.moved} moved</span> : null}
        {alerts > 0 ? <span className="nsv-badge nsv-badge-alert">{alerts} error-like moved</span> : null}
      </button>
      {open ? (
        <table className="nsv-table nsv-stats">
          {/* WHY fixed widths: each group is its own table, and auto layout sized every one to its own numbers. */}
          <colgroup>
            <col className="nsv-stats-name" />
            <col className="nsv-stats-number" />
            {live ? <col className="nsv-stats-number" /> : null}
            {live ? <col className="nsv-stats-number" /> : null}
          </colgroup>
          <thead>
            <tr>
              <th>Counter</th>
              <th className="nsv-num">Value</th>
              {live ? <th className="nsv-num">Δ since last</th> : null}
              {live ? <th className="nsv-num">Per second</th> : null}
            </tr>
          </thead>
          <tbody>
            {group.rows.map((row) => (
              <CounterRowView key={row.name} row={row} protocol={group.protocol} live={live} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function StatsView({ snapshot }: { snapshot: Snapshot }) {
  const history = useNetScope((s) => s.history);
  const version = useNetScope((s) => s.historyVersion);
  const [query, setQuery] = useState('');
  const [movedOnly, setMovedOnly] = useState(false);
  const saveCsv = useTableCsv();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [protocols, setProtocols] = useState<ReadonlySet<StatsProtocol>>(() => new Set());

  // version: the history recorded this snapshot (or another), so its predecessor may have changed.
  const previous = useMemo(() => history.previousStats(snapshot), [history, snapshot, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const groups = useMemo(
    () =>
      counterDeltas(
        snapshot.protocolStats,
        previous?.stats ?? null,
        previous ? snapshot.takenAt - previous.takenAt : null,
      ),
    [snapshot.protocolStats, snapshot.takenAt, previous],
  );
  // An opened file hides the switch (one moment: nothing moved), so a tick left from the live view must not apply.
  const onlyMoved = movedOnly && !isImported(snapshot);
  const shown = useMemo(() => {
    const filtered = filterCounters(pickStatsGroups(groups, protocols), query);
    if (!onlyMoved) return filtered;
    return filtered
      .map((g) => ({ ...g, rows: g.rows.filter((r) => counterAttention(r) !== null) }))
      .filter((g) => g.rows.length > 0);
  }, [groups, query, onlyMoved, protocols]);
  const missing = missingStats(snapshot.protocolStats, protocols.size === 0 ? null : [...protocols]);

  const toggle = (protocol: string) =>
    setCollapsed((old) => {
      const next = new Set(old);
      if (next.has(protocol)) next.delete(protocol);
      else next.add(protocol);
      return next;
    });
  const total = groups.reduce((sum, g) => sum + g.rows.length, 0);
  const moved = groups.reduce((sum, g) => sum + g.moved, 0);

  return (
    <div className="nsv-view" data-testid="stats-view">
      <div className="nsv-toolbar">
        <input
          className="nsv-input"
          type="search"
          placeholder="Filter counters (e.g. retrans, drop)…"
          aria-label="Filter counters"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {isImported(snapshot) ? null : (
          <label className="nsv-check">
            <input type="checkbox" checked={movedOnly} onChange={(e) => setMovedOnly(e.target.checked)} /> Only counters
            that moved
          </label>
        )}
        <button type="button" className="nsv-button" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button
          type="button"
          className="nsv-button"
          onClick={() => setCollapsed(new Set(groups.map((g) => g.protocol)))}
        >
          Collapse all
        </button>
        <button
          type="button"
          className="nsv-button"
          data-testid="csv-protocol-statistics"
          disabled={shown.length === 0}
          title="The counters shown (filter and protocols applied), one row each"
          onClick={() => saveCsv(countersToCsv(shown), 'protocol-statistics')}
        >
          Export CSV
        </button>
        <span className="nsv-muted">
          {total} counters
          {previous
            ? `, ${moved} moved in ${((snapshot.takenAt - previous.takenAt) / 1000).toFixed(1)} s`
            : isImported(snapshot)
              ? ', as saved in the file (no deltas: it is one moment)'
              : ', deltas from the next refresh'}
        </span>
      </div>
      <StatsProtocolPicker chosen={protocols} onChange={setProtocols} />
      {missing.length > 0 && !collectorFailed(snapshot, 'protocol-stats') ? (
        <p className="nsv-muted" data-testid="stats-missing">
          No {missing.join(', ')} section in these statistics
          {missing.includes('TCPv6') ? ' (Linux counts TCP over both IP versions in its TCP section)' : ''}.
        </p>
      ) : null}
      <CollectorBanner snapshot={snapshot} collector="protocol-stats" what="the protocol statistics" />
      {total === 0 && collectorProblem(snapshot, 'protocol-stats') === null ? (
        <p className="nsv-muted" data-testid="stats-empty">
          {emptyTableText(snapshot, 'protocol statistics')}
        </p>
      ) : null}
      {total > 0 && shown.length === 0 ? <p className="nsv-muted">No counter matches.</p> : null}
      {shown.map((g) => (
        <GroupSection
          key={g.protocol}
          group={g}
          open={!collapsed.has(g.protocol) || query.trim() !== ''}
          onToggle={() => toggle(g.protocol)}
          live={!isImported(snapshot)}
        />
      ))}
    </div>
  );
}
