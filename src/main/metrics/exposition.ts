/**
 * One scrape's text through prom-client. A fresh Registry per scrape: label
 * sets that vanished from the snapshot vanish from the output without resets,
 * two concurrent scrapes asking for different formats cannot disturb each
 * other, and prom-client's OpenMetrics counter renaming (it strips `_total`
 * from the metric object) never leaks into the next Prometheus-text scrape.
 * Counters keep their running totals in ScrapeTotals, outside the registry.
 */
import { Counter, Gauge, Registry, type OpenMetricsContentType, type PrometheusContentType } from 'prom-client';
import type { CollectorReport } from '../../shared/model';
import type { SocketSeries } from './socket-series';
import { OTHER, type Folded } from './top-n';

export const PROMETHEUS_TEXT = Registry.PROMETHEUS_CONTENT_TYPE;
export const OPENMETRICS_TEXT = Registry.OPENMETRICS_CONTENT_TYPE;
export type MetricsContentType = PrometheusContentType | OpenMetricsContentType;
type AnyRegistry = Registry<PrometheusContentType> | Registry<OpenMetricsContentType>;

/** Running totals that survive between scrapes (Prometheus counters). */
export interface ScrapeTotals {
  /** Per collector: finished collections (seen by a scrape) in which it failed. */
  collectorErrors: Map<string, number>;
  /** Scrapes answered with older data: the refresh did not finish in time, or failed. */
  staleScrapes: { timeout: number; failed: number };
}

export interface ScrapeContent {
  version: string;
  /** The socket series of the newest snapshot whose connections collector succeeded; null before the first. */
  series: SocketSeries | null;
  /** The newest finished collection's reports of the collectors the series come from. */
  collectors: readonly CollectorReport[];
  totals: ScrapeTotals;
  /** Seconds since the collection behind `series` started; null without data. */
  dataAgeSeconds: number | null;
  /** Seconds from the request's arrival to this point (waiting for data and building the series). */
  scrapeDurationSeconds: number;
}

/** The Accept header asks for OpenMetrics (as Prometheus does) or anything else (Prometheus text 0.0.4). */
export function negotiateContentType(accept: string | undefined): MetricsContentType {
  return accept !== undefined && /application\/openmetrics-text/i.test(accept) ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
}

type Labels = Record<string, string | number>;

function gauge(registry: AnyRegistry, name: string, help: string, labelNames: string[] = []): Gauge {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

function setFolded(metric: Gauge, label: string, folded: Folded): void {
  for (const [key, count] of folded.kept) metric.set({ [label]: key }, count);
  metric.set({ [label]: OTHER }, folded.other);
}

function socketSeries(registry: AnyRegistry, series: SocketSeries): void {
  const sockets = gauge(
    registry,
    'netscope_sockets',
    'Sockets by protocol (tcp, udp, raw), address family and state (TCP state; a connected UDP socket established, as netstat; none for other stateless sockets).',
    ['protocol', 'family', 'state'],
  );
  for (const s of series.sockets) sockets.set({ protocol: s.protocol, family: s.family, state: s.state }, s.count);

  const listening = gauge(
    registry,
    'netscope_listening_sockets',
    `Listening sockets (TCP LISTEN, UDP without a peer) by protocol, family, local address, port and process; beyond the limit summed into one series labelled ${OTHER}.`,
    ['protocol', 'family', 'address', 'port', 'process'],
  );
  for (const [labels, count] of series.listeners.kept) listening.set({ ...labels }, count);
  const other: Labels = { protocol: OTHER, family: OTHER, address: OTHER, port: OTHER, process: OTHER };
  listening.set(other, series.listeners.other);

  const folded: Array<[string, string, string, Folded]> = [
    [
      'netscope_process_connections',
      'Sockets with a peer per process name (all PIDs of a name summed); top N by count',
      'process',
      series.processConnections,
    ],
    [
      'netscope_remote_connections',
      'Sockets with a peer per remote address; top N by count',
      'remote',
      series.remoteConnections,
    ],
    [
      'netscope_remote_subnet_connections',
      'Sockets with a peer per remote /24 (IPv4) or /64 (IPv6); top N by count',
      'subnet',
      series.subnetConnections,
    ],
    [
      'netscope_remote_syn_recv_sockets',
      'Half-open (SYN_RECV) sockets per remote address; top N by count',
      'remote',
      series.remoteSynRecv,
    ],
    [
      'netscope_remote_subnet_syn_recv_sockets',
      'Half-open (SYN_RECV) sockets per remote /24 or /64; top N by count',
      'subnet',
      series.subnetSynRecv,
    ],
  ];
  const foldedKeys = gauge(
    registry,
    'netscope_folded_keys',
    `Distinct keys (processes, addresses, subnets, listeners) summed into the ${OTHER} series of each family because of the top-N limit.`,
    ['metric'],
  );
  foldedKeys.set({ metric: 'netscope_listening_sockets' }, series.listeners.foldedKeys);
  for (const [name, help, label, values] of folded) {
    setFolded(gauge(registry, name, `${help}, the rest summed into ${label}="${OTHER}".`, [label]), label, values);
    foldedKeys.set({ metric: name }, values.foldedKeys);
  }

  const unowned = gauge(
    registry,
    'netscope_unowned_sockets',
    "Sockets without an owning process: TIME_WAIT and other kernel-held sockets, and other users' sockets when not run as root.",
    ['protocol', 'state'],
  );
  for (const u of series.unowned) unowned.set({ protocol: u.protocol, state: u.state }, u.count);

  dosSeries(registry, series);
}

function dosSeries(registry: AnyRegistry, series: SocketSeries): void {
  const { dos } = series;
  const alarm = gauge(
    registry,
    'netscope_dos_alarm',
    'The DoS verdict: 1 when raised. syn_flood: SYN_RECV from other hosts above the threshold; dominant_remote: one remote address holds most inbound connections (loopback and own addresses never count).',
    ['reason'],
  );
  alarm.set({ reason: 'syn_flood' }, dos.synFlood ? 1 : 0);
  alarm.set({ reason: 'dominant_remote' }, dos.dominantRemote ? 1 : 0);
  const inbound = gauge(
    registry,
    'netscope_dos_inbound_connections',
    'Inbound TCP connections that hold server resources (SYN_RECV, ESTABLISHED, server-side closing states; not TIME_WAIT), by whether the peer is this machine (local) or another host (remote).',
    ['peer'],
  );
  inbound.set({ peer: 'remote' }, dos.remoteInbound);
  inbound.set({ peer: 'local' }, dos.localInbound);
  const syn = gauge(
    registry,
    'netscope_dos_syn_recv_sockets',
    'Half-open inbound TCP sockets (SYN_RECV) by peer: local (this machine) or remote.',
    ['peer'],
  );
  syn.set({ peer: 'remote' }, dos.remoteSynRecv);
  syn.set({ peer: 'local' }, dos.localSynRecv);
  const top = dos.topRemote;
  if (top) {
    gauge(
      registry,
      'netscope_dos_top_remote_connections',
      'Inbound connections held by the remote address that holds the most.',
      ['remote'],
    ).set({ remote: top.address }, top.connections);
    gauge(
      registry,
      'netscope_dos_top_remote_share_ratio',
      'Share (0 to 1) of the remote inbound connections held by the remote address that holds the most.',
      ['remote'],
    ).set({ remote: top.address }, top.share);
  }
}

function healthSeries(registry: AnyRegistry, content: ScrapeContent): void {
  gauge(registry, 'netscope_build_info', 'The NetScope version that exports these series (always 1).', ['version']).set(
    { version: content.version },
    1,
  );
  const success = gauge(
    registry,
    'netscope_collector_success',
    'Whether the collector succeeded in the newest finished collection (1) or failed or timed out (0).',
    ['collector'],
  );
  const duration = gauge(
    registry,
    'netscope_collector_duration_seconds',
    'How long the collector took in the newest finished collection.',
    ['collector'],
  );
  for (const report of content.collectors) {
    success.set({ collector: report.name }, report.ok ? 1 : 0);
    duration.set({ collector: report.name }, report.tookMs / 1000);
  }
  const errors = new Counter({
    name: 'netscope_collector_errors_total',
    help: 'Collections seen by a scrape in which the collector failed or timed out.',
    labelNames: ['collector'],
    registers: [registry],
  });
  for (const report of content.collectors) errors.inc({ collector: report.name }, 0);
  for (const [name, count] of content.totals.collectorErrors) errors.inc({ collector: name }, count);
  const stale = new Counter({
    name: 'netscope_stale_scrapes_total',
    help: "Scrapes answered with the last good data because a refresh did not finish within the scrape's wait (timeout) or failed.",
    labelNames: ['reason'],
    registers: [registry],
  });
  stale.inc({ reason: 'timeout' }, content.totals.staleScrapes.timeout);
  stale.inc({ reason: 'failed' }, content.totals.staleScrapes.failed);
  if (content.dataAgeSeconds !== null) {
    gauge(registry, 'netscope_data_age_seconds', 'Seconds since the collection behind the socket series started.').set(
      content.dataAgeSeconds,
    );
  }
  gauge(
    registry,
    'netscope_scrape_duration_seconds',
    'Time this scrape spent waiting for data and building the series.',
  ).set(content.scrapeDurationSeconds);
}

/** The body of one /metrics answer in the given content type. */
export async function renderMetrics(content: ScrapeContent, contentType: MetricsContentType): Promise<string> {
  let registry: AnyRegistry;
  if (contentType === OPENMETRICS_TEXT) {
    const openMetrics = new Registry<OpenMetricsContentType>();
    openMetrics.setContentType(OPENMETRICS_TEXT);
    registry = openMetrics;
  } else registry = new Registry();
  healthSeries(registry, content);
  if (content.series) socketSeries(registry, content.series);
  return registry.metrics();
}
