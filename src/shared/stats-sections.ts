/**
 * `-s` with `-p PROTO` (or `-t`, `-u`, `-4`, `-6`): only the chosen protocols'
 * sections, named as Windows netstat names them (IP, IPv6, ICMP, ICMPv6, TCP,
 * TCPv6, UDP, UDPv6). Each OS's section names map onto those: Linux's Tcp,
 * TcpExt and MPTcpExt are TCP (Linux counts TCP over both families there, so it
 * has no TCPv6 section), Windows' Tcp6 is TCPv6, macOS's tcp is TCP. Pure.
 */
import type { Family, Protocol, ProtocolStats } from './model';

export const STATS_PROTOCOLS = ['IP', 'IPv6', 'ICMP', 'ICMPv6', 'TCP', 'TCPv6', 'UDP', 'UDPv6'] as const;
export type StatsProtocol = (typeof STATS_PROTOCOLS)[number];

/** Section names by lower-case group; groups not listed (Arp, Igmp, Ipsec...) show only without a subset. */
const GROUP_PROTOCOL: Readonly<Record<string, StatsProtocol>> = {
  ip: 'IP',
  ipext: 'IP',
  ip6: 'IPv6',
  icmp: 'ICMP',
  icmpmsg: 'ICMP',
  icmp6: 'ICMPv6',
  tcp: 'TCP',
  tcpext: 'TCP',
  mptcpext: 'TCP',
  mptcp: 'TCP',
  tcp6: 'TCPv6',
  udp: 'UDP',
  udplite: 'UDP',
  udp6: 'UDPv6',
  udplite6: 'UDPv6',
};

export function statsProtocolOf(group: string): StatsProtocol | null {
  const key = group.toLowerCase();
  // Own keys only: a section named 'constructor' or '__proto__' (an imported file can hold any) is no protocol.
  return Object.prototype.hasOwnProperty.call(GROUP_PROTOCOL, key) ? (GROUP_PROTOCOL[key] ?? null) : null;
}

/** The v6 sections as the connection filter spells them (`-p tcp6`). */
const FILTER_SPELLINGS: ReadonlyMap<string, StatsProtocol> = new Map([
  ['tcp6', 'TCPv6'],
  ['udp6', 'UDPv6'],
]);

/** `-p` spellings for statistics: the seed's names in any case, and tcp6/udp6 as the connection filter spells them. */
export function statsProtocolFromName(name: string): StatsProtocol | null {
  const lower = name.toLowerCase();
  return STATS_PROTOCOLS.find((p) => p.toLowerCase() === lower) ?? FILTER_SPELLINGS.get(lower) ?? null;
}

/** The sections that `-t`, `-u`, `-w` (raw: IP and ICMP) and `-4`/`-6` stand for. */
export function statsProtocolsFor(protocols: readonly Protocol[], families: readonly Family[]): StatsProtocol[] {
  const wanted = protocols.length > 0 ? protocols : (['raw', 'tcp', 'udp'] as const);
  const fams = families.length > 0 ? families : ([4, 6] as const);
  const out = new Set<StatsProtocol>();
  for (const protocol of wanted) {
    for (const family of fams) {
      const v6 = family === 6 ? 'v6' : '';
      if (protocol === 'raw') out.add(family === 6 ? 'IPv6' : 'IP').add(`ICMP${v6}` as StatsProtocol);
      else out.add(`${protocol.toUpperCase()}${v6}` as StatsProtocol);
    }
  }
  return STATS_PROTOCOLS.filter((p) => out.has(p));
}

/** The statistics keeping only the chosen protocols' sections (all of them for null). */
export function selectStats(stats: ProtocolStats, chosen: readonly StatsProtocol[] | null): ProtocolStats {
  if (chosen === null) return stats;
  // A section no protocol names (null) is never among the chosen.
  const wanted: readonly (StatsProtocol | null)[] = chosen;
  const out: ProtocolStats = {};
  for (const [group, counters] of Object.entries(stats))
    if (wanted.includes(statsProtocolOf(group))) out[group] = counters;
  return out;
}

/** The chosen protocols that have no section here, for a note ("no TCPv6 section: Linux counts ..."). */
export function missingStats(stats: ProtocolStats, chosen: readonly StatsProtocol[] | null): StatsProtocol[] {
  if (chosen === null) return [];
  const present = new Set(Object.keys(stats).map(statsProtocolOf));
  return chosen.filter((p) => !present.has(p));
}
