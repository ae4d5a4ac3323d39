/**
 * TCP state histogram, UDP count and the processes holding the most sockets.
 * A bar, its count below the chart, or a process row opens the connection
 * grid filtered to exactly those sockets. A log scale keeps LISTEN 6 visible
 * beside TIME_WAIT 1,100.
 */
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Snapshot } from '../../shared/model';
import { useNetScopeStore } from '../store';
import { formatCount } from './format';
import { memoBySnapshot } from './memo';
import { DataTable, type RowAction, type TableColumn } from './DataTable';
import { useTableCsv } from './useTableCsv';
import {
  NO_OWNER,
  NO_OWNER_NOTE,
  processFilter,
  stateFilter,
  stateHints,
  stateHistogram,
  topProcesses,
  type ProcessCount,
  type StateBar,
} from './states';
import { CollectorBanner } from './CollectorBanner';
import './views.css';

const histogramOf = memoBySnapshot((s, platform: string) => stateHistogram(s.connections, platform));
const processesOf = memoBySnapshot((s, _: null) => topProcesses(s.connections, 10));

/** States that deserve a glance when tall get warm colours; the rest share one. */
const STATE_COLORS: Partial<Record<string, string>> = {
  LISTEN: 'var(--nsv-state-listen, #8e9aaf)',
  ESTABLISHED: 'var(--nsv-state-ok, #27ae60)',
  SYN_RECV: 'var(--nsv-state-alert, #eb5757)',
  SYN_SENT: 'var(--nsv-state-warn, #f2994a)',
  CLOSE_WAIT: 'var(--nsv-state-warn, #f2994a)',
  TIME_WAIT: 'var(--nsv-state-wait, #bb9af7)',
  UNKNOWN: 'var(--nsv-state-unknown, #999)',
};
const DEFAULT_COLOR = 'var(--nsv-state-other, #2f80ed)';

const PROCESS_COLUMNS: readonly TableColumn<ProcessCount>[] = [
  {
    id: 'name',
    title: 'Process',
    value: (p) => p.name,
    render: (p) => (p.key === 'unknown' ? <span title={NO_OWNER_NOTE}>{NO_OWNER}</span> : p.name),
  },
  { id: 'pid', title: 'PID', value: (p) => p.pid, numeric: true },
  { id: 'total', title: 'Sockets', value: (p) => p.total, numeric: true },
  { id: 'tcp', title: 'TCP', value: (p) => p.tcp, numeric: true },
  { id: 'udp', title: 'UDP', value: (p) => p.udp, numeric: true },
  { id: 'listening', title: 'Listening', value: (p) => p.listening, numeric: true },
  { id: 'established', title: 'Established', value: (p) => p.established, numeric: true },
];

const countLabel = (value: unknown): string => (typeof value === 'number' && value > 0 ? formatCount(value) : '');

export function StatesView({ snapshot }: { snapshot: Snapshot }) {
  const store = useNetScopeStore();
  const [logScale, setLogScale] = useState(false);
  const saveCsv = useTableCsv();
  const summary = histogramOf(snapshot, snapshot.platform);
  const processes = processesOf(snapshot, null);
  const hints = stateHints(summary);
  const showState = (state: string): void => store.getState().showInGrid(stateFilter(state));
  const processAction: RowAction<ProcessCount> = {
    label: (p) => `Show its ${p.total} sockets in the connection grid (${processFilter(p)})`,
    run: (p) => store.getState().showInGrid(processFilter(p)),
  };
  // A log axis has no zero: empty states get no bar (their count still shows below the chart).
  const bars = logScale ? summary.bars.map((b) => ({ ...b, plotted: b.count > 0 ? b.count : null })) : summary.bars;
  const drillable = summary.bars.filter((b): b is StateBar => b.state !== 'UNKNOWN');

  return (
    <div className="nsv-view" data-testid="states-view">
      <CollectorBanner snapshot={snapshot} collector="connections" what="the socket table" showWarnings={false} />
      <div className="nsv-kpis">
        <div className="nsv-kpi">
          <span className="nsv-kpi-value">{summary.tcp.toLocaleString()}</span>
          <span className="nsv-kpi-label">TCP sockets</span>
        </div>
        <div className="nsv-kpi" data-testid="udp-count">
          <span className="nsv-kpi-value">{summary.udp.toLocaleString()}</span>
          <span className="nsv-kpi-label">UDP sockets</span>
        </div>
        {summary.raw > 0 ? (
          <div className="nsv-kpi">
            <span className="nsv-kpi-value">{summary.raw.toLocaleString()}</span>
            <span className="nsv-kpi-label">raw sockets</span>
          </div>
        ) : null}
      </div>
      {hints.map((h) => (
        <div key={h} className="nsv-banner nsv-banner-warn" role="status">
          {h}
        </div>
      ))}
      <section className="nsv-section">
        <div className="nsv-section-head">
          <h3 className="nsv-h">TCP states (IPv4 + IPv6)</h3>
          <label className="nsv-check">
            <input
              type="checkbox"
              data-testid="states-log-scale"
              checked={logScale}
              onChange={(e) => setLogScale(e.target.checked)}
            />
            Log scale
          </label>
        </div>
        {/* The bars are for the eye and the mouse; the list below them is the keyboard's way in (accessibilityLayer off: no dead focus stop). */}
        <div className="nsv-chart nsv-chart-tall" aria-hidden="true">
          <ResponsiveContainer width="100%" height={280}>
            <BarChart
              data={bars}
              margin={{ top: 20, right: 8, bottom: 30, left: 0 }}
              accessibilityLayer={false}
              style={{ cursor: 'pointer' }}
            >
              <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
              <XAxis dataKey="state" interval={0} angle={-30} textAnchor="end" fontSize={11} />
              <YAxis
                allowDecimals={false}
                scale={logScale ? 'log' : 'auto'}
                domain={logScale ? [0.8, 'auto'] : [0, 'auto']}
                allowDataOverflow={logScale}
                tickFormatter={(v: number) => formatCount(v)}
                fontSize={11}
                width={50}
              />
              <Tooltip />
              <Bar
                dataKey={logScale ? 'plotted' : 'count'}
                name="sockets"
                isAnimationActive={false}
                onClick={(entry: { payload?: StateBar }) => {
                  const state = entry.payload?.state;
                  if (state && state !== 'UNKNOWN') showState(state);
                }}
              >
                {summary.bars.map((b) => (
                  <Cell key={b.state} fill={STATE_COLORS[b.state] ?? DEFAULT_COLOR} />
                ))}
                <LabelList dataKey="count" position="top" formatter={countLabel} fontSize={11} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <ul className="nsv-state-links" aria-label="TCP states: show in the connection grid">
          {drillable.map((b) => (
            <li key={b.state}>
              <button
                type="button"
                className="nsv-state-link"
                data-testid={`state-link-${b.state}`}
                title={`Show the ${b.count} ${b.state} sockets in the connection grid`}
                onClick={() => showState(b.state)}
              >
                {b.state} {formatCount(b.count)}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="nsv-section">
        <h3 className="nsv-h">Top 10 processes by sockets</h3>
        <DataTable
          rows={processes}
          columns={PROCESS_COLUMNS}
          rowKey={(p) => p.key}
          initialSort={{ column: 'total', direction: 'desc' }}
          rowAction={processAction}
          rowTestId="states-process-row"
          exportCsv={{ name: 'processes-by-sockets', save: saveCsv }}
          empty="No sockets."
        />
        {processes.some((p) => p.key === 'unknown') && <p className="nsv-note nsv-muted">{NO_OWNER_NOTE}</p>}
      </section>
    </div>
  );
}
