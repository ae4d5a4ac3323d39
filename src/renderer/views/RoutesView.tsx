/** netstat -r as a sortable table, with the route the kernel would pick for an address. */
import { useMemo, useState } from 'react';
import type { Family, Route, Snapshot } from '../../shared/model';
import { isKernelNullRoute, shownRouteMetric } from '../../shared/route-metric';
import { addressFamily } from './addresses';
import { formatCidr } from './format';
import {
  activeDefaultRoutes,
  describeLookup,
  describeRouteFlags,
  isDefaultRoute,
  isRejectRoute,
  lookupRoute,
  routeMatchesText,
} from './routes';
import { breakable } from './break-points';
import { DataTable, type TableColumn } from './DataTable';
import { useTableCsv } from './useTableCsv';
import { CollectorBanner } from './CollectorBanner';
import { collectorProblem, emptyTableText } from './source-state';
import './views.css';

type FamilyFilter = 'all' | Family;

const COLUMNS: readonly TableColumn<Route>[] = [
  // In the CSV only: on screen each family is a group of the table, under its own heading.
  {
    id: 'family',
    title: 'Family',
    value: (r) => r.family,
    render: (r) => `IPv${r.family}`,
    numeric: false,
    csvOnly: true,
  },
  {
    id: 'destination',
    title: 'Destination',
    value: (r) => `${r.destination}/${String(r.prefixLength).padStart(3, '0')}`,
    csv: (r) => formatCidr(r.destination, r.prefixLength),
    wrap: true,
    render: (r) =>
      isDefaultRoute(r) ? (
        <>
          <span className="nsv-badge nsv-badge-default">default</span>{' '}
          {breakable(formatCidr(r.destination, r.prefixLength))}
        </>
      ) : (
        breakable(formatCidr(r.destination, r.prefixLength))
      ),
  },
  { id: 'prefix', title: 'Prefix', value: (r) => r.prefixLength, numeric: true },
  {
    id: 'gateway',
    title: 'Gateway',
    value: (r) => r.gateway ?? 'on-link',
    wrap: true,
    render: (r) => (r.gateway ? breakable(r.gateway) : <span className="nsv-muted">on-link</span>),
  },
  {
    id: 'interface',
    title: 'Interface',
    value: (r) => r.interface,
    // Windows: route print names the interface by its address; show both.
    render: (r) =>
      r.interfaceAddress ? (
        <>
          {r.interface} <span className="nsv-muted">{r.interfaceAddress}</span>
        </>
      ) : (
        r.interface
      ),
  },
  {
    id: 'metric',
    title: 'Metric',
    // The kernel's IPv6 null entry has none to show (shared/route-metric.ts): route -6n prints -1, ip lists it not.
    value: shownRouteMetric,
    numeric: true,
    cellTitle: (r) =>
      isKernelNullRoute(r)
        ? "The kernel's own entry for addresses no route matches (in no table; ip -6 route does not list it, " +
          'route -6n prints metric -1): no metric, it loses to every route'
        : undefined,
  },
  {
    id: 'flags',
    title: 'Flags',
    value: (r) => r.flags,
    render: (r) => (r.persistent ? `${r.flags} (persistent)` : r.flags),
    cellTitle: (r) => describeRouteFlags(r.flags, r.family) || undefined,
    description:
      'U up, G gateway, H host, D dynamic, M modified, ! reject, S stored but not active; IPv6 (route -6): ' +
      'D default, A autoconfigured, C cached, a all on-link, e expires, m modified, n no next hop; ' +
      'persistent: route -p. Hover a cell for its letters in words.',
  },
  {
    id: 'type',
    title: 'Type',
    value: (r) => r.type ?? '',
    description:
      'unicast, local (this host), broadcast, multicast, or a reject route (unreachable, prohibit, blackhole)',
  },
  { id: 'table', title: 'Table', value: (r) => r.table },
];

const routeKey = (r: Route): string =>
  [r.family, r.table, r.type, `${r.destination}/${r.prefixLength}`, r.gateway, r.interface, r.metric, r.flags].join(
    '|',
  );

export function RoutesView({ snapshot }: { snapshot: Snapshot }) {
  const [family, setFamily] = useState<FamilyFilter>('all');
  const [query, setQuery] = useState('');
  const [probe, setProbe] = useState('');
  const saveCsv = useTableCsv();
  const routes = snapshot.routes;

  const filtered = useMemo(() => routes.filter((r) => routeMatchesText(r, query)), [routes, query]);
  const activeDefaults = useMemo(() => new Set(activeDefaultRoutes(routes).values()), [routes]);
  const probeFamily = addressFamily(probe);
  const probed = useMemo(() => (probe.trim() ? lookupRoute(routes, probe.trim()) : null), [routes, probe]);

  const rowClass = (r: Route): string | undefined => {
    const classes = [];
    if (isDefaultRoute(r)) classes.push(activeDefaults.has(r) ? 'nsv-row-default' : 'nsv-row-default-inactive');
    if (r === probed) classes.push('nsv-row-probed');
    return classes.join(' ') || undefined;
  };

  const sections: { title: string; family: Family }[] = [];
  if (family === 'all' || family === 4) sections.push({ title: 'IPv4', family: 4 });
  if (family === 'all' || family === 6) sections.push({ title: 'IPv6', family: 6 });

  return (
    <div className="nsv-view" data-testid="routes-view">
      <div className="nsv-toolbar">
        <div className="nsv-segmented" role="group" aria-label="Address family">
          {(['all', 4, 6] as const).map((f) => (
            <button key={f} type="button" aria-pressed={family === f} onClick={() => setFamily(f)}>
              {f === 'all' ? 'All' : `IPv${f}`}
            </button>
          ))}
        </div>
        <input
          className="nsv-input"
          type="search"
          placeholder="Filter routes…"
          aria-label="Filter routes"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <input
          className="nsv-input"
          type="search"
          placeholder="Which route reaches… (IP address)"
          aria-label="Route lookup"
          value={probe}
          onChange={(e) => setProbe(e.target.value)}
        />
        {/* WHY "n of m": with a filter that matches nothing, "15 routes" beside two empty tables read as a contradiction. */}
        <span className="nsv-muted" data-testid="routes-count">
          {filtered.length === routes.length
            ? `${routes.length} routes`
            : `${filtered.length} of ${routes.length} routes`}
        </span>
      </div>
      {probe.trim() ? (
        <div
          className={`nsv-banner ${probed && !isRejectRoute(probed) ? 'nsv-banner-info' : 'nsv-banner-warn'}`}
          role="status"
          data-testid="route-lookup-result"
        >
          {probeFamily === null
            ? `"${probe.trim()}" is not an IP address.`
            : `${probe.trim()} → ${describeLookup(probed)}`}
        </div>
      ) : null}
      <CollectorBanner snapshot={snapshot} collector="routes" what="the routing table" />
      {routes.length === 0 && collectorProblem(snapshot, 'routes') === null ? (
        <p className="nsv-muted" data-testid="routes-empty">
          {emptyTableText(snapshot, 'routing table')}
        </p>
      ) : null}
      {routes.length > 0 ? (
        // One table with a group per family, not a table each: the families' columns line up (DataTable's RowGroups).
        <DataTable
          rows={filtered.filter((r) => sections.some((s) => s.family === r.family))}
          columns={COLUMNS}
          rowKey={routeKey}
          rowClass={rowClass}
          rowTestId="route-row"
          exportCsv={{ name: 'routes', save: saveCsv }}
          groups={{
            of: (r) => `ipv${r.family}`,
            list: sections.map((s) => ({
              key: `ipv${s.family}`,
              csvTitle: s.title,
              title: (
                <>
                  {s.title} <span className="nsv-muted">({filtered.filter((r) => r.family === s.family).length})</span>
                </>
              ),
              empty: query ? 'No route matches the filter.' : `No ${s.title} routes.`,
            })),
          }}
        />
      ) : null}
    </div>
  );
}
