/**
 * Every captured output in ../shared/fixtures goes through importBytes with the
 * full list of formats. The expected format comes from the file name (table
 * below, written by reading the files), and the row count is counted here
 * independently with a plain line test, so a parser that drops or invents rows fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/shared/model';
import { importBytes } from '../src/main/import';
import { fixturesPath, fixturesPresent } from './helpers/fixtures';

const ROOT = fixturesPath();
const present = fixturesPresent('', 'import corpus test');

type Kind = 'connections' | 'routes' | 'interfaces' | 'protocolStats' | 'unixSockets';
interface Expectation {
  format: string;
  kind: Kind;
  /** Rows the file holds, counted by a simple line test. */
  count: (text: string) => number;
}

const lines = (text: string): string[] => text.split(/\r?\n/);
const countLines = (re: RegExp) => (text: string) => lines(text).filter((l) => re.test(l)).length;
const nonEmptyExcept = (re: RegExp) => (text: string) =>
  lines(text).filter((l) => l.trim() !== '' && !re.test(l.trim())).length;
const sectionHeaders = countLines(/^[A-Za-z][\w-]*:$/);
const distinctPrefixes = (re: RegExp) => (text: string) =>
  new Set(
    lines(text)
      .map((l) => re.exec(l)?.[1])
      .filter((p) => p !== undefined),
  ).size;

const BSD_SOCKET = countLines(/^(?:[0-9a-f]+\s+){0,2}(tcp|udp|icm)(4|6|46)?\s/);
const LINUX_NETSTAT = countLines(/^(tcp|udp|raw|udpl)6?\s+\d/);
const SS_NETID = countLines(/^(tcp|udp|raw|icmp6)\s/);
const SS_STATE = countLines(
  /^(ESTAB|LISTEN|UNCONN|TIME-WAIT|CLOSE-WAIT|SYN-SENT|SYN-RECV|FIN-WAIT-[12]|LAST-ACK|CLOSING)\s/,
);
// Rows of a network file with no TID (thread rows repeat their process's socket).
const LSOF = countLines(/^\S+\s+\d+\s+\S+\s+\S+\s+IPv[46]\s/);
const WINDOWS_SOCKETS = countLines(/^\s*(TCP|UDP)\s+\S/);
const WINDOWS_ROUTES = (text: string): number =>
  // IPv4 active (destination, netmask, gateway, interface, metric), IPv4 persistent
  // (network, netmask, gateway, metric or 'Default'), IPv6 (if, metric, destination[/prefix]).
  countLines(/^\s*(\d{1,3}\.){3}\d{1,3}\s+(\d{1,3}\.){3}\d{1,3}\s+\S+\s+\S+\s+\d+\s*$/)(text) +
  countLines(
    /^\s*(\d{1,3}\.){3}\d{1,3}\s+(\d{1,3}\.){3}\d{1,3}\s+(\d{1,3}\.){3}\d{1,3}\s+(\d+|Default|Par défaut)\s*$/,
  )(text) +
  countLines(/^\s*\d+\s+\d+\s+[0-9a-fA-F:]+(\/\d+)?\s*/)(text);
const PROC_UNIX = countLines(/^[0-9a-f]+: [0-9A-F]{8} /);
const PROC_SOCKETS = countLines(/^\s*\d+:\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\s/);

/** The format and row test by file-name prefix; the longest matching prefix wins. */
const BY_PREFIX: [string, Expectation][] = [
  ['windows/netstat-a', { format: 'windows-netstat-an', kind: 'connections', count: WINDOWS_SOCKETS }],
  ['windows/netstat-b', { format: 'windows-netstat-an', kind: 'connections', count: WINDOWS_SOCKETS }],
  ['windows/netstat-resolved', { format: 'windows-netstat-an', kind: 'connections', count: WINDOWS_SOCKETS }],
  ['windows/netstat-e-', { format: 'windows-netstat-e', kind: 'interfaces', count: () => 1 }],
  [
    'windows/netstat-e-s',
    { format: 'windows-netstat-s', kind: 'protocolStats', count: countLines(/^(?!\s*Interface\b).*Statistics\b/) },
  ],
  [
    'windows/get-nettcpconnection',
    { format: 'windows-get-nettcpconnection', kind: 'connections', count: countLines(/"LocalAddress"/) },
  ],
  ['windows/route-print', { format: 'windows-route-print', kind: 'routes', count: WINDOWS_ROUTES }],
  ['macos/lsof', { format: 'macos-lsof', kind: 'connections', count: LSOF }],
  ['macos/netstat-', { format: 'macos-netstat-anv', kind: 'connections', count: BSD_SOCKET }],
  ['macos/netstat--', { format: 'macos-netstat-anv', kind: 'connections', count: BSD_SOCKET }],
  ['macos/netstat-i', { format: 'macos-netstat-ibn', kind: 'interfaces', count: countLines(/<Link#\d+>/) }],
  [
    'macos/netstat-r',
    {
      format: 'macos-netstat-rn',
      kind: 'routes',
      count: nonEmptyExcept(/^(Routing tables|Internet6?:|Destination\s)/),
    },
  ],
  ['macos/netstat-s', { format: 'macos-netstat-s', kind: 'protocolStats', count: sectionHeaders }],
  ['linux/lsof', { format: 'macos-lsof', kind: 'connections', count: LSOF }],
  ['linux/netstat-', { format: 'linux-netstat', kind: 'connections', count: LINUX_NETSTAT }],
  ['linux/netstat--', { format: 'linux-netstat', kind: 'connections', count: LINUX_NETSTAT }],
  [
    'linux/netstat-i',
    { format: 'linux-netstat-i', kind: 'interfaces', count: nonEmptyExcept(/^(Kernel Interface table|Iface\s)/) },
  ],
  ['linux/netstat-r', { format: 'linux-route-n', kind: 'routes', count: nonEmptyExcept(/^(Kernel IP|Destination\s)/) }],
  ['linux/route', { format: 'linux-route-n', kind: 'routes', count: nonEmptyExcept(/^(Kernel IP|Destination\s)/) }],
  ['linux/netstat-s', { format: 'linux-netstat-s', kind: 'protocolStats', count: sectionHeaders }],
  ['linux/ss-', { format: 'linux-ss', kind: 'connections', count: SS_NETID }],
  ['linux/ss-ant', { format: 'linux-ss', kind: 'connections', count: SS_STATE }],
  ['linux/ss-s-', { format: 'linux-ss', kind: 'connections', count: () => 0 }],
  ['linux/ip-route', { format: 'linux-ip-route', kind: 'routes', count: countLines(/^\S/) }],
  ['linux/ip-j-route', { format: 'linux-ip-route-json', kind: 'routes', count: (t) => t.split('"dst"').length - 1 }],
  ['linux/proc-net-tcp', { format: 'linux-proc-net-tcp', kind: 'connections', count: PROC_SOCKETS }],
  ['linux/proc-net-udp', { format: 'linux-proc-net-udp', kind: 'connections', count: PROC_SOCKETS }],
  ['linux/proc-net-unix', { format: 'linux-proc-net-unix', kind: 'unixSockets', count: PROC_UNIX }],
  ['linux/proc-net-route', { format: 'linux-proc-net-route', kind: 'routes', count: nonEmptyExcept(/^Iface\s/) }],
  [
    'linux/proc-net-ipv6-route',
    { format: 'linux-proc-net-ipv6-route', kind: 'routes', count: countLines(/^[0-9a-f]{32}\s/) },
  ],
  ['linux/proc-net-dev', { format: 'linux-proc-net-dev', kind: 'interfaces', count: countLines(/^\s*[\w.-]+:\s*\d/) }],
  ['linux/proc-net-snmp', { format: 'linux-proc-net-snmp', kind: 'protocolStats', count: distinctPrefixes(/^(\w+):/) }],
  [
    'linux/proc-net-netstat',
    { format: 'linux-proc-net-netstat', kind: 'protocolStats', count: distinctPrefixes(/^(\w+):/) },
  ],
  [
    'linux/proc-net-snmp6',
    { format: 'linux-proc-net-snmp6', kind: 'protocolStats', count: distinctPrefixes(/^(Ip6|Icmp6|Udp6|UdpLite6)/) },
  ],
  // Per-interface snmp6 also has an 'ifIndex' line, which the parser files under an 'Other' group.
  [
    'linux/proc-net-dev-snmp6',
    {
      format: 'linux-proc-net-snmp6',
      kind: 'protocolStats',
      count: (t) => distinctPrefixes(/^(Ip6|Icmp6|Udp6|UdpLite6)/)(t) + countLines(/^ifIndex\s/)(t),
    },
  ],
];

/** Files whose name says one thing and content another. */
const OVERRIDES: Record<string, Partial<Expectation>> = {
  // The procfs test fixture named 'udp' holds TCP-layout rows (state 0A, tm->when columns): SOURCES.md calls it hand-tuned.
  'linux/proc-net-udp--procfs--1.txt': { format: 'linux-proc-net-tcp' },
};

/** Files that are no format NetScope imports (not sockets, routes, counters): expected ok:false. */
const NO_FORMAT = new Set([
  'linux/ip-j-addr--unknown-nixos-installer-log--1.txt', // address inventory, no routes or counters
  'linux/proc-net-arp--jc--1.txt',
  'linux/proc-net-arp--procfs--1.txt',
  'linux/proc-net-dev-mcast--jc--1.txt',
  'linux/proc-net-if-inet6--jc--1.txt',
  'linux/proc-net-igmp--jc--1.txt',
  'linux/proc-net-igmp6--jc--1.txt',
  'linux/proc-net-netlink--jc--1.txt',
  'linux/proc-net-packet--jc--1.txt',
  'linux/proc-net-protocols--jc--1.txt',
  'linux/proc-net-sockstat--insights-core--1.txt',
  'linux/proc-net-sockstat--procfs--1.txt',
  'linux/proc-net-sockstat6--procfs--1.txt',
  'linux/proc-net-softnet-stat--procfs--1.txt',
]);

function expectationFor(file: string): Expectation | null {
  let best: [string, Expectation] | null = null;
  for (const entry of BY_PREFIX) {
    if (file.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? { ...best[1], ...OVERRIDES[file] } : null;
}

function rows(snapshot: Snapshot, kind: Kind): number {
  if (kind === 'protocolStats') return Object.keys(snapshot.protocolStats).length;
  if (kind === 'unixSockets') return snapshot.unixSockets?.length ?? 0;
  return snapshot[kind].length;
}

const files = present
  ? ['windows', 'macos', 'linux'].flatMap((dir) =>
      existsSync(path.join(ROOT, dir))
        ? readdirSync(path.join(ROOT, dir))
            .sort()
            .map((f) => `${dir}/${f}`)
        : [],
    )
  : [];

describe.skipIf(!present)('import corpus: every fixture through importBytes', () => {
  it('knows what to expect of every file', () => {
    const unknown = files.filter((f) => !NO_FORMAT.has(f) && expectationFor(f) === null);
    expect(unknown).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.filter((f) => NO_FORMAT.has(f)))('%s matches no format', (file) => {
    const outcome = importBytes(readFileSync(path.join(ROOT, file)), file);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatch(/Known formats: /);
  });

  it.each(files.filter((f) => !NO_FORMAT.has(f)))('%s', (file) => {
    const expected = expectationFor(file);
    if (!expected) throw new Error(`no expectation for ${file}`);
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const outcome = importBytes(readFileSync(path.join(ROOT, file)), file);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.format.id).toBe(expected.format);
    expect(outcome.snapshot.source).toMatchObject({ kind: 'import', file });
    expect(rows(outcome.snapshot, expected.kind)).toBe(expected.count(text));
    if (file.startsWith('linux/ss-s-')) expect(outcome.snapshot.collectors[0]?.warnings.join()).toMatch(/summary/);
  });
});
