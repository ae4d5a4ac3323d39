/**
 * The /proc/net files as `netscope import` formats. Saved text may come from a
 * host of either byte order, so the socket and route specs guess it from the
 * addresses (see hex-address.ts) instead of assuming this machine's.
 */
import type { Protocol } from '../../../shared/model';
import type { FormatSpec, ParseResult } from '../format';
import { guessEndiannessOfHexAddresses } from './hex-address';
import { parseProcNetDev } from './proc-net-dev';
import { guessRouteEndianness, parseProcNetIpv6Route, parseProcNetRoute } from './proc-net-route';
import { parseProcNetSnmp, parseProcNetSnmp6 } from './proc-net-snmp';
import { parseProcNetSockets, sampleSocketHexAddresses } from './proc-net-sockets';
import { PROC_NET_UNIX_HEADER, parseProcNetUnix } from './proc-net-unix';

function firstLines(text: string, count: number): string[] {
  return text
    .slice(0, 8192)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, count);
}

const SOCKET_HEADER =
  /^sl\s+local_address\s+(rem|remote)_address\s+st\s+tx_queue\s+rx_queue\s+tr\s+tm->when\s+retrnsmt\s+uid\s+timeout\s+inode\b/;
const SOCKET_ROW =
  /^\d+:\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})\s+[0-9A-Fa-f]{2}\s/;

/** IP protocol numbers that raw sockets are usually opened for (ICMP, IGMP, ICMPv6, OSPF, VRRP, PIM, IPPROTO_RAW ...). */
const RAW_PROTOCOLS = new Set([1, 2, 4, 6, 17, 41, 47, 50, 51, 58, 89, 103, 112, 132, 255]);

/** Whether every data row looks like a raw socket's: the 'port' is a protocol number and the remote port is 0 or the same. */
function rowsLookRaw(lines: string[]): boolean {
  let rows = 0;
  for (const line of lines) {
    const m = SOCKET_ROW.exec(line);
    if (!m) continue;
    rows++;
    const local = parseInt(m[2] as string, 16);
    const remote = parseInt(m[4] as string, 16);
    if (!RAW_PROTOCOLS.has(local) || (remote !== 0 && remote !== local)) return false;
  }
  return rows > 0;
}

/**
 * tcp has no 'ref pointer drops' columns; udp and raw share their header, and are
 * told apart (a guess, hence the lower scores) by the ports of the rows.
 */
function socketConfidence(text: string, protocol: Protocol): number {
  const lines = firstLines(text, 50);
  const header = lines[0] ?? '';
  if (!SOCKET_HEADER.test(header)) return 0;
  const hasDrops = /\bref\s+pointer\s+drops\b/.test(header);
  if (!hasDrops) return protocol === 'tcp' ? 0.95 : 0.3;
  if (protocol === 'tcp') return 0.2;
  const raw = rowsLookRaw(lines.slice(1));
  if (protocol === 'raw') return raw ? 0.8 : 0.4;
  return raw ? 0.7 : 0.9;
}

function parseSocketsOf(protocol: Protocol): (text: string) => ParseResult {
  return (text) => {
    const endianness = guessEndiannessOfHexAddresses(sampleSocketHexAddresses(text));
    const result = parseProcNetSockets(text, { protocol, endianness });
    if (endianness === 'be') result.warnings.push('Addresses read as written on a big-endian host.');
    return result;
  };
}

const socketSpec = (protocol: Protocol, label: string): FormatSpec => ({
  id: `linux-proc-net-${protocol}`,
  label,
  detect: (text) => socketConfidence(text, protocol),
  parse: parseSocketsOf(protocol),
});

const ROUTE_HEADER = /^Iface\s+Destination\s+Gateway\s+Flags\s+RefCnt\s+Use\s+Metric\s+Mask\s+MTU\s+Window\s+IRTT$/;
const IPV6_ROUTE_ROW =
  /^[0-9a-f]{32} [0-9a-f]{2} [0-9a-f]{32} [0-9a-f]{2} [0-9a-f]{32} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8}\s+\S+$/;
const DEV_HEADER = /^Inter-\|\s+Receive\s+\|\s+Transmit$/;
const SNMP_PAIR = /^(Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt|TlsExt):(\s+[A-Za-z]\w*)+$/;
// dev_snmp6/<if> has the same rows after an 'ifIndex' line.
const SNMP6_ROW = /^((Ip6|Icmp6|Udp6|UdpLite6)[A-Za-z0-9]+|ifIndex)\s+\d+$/;

function snmpConfidence(text: string, netstat: boolean): number {
  const lines = firstLines(text, 2);
  const header = lines[0] ?? '';
  const values = lines[1] ?? '';
  if (!SNMP_PAIR.test(header)) return 0;
  const group = header.slice(0, header.indexOf(':') + 1);
  if (!values.startsWith(group)) return 0;
  const isNetstatGroup = /^(TcpExt|IpExt|MPTcpExt|TlsExt):/.test(header);
  return isNetstatGroup === netstat ? 0.95 : 0.3;
}

export const LINUX_PROC_FORMATS: FormatSpec[] = [
  socketSpec('tcp', 'Linux /proc/net/tcp or tcp6'),
  socketSpec('udp', 'Linux /proc/net/udp or udp6'),
  socketSpec('raw', 'Linux /proc/net/raw or raw6'),
  {
    id: 'linux-proc-net-route',
    label: 'Linux /proc/net/route',
    detect: (text) => (ROUTE_HEADER.test(firstLines(text, 1)[0] ?? '') ? 0.95 : 0),
    parse: (text) => parseProcNetRoute(text, { endianness: guessRouteEndianness(text) }),
  },
  {
    id: 'linux-proc-net-ipv6-route',
    label: 'Linux /proc/net/ipv6_route',
    detect: (text) => {
      const lines = firstLines(text, 5);
      return lines.length > 0 && lines.every((l) => IPV6_ROUTE_ROW.test(l)) ? 0.9 : 0;
    },
    parse: parseProcNetIpv6Route,
  },
  {
    id: 'linux-proc-net-unix',
    label: 'Linux /proc/net/unix',
    detect: (text) => (PROC_NET_UNIX_HEADER.test(firstLines(text, 1)[0] ?? '') ? 0.95 : 0),
    parse: parseProcNetUnix,
  },
  {
    id: 'linux-proc-net-dev',
    label: 'Linux /proc/net/dev',
    detect: (text) => (DEV_HEADER.test(firstLines(text, 1)[0] ?? '') ? 0.95 : 0),
    parse: parseProcNetDev,
  },
  {
    id: 'linux-proc-net-snmp',
    label: 'Linux /proc/net/snmp',
    detect: (text) => snmpConfidence(text, false),
    parse: parseProcNetSnmp,
  },
  {
    id: 'linux-proc-net-netstat',
    label: 'Linux /proc/net/netstat',
    detect: (text) => snmpConfidence(text, true),
    parse: parseProcNetSnmp,
  },
  {
    id: 'linux-proc-net-snmp6',
    label: 'Linux /proc/net/snmp6',
    detect: (text) => {
      const lines = firstLines(text, 5);
      return lines.length > 0 && lines.every((l) => SNMP6_ROW.test(l)) ? 0.9 : 0;
    },
    parse: parseProcNetSnmp6,
  },
];
