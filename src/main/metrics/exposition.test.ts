import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankConnection } from '../../shared/model';
import { DEFAULT_LIMITS } from './defaults';
import {
  negotiateContentType,
  OPENMETRICS_TEXT,
  PROMETHEUS_TEXT,
  renderMetrics,
  type ScrapeContent,
} from './exposition';
import { describePeer } from './peers';
import { buildSocketSeries, seriesBound } from './socket-series';
import { listener, manyPeers, tcp } from './test-connections';

function content(series: ScrapeContent['series']): ScrapeContent {
  return {
    version: '1.2.3',
    series,
    collectors: [{ name: 'connections', ok: true, tookMs: 12, error: null, warnings: [] }],
    totals: { collectorErrors: new Map([['connections', 2]]), staleScrapes: { timeout: 1, failed: 0 } },
    dataAgeSeconds: 0.5,
    scrapeDurationSeconds: 0.01,
  };
}

/** Sample lines of a text exposition: name, labels and value. */
function samples(text: string): Array<{ name: string; labels: string; value: number }> {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      return { name: match[1] as string, labels: match[2] ?? '', value: Number(match[3]) };
    });
}

describe('metric names and HELP', () => {
  const rows = [
    listener(443, 'nginx'),
    tcp('10.0.0.5', 443, '203.0.113.9', 5000, 'ESTABLISHED', { pid: 7, name: 'nginx' }),
    tcp('10.0.0.5', 443, '203.0.113.10', 5001, 'SYN_RECV', null),
    tcp('2001:db8::5', 443, '2001:db8:1:2::9', 5002, 'ESTABLISHED', { pid: 7, name: 'nginx' }),
    blankConnection({
      protocol: 'udp',
      family: 4,
      localAddress: '0.0.0.0',
      localPort: 53,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      state: 'NONE',
      pid: 9,
      processName: 'named',
    }),
  ];

  it('follows the Prometheus conventions: netscope_ prefix, snake case, _total only on counters, HELP and TYPE each', async () => {
    const text = await renderMetrics(content(buildSocketSeries(rows, new Set())), PROMETHEUS_TEXT);
    const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]));
    const helps = new Set([...text.matchAll(/^# HELP (\S+) \S.*$/gm)].map((m) => m[1] as string));
    expect(types.size).toBeGreaterThan(15);
    for (const [name, type] of types) {
      expect(name).toMatch(/^netscope_[a-z0-9_]+$/);
      expect(helps.has(name), `HELP for ${name}`).toBe(true);
      expect(name.endsWith('_total'), name).toBe(type === 'counter');
      expect(type === 'counter' || type === 'gauge', name).toBe(true);
    }
    for (const s of samples(text)) expect(types.has(s.name), s.name).toBe(true);
  });

  it('says what the sockets are, by family, state, listener, process, peer and subnet', async () => {
    const text = await renderMetrics(content(buildSocketSeries(rows, new Set())), PROMETHEUS_TEXT);
    expect(text).toContain('netscope_sockets{protocol="tcp",family="ipv4",state="syn_recv"} 1');
    expect(text).toContain('netscope_sockets{protocol="udp",family="ipv4",state="none"} 1');
    expect(text).toContain(
      'netscope_listening_sockets{protocol="tcp",family="ipv4",address="0.0.0.0",port="443",process="nginx"} 1',
    );
    expect(text).toContain(
      'netscope_listening_sockets{protocol="udp",family="ipv4",address="0.0.0.0",port="53",process="named"} 1',
    );
    expect(text).toContain('netscope_process_connections{process="nginx"} 2');
    expect(text).toContain('netscope_process_connections{process="(no owner)"} 1');
    expect(text).toContain('netscope_remote_subnet_connections{subnet="203.0.113.0/24"} 2');
    expect(text).toContain('netscope_remote_subnet_connections{subnet="2001:db8:1:2::/64"} 1');
    expect(text).toContain('netscope_remote_syn_recv_sockets{remote="203.0.113.10"} 1');
    expect(text).toContain('netscope_unowned_sockets{protocol="tcp",state="syn_recv"} 1');
    expect(text).toContain('netscope_dos_alarm{reason="syn_flood"} 0');
    expect(text).toContain('netscope_dos_inbound_connections{peer="remote"} 3');
    expect(text).toContain('netscope_collector_errors_total{collector="connections"} 2');
    expect(text).toContain('netscope_stale_scrapes_total{reason="timeout"} 1');
    expect(text).toContain('netscope_build_info{version="1.2.3"} 1');
  });

  it('escapes odd process names (quotes, backslashes, newlines) so the exposition stays parseable', async () => {
    const odd = [listener(9000, 'we"ird\\name\nx')];
    const text = await renderMetrics(content(buildSocketSeries(odd, new Set())), PROMETHEUS_TEXT);
    expect(text).toContain('port="9000",process="we\\"ird\\\\name\\nx"} 1');
    expect(() => samples(text)).not.toThrow();
  });

  it('answers OpenMetrics when asked (counters named without _total in TYPE, # EOF at the end), text otherwise', async () => {
    expect(negotiateContentType('application/openmetrics-text;version=1.0.0,text/plain;q=0.5')).toBe(OPENMETRICS_TEXT);
    expect(negotiateContentType(undefined)).toBe(PROMETHEUS_TEXT);
    const series = buildSocketSeries(rows, new Set());
    const open = await renderMetrics(content(series), OPENMETRICS_TEXT);
    expect(open.endsWith('# EOF\n')).toBe(true);
    expect(open).toContain('# TYPE netscope_collector_errors counter');
    expect(open).toContain('netscope_collector_errors_total{collector="connections"} 2');
    // A fresh registry per scrape: the OpenMetrics renaming does not leak into the next text scrape.
    const text = await renderMetrics(content(series), PROMETHEUS_TEXT);
    expect(text).toContain('# TYPE netscope_collector_errors_total counter');
  });
});

describe('bounded cardinality', () => {
  it('10k remote addresses and 500 processes stay under the documented bound, the rest in (other)', async () => {
    const rows = manyPeers(10_000, 500);
    const series = buildSocketSeries(rows, new Set());
    const text = await renderMetrics(content(series), PROMETHEUS_TEXT);
    const all = samples(text);
    expect(all.length).toBeLessThanOrEqual(seriesBound(DEFAULT_LIMITS));
    const byName = (name: string) => all.filter((s) => s.name === name);
    expect(byName('netscope_process_connections')).toHaveLength(DEFAULT_LIMITS.top + 1);
    expect(byName('netscope_remote_connections')).toHaveLength(DEFAULT_LIMITS.top + 1);
    // Nothing is lost by folding: kept plus (other) is every connection with a peer.
    const sum = (name: string) => byName(name).reduce((total, s) => total + s.value, 0);
    expect(sum('netscope_remote_connections')).toBe(10_000);
    expect(sum('netscope_process_connections')).toBe(10_000);
    expect(sum('netscope_remote_syn_recv_sockets')).toBe(1000);
    expect(sum('netscope_listening_sockets')).toBe(500);
    expect(text).toContain(`netscope_folded_keys{metric="netscope_remote_connections"} ${10_000 - DEFAULT_LIMITS.top}`);
  });

  it('a smaller N gives fewer series', async () => {
    const rows = manyPeers(2000, 100);
    const limits = { top: 5, maxListeners: 10 };
    const text = await renderMetrics(content(buildSocketSeries(rows, new Set(), limits)), PROMETHEUS_TEXT);
    expect(samples(text).length).toBeLessThanOrEqual(seriesBound(limits));
    expect(samples(text).filter((s) => s.name === 'netscope_listening_sockets')).toHaveLength(11);
  });
});

describe('the shipped Grafana dashboard and alert rules', () => {
  it('use only series the exporter exports', async () => {
    const rows = [
      listener(443),
      ...Array.from({ length: 60 }, (_, i) => tcp('10.0.0.5', 443, '203.0.113.9', 20_000 + i, 'SYN_RECV', null)),
    ];
    const text = await renderMetrics(content(buildSocketSeries(rows, new Set())), PROMETHEUS_TEXT);
    const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string));
    const root = join(__dirname, '..', '..', '..', 'resources');
    const dashboard = readFileSync(join(root, 'grafana', 'netscope-dashboard.json'), 'utf8');
    const rules = readFileSync(join(root, 'prometheus', 'netscope-rules.yml'), 'utf8');
    const used = new Set([...`${dashboard}\n${rules}`.matchAll(/\bnetscope_[a-z_]+/g)].map((m) => m[0]));
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(exported.has(name), name).toBe(true);
  });
});

describe('peers as labels', () => {
  it('one canonical text per address, its /24 or /64, and whether it is loopback', () => {
    expect(describePeer('203.0.113.9')).toEqual({ address: '203.0.113.9', subnet: '203.0.113.0/24', loopback: false });
    expect(describePeer('127.0.0.53')).toEqual({ address: '127.0.0.53', subnet: '127.0.0.0/24', loopback: true });
    expect(describePeer('::ffff:203.0.113.9')).toEqual(describePeer('203.0.113.9'));
    expect(describePeer('010.1.2.3')).toMatchObject({ subnet: '8.1.2.0/24' }); // inet_aton's octal, as the kernel reads it
    expect(describePeer('2001:DB8:1:2:0:0:0:9')).toEqual({
      address: '2001:db8:1:2::9',
      subnet: '2001:db8:1:2::/64',
      loopback: false,
    });
    expect(describePeer('::1').loopback).toBe(true);
    expect(describePeer('fe80::1%eth0')).toMatchObject({ address: 'fe80::1', subnet: 'fe80::/64' });
    expect(describePeer('not-an-address')).toEqual({
      address: 'not-an-address',
      subnet: 'not-an-address',
      loopback: false,
    });
  });
});
