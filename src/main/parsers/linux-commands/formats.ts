/**
 * Saved Linux command outputs that `netscope import` recognises (the /proc/net
 * files are in ../linux). detect() reads the first lines only.
 */
import type { FormatSpec } from '../format';
import { parseIpRoute, parseIpRouteJson } from './ip-route';
import { LinuxNetstatReader, parseLinuxNetstat } from './netstat';
import { parseLinuxNetstatI } from './netstat-i';
import { detectNetstatS, parseNetstatS } from './netstat-s';
import { parseLinuxRoute } from './route';
import { endpointStyle, headLines } from './socket-text';
import { isSsSummary, parseSs, SsReader } from './ss';

/** ss's header; State is left out when one state is chosen (`ss -t state established`, `ss -u`: ss-facts.ts). */
const SS_HEADER = /^(Netid\s+)?(State\s+)?Recv-Q\s+Send-Q\s+Local Address:Port\s+Peer Address:Port/;

function detectSs(text: string): number {
  const lines = headLines(text, 5);
  if (lines.some((l) => SS_HEADER.test(l.trim()))) {
    return 0.95;
  }
  return isSsSummary(text.slice(0, 4000)) ? 0.9 : 0;
}

function detectLinuxNetstat(text: string): number {
  let linux = 0;
  let other = 0;
  let header = false;
  // `netstat -x` alone: only the UNIX section.
  let unixHeader = false;
  for (const line of headLines(text, 60)) {
    const trimmed = line.trim();
    if (/^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+State\b/.test(trimmed)) header = true;
    if (/^Proto\s+RefCnt\s+Flags\s+Type\s+State\s+I-Node\b/.test(trimmed)) unixHeader = true;
    const m = /^(tcp|udp|raw|udpl)6?\s+\d+\s+\d+\s+(\S+)/.exec(trimmed);
    if (!m) continue;
    if (endpointStyle(m[2] ?? '') === 'colon') linux++;
    else other++;
  }
  if (other > linux) return 0;
  if (linux > 0) return header ? 0.95 : 0.8;
  // 'netstat -l' with only UNIX sockets listening still has the Internet header.
  return header ? 0.6 : unixHeader ? 0.9 : 0;
}

function detectRoute(text: string): number {
  const first = (headLines(text, 1)[0] ?? '').trim();
  return /^Kernel IP(v6)? routing table$/.test(first) ? 0.95 : 0;
}

const IP_ROUTE_LINE =
  /^(?:(?:unicast|local|broadcast|multicast|anycast|unreachable|blackhole|prohibit|throw|nat)\s+)?(?:default|[0-9a-fA-F:.]+(?:\/\d+)?)\s+(?:via|dev|proto|scope|metric|table|src|from)\s/;

function detectIpRoute(text: string): number {
  const lines = headLines(text, 20).filter((l) => !/^\s/.test(l));
  if (lines.length === 0) return 0;
  const matching = lines.filter((l) => IP_ROUTE_LINE.test(l)).length;
  const hasDev = lines.some((l) => /\sdev\s/.test(l));
  return hasDev && matching / lines.length >= 0.8 ? 0.9 : 0;
}

function detectIpRouteJson(text: string): number {
  return /^\s*\[\s*(\]|\{\s*"(dst|type)"\s*:)/.test(text.slice(0, 200)) ? 0.95 : 0;
}

function detectNetstatI(text: string): number {
  const first = headLines(text, 2).map((l) => l.trim());
  if (first[0] === 'Kernel Interface table') return 0.95;
  return /^Iface\s+MTU\s+(Met\s+)?RX-OK\s+RX-ERR/.test(first[0] ?? '') ? 0.9 : 0;
}

export const LINUX_COMMAND_FORMATS: FormatSpec[] = [
  {
    id: 'linux-ss',
    label: 'Linux ss (-tunap, -ant, -s ...)',
    detect: detectSs,
    parse: parseSs,
    // A summary (ss -s) is a few lines: big files are socket listings.
    stream: (onRow) => new SsReader(onRow),
  },
  {
    id: 'linux-netstat',
    label: 'Linux netstat -tunap (net-tools)',
    detect: detectLinuxNetstat,
    parse: parseLinuxNetstat,
    stream: (onRow) => new LinuxNetstatReader(onRow),
  },
  { id: 'linux-route-n', label: 'Linux route -n / netstat -r', detect: detectRoute, parse: parseLinuxRoute },
  { id: 'linux-ip-route', label: 'Linux ip route', detect: detectIpRoute, parse: parseIpRoute },
  { id: 'linux-ip-route-json', label: 'Linux ip -j route (JSON)', detect: detectIpRouteJson, parse: parseIpRouteJson },
  { id: 'linux-netstat-i', label: 'Linux netstat -i', detect: detectNetstatI, parse: parseLinuxNetstatI },
  {
    id: 'linux-netstat-s',
    label: 'Linux netstat -s',
    detect: (t) =>
      detectNetstatS(t, /^(Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt|Ip6|Icmp6|Udp6|UdpLite6|Sctp):$/),
    parse: parseNetstatS,
  },
];
