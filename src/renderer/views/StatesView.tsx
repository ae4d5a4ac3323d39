/** TCP state histogram, UDP count and the processes holding the most sockets. */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Snapshot } from '../../shared/model';
import { formatCount } from './format';
import { memoBySnapshot } from './memo';
import { DataTable, type TableColumn } from './DataTable';
import { stateHints, stateHistogram, topProcesses, type ProcessCount } from './states';
import './views.css';

const histogramOf = memoBySnapshot((s, _: null) => stateHistogram(s.connections));
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
  { id: 'name', title: 'Process', value: (p) => p.name },
  { id: 'pid', title: 'PID', value: (p) => p.pid, numeric: true },
  { id: 'total', title: 'Sockets', value: (p) => p.total, numeric: true },
  { id: 'tcp', title: 'TCP', value: (p) => p.tcp, numeric: true },
  { id: 'udp', title: 'UDP', value: (p) => p.udp, numeric: true },
  { id: 'listening', title: 'Listening', value: (p) => p.listening, numeric: true },
  { id: 'established', title: 'Established', value: (p) => p.established, numeric: true },
];

const countLabel = (value: unknown): string => (typeof value === 'number' && value > 0 ? formatCount(value) : '');

export function StatesView({ snapshot }: { snapshot: Snapshot }) {
  const summary = histogramOf(snapshot, null);
  const processes = processesOf(snapshot, null);
  const hints = stateHints(summary);

  return (
    <div className="nsv-view" data-testid="states-view">
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
        <h3 className="nsv-h">TCP states (IPv4 + IPv6)</h3>
        <div className="nsv-chart nsv-chart-tall">
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={summary.bars} margin={{ top: 20, right: 8, bottom: 30, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} vertical={false} />
              <XAxis dataKey="state" interval={0} angle={-30} textAnchor="end" fontSize={11} />
              <YAxis allowDecimals={false} tickFormatter={(v: number) => formatCount(v)} fontSize={11} width={50} />
              <Tooltip />
              <Bar dataKey="count" name="sockets" isAnimationActive={false}>
                {summary.bars.map((b) => (
                  <Cell key={b.state} fill={STATE_COLORS[b.state] ?? DEFAULT_COLOR} />
                ))}
                <LabelList dataKey="count" position="top" formatter={countLabel} fontSize={11} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>
      <section className="nsv-section">
        <h3 className="nsv-h">Top 10 processes by sockets</h3>
        <DataTable
          rows={processes}
          columns={PROCESS_COLUMNS}
          rowKey={(p) => p.key}
          initialSort={{ column: 'total', direction: 'desc' }}
          empty="No sockets."
        />
      </section>
    </div>
  );
}
