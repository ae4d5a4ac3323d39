/**
 * Top talkers: "who is using my bandwidth?" per process or per remote host,
 * busiest first, with current rates, totals since first seen and a chart of
 * the five busiest over the last minutes. A row opens its connections in the
 * grid (pid:N or raddr:=host), as the other views' rows do.
 */
import { useMemo, useState } from 'react';
import { isLoopbackAddress } from '../../shared/addresses';
import type { Snapshot } from '../../shared/model';
import { talkerFilter, type TalkerGrouping, type TalkerRow } from '../../shared/top-talkers';
import { formatBytes, formatRate as formatByteRate, trafficAbsentReason } from '../../shared/traffic';
import { useNetScope, useNetScopeStore } from '../store';
import { DataTable, type RowAction, type TableColumn } from './DataTable';
import { useTableCsv } from './useTableCsv';
import { chartPoints } from './talkers';
import { TalkersChart } from './TalkersChart';
import { CollectorBanner } from './CollectorBanner';
import './views.css';

const CHARTED = 5;
/**
 * Rows the table can show, the busiest first (sort by any column to change which; the CSV has them all). WHY: every
 * group in the table was a row of the DOM, rendered again at every refresh: by remote host at 100k connections to as
 * many hosts the page froze for more than 30 s, and by process at 500 processes a refresh took ~200 ms to paint
 * (bench/renderer-talkers.mjs).
 */
export const TALKERS_SHOWN = 100;
/**
 * Rows shown until the user asks for TALKERS_SHOWN: about a screenful under the chart. WHY: at 100k connections
 * nearly every row's figures change at each refresh, and the browser's style, layout and paint of the table grew
 * with its rows: 100 rows made the frame ~21 ms, 30 rows ~12 ms (the rows past 30 hidden by CSS on the same build,
 * renderer-talkers.mjs PAGE_CSS; Top talkers by process median 47 -> 36 ms, p95 ~70 -> 48).
 */
export const TALKERS_FIRST = 30;

/** The CSV's rates are whole bytes per second: 12490.795925119006 B/s is noise in a spreadsheet. */
function columns(by: TalkerGrouping): TableColumn<TalkerRow>[] {
  const who: TableColumn<TalkerRow>[] =
    by === 'process'
      ? [
          { id: 'label', title: 'Process', value: (r) => r.label },
          { id: 'pid', title: 'PID', value: (r) => r.pid ?? undefined, numeric: true },
        ]
      : [{ id: 'label', title: 'Remote host', value: (r) => r.label }];
  return [
    ...who,
    {
      id: 'rate',
      title: 'Rate',
      csvTitle: 'Rate (B/s)',
      csv: (r) => Math.round(r.sendRate + r.receiveRate),
      description: 'Send + receive, now',
      value: (r) => r.sendRate + r.receiveRate,
      render: (r) => formatByteRate(r.sendRate + r.receiveRate),
      numeric: true,
    },
    {
      id: 'sendRate',
      title: 'Send',
      csvTitle: 'Send (B/s)',
      csv: (r) => Math.round(r.sendRate),
      value: (r) => r.sendRate,
      render: (r) => formatByteRate(r.sendRate),
      numeric: true,
    },
    {
      id: 'receiveRate',
      title: 'Receive',
      csvTitle: 'Receive (B/s)',
      csv: (r) => Math.round(r.receiveRate),
      value: (r) => r.receiveRate,
      render: (r) => formatByteRate(r.receiveRate),
      numeric: true,
    },
    {
      id: 'sent',
      title: 'Sent',
      csvTitle: 'Sent (B)',
      description: 'Bytes sent since first seen',
      value: (r) => r.sent,
      render: (r) => formatBytes(r.sent),
      numeric: true,
    },
    {
      id: 'received',
      title: 'Received',
      csvTitle: 'Received (B)',
      description: 'Bytes received since first seen',
      value: (r) => r.received,
      render: (r) => formatBytes(r.received),
      numeric: true,
    },
    { id: 'connections', title: 'Connections', value: (r) => r.connections, numeric: true },
  ];
}

export function TopTalkersView({ snapshot }: { snapshot: Snapshot }) {
  const store = useNetScopeStore();
  const [by, setBy] = useState<TalkerGrouping>('process');
  const [limit, setLimit] = useState(TALKERS_FIRST);
  const saveCsv = useTableCsv();
  const history = useNetScope((s) => s.history);
  const version = useNetScope((s) => s.historyVersion);
  const absent = trafficAbsentReason(snapshot);
  // The busiest TALKERS_SHOWN alone, and every row only when the table asks (sorted another way, the CSV):
  // TalkerTracker.busiest says why.
  const { rows, presorted } = useMemo(
    () => {
      const head = history.talkers.busiest(by, TALKERS_SHOWN, true);
      return { rows: head.rows, presorted: { total: head.total, all: () => history.talkers.rows(by, true) } };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version: the same history object holds new samples
    [history, by, version],
  );
  const top = rows.filter((r) => r.sendRate + r.receiveRate > 0).slice(0, CHARTED);
  const topKeys = top.map((r) => r.key).join('\n');
  const points = useMemo(
    () => chartPoints(history.talkers.samples(by), topKeys === '' ? [] : topKeys.split('\n')),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version: the same history object holds new samples
    [history, by, topKeys, version],
  );
  const cols = useMemo(() => columns(by), [by]);
  const since = history.talkers.since(by);
  // WHY said: by remote host, a loopback connection's two sockets both name 127.0.0.1 (or ::1) as their remote, so
  // that host's rate is twice the per-process figure of either end (a look at the app, session 33). Read from the
  // busiest rows (the ones the table shows first), not every host.
  const loopbackShown = useMemo(
    () => by === 'host' && rows.some((r) => r.host !== null && isLoopbackAddress(r.host)),
    [by, rows],
  );
  const action: RowAction<TalkerRow> = {
    label: (r) => `Show its connections in the connection grid (${talkerFilter(r)})`,
    run: (r) => store.getState().showInGrid(talkerFilter(r)),
  };

  return (
    <div className="nsv-view" data-testid="talkers-view">
      <div className="nsv-toolbar" role="radiogroup" aria-label="Group by">
        {(['process', 'host'] as const).map((g) => (
          <label key={g}>
            <input type="radio" name="talkers-by" checked={by === g} onChange={() => setBy(g)} />{' '}
            {g === 'process' ? 'By process' : 'By remote host'}
          </label>
        ))}
      </div>
      <CollectorBanner snapshot={snapshot} collector="connections" what="the socket table" showWarnings={false} />
      {absent !== null ? (
        <p className="nsv-note" data-testid="talkers-absent">
          No traffic counters: {absent}.
        </p>
      ) : (
        <>
          <TalkersChart
            points={points}
            series={top.map((r) => ({ key: r.key, label: r.pid !== null ? `${r.label} (${r.pid})` : r.label }))}
            label={`Rates of the ${top.length} busiest over the last minutes: ${top.map((r) => `${r.label} ${formatByteRate(r.sendRate + r.receiveRate)}`).join(', ')}`}
          />
          <DataTable
            testId="talkers-table"
            rowTestId="talker-row"
            exportCsv={{ name: `top-talkers-by-${by}`, save: saveCsv }}
            rows={rows}
            columns={cols}
            rowKey={(r) => r.key}
            initialSort={{ column: 'rate', direction: 'desc' }}
            limit={limit}
            // busiest() and rows(): by rate, then bytes, then label, then key (byRate): the Rate column's order.
            presorted={presorted}
            rowAction={action}
            rowClass={(r) => (r.connections === 0 ? 'nsv-row-gone' : undefined)}
            empty="No connection has moved bytes yet."
            showMore={
              presorted.total > TALKERS_FIRST ? (
                <button
                  type="button"
                  className="nsv-button"
                  data-testid="talkers-more"
                  onClick={() => setLimit(limit === TALKERS_FIRST ? TALKERS_SHOWN : TALKERS_FIRST)}
                >
                  {limit === TALKERS_FIRST
                    ? `Show the busiest ${Math.min(TALKERS_SHOWN, presorted.total)}`
                    : `Show the busiest ${TALKERS_FIRST}`}
                </button>
              ) : undefined
            }
          />
          {since !== null ? (
            <p className="nsv-note" data-testid="talkers-since">
              Sent and Received: bytes since {new Date(since).toLocaleTimeString()}, when this window first saw each
              connection (one opened later counts whole). The connection grid&apos;s Sent and Received are each
              socket&apos;s whole life. Chart: send + receive per {by === 'process' ? 'process' : 'remote host'}.
              {loopbackShown
                ? ' Loopback (127.0.0.1, ::1): both ends of such a connection are this machine, so its bytes count once per end.'
                : null}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
