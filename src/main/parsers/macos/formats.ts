/**
 * Saved macOS/BSD command outputs that `netscope import` recognises. detect()
 * reads only the first lines; the shapes are chosen so that these specs do not
 * claim Windows ('TCP    0.0.0.0:135') or Linux ('tcp  0  0 127.0.0.1:5000')
 * netstat output: BSD rows put the port after a dot.
 */
import type { FormatSpec } from '../format';
import { BSD_PROTO, BsdNetstatReader, parseBsdNetstat } from './netstat-an';
import { parseBsdNetstatI } from './netstat-ibn';
import { parseBsdRoutes } from './netstat-rn';
import { looksLikeLsofFields, LsofReader, parseLsof } from './lsof';
import { detectNetstatS, parseNetstatS } from '../linux-commands/netstat-s';
import { endpointStyle, headLines } from '../linux-commands/socket-text';

function detectBsdNetstat(text: string): number {
  let bsd = 0;
  let other = 0;
  let header = false;
  // `netstat -f unix`: only the UNIX section, with its own header.
  let unixHeader = false;
  for (const line of headLines(text, 60)) {
    if (/^Address\s+Type\s+Recv-Q\s+Send-Q\s+Inode\s+Conn\b/.test(line.trim())) unixHeader = true;
    if (/^\S*\s*Proto\b.*Local Address/.test(line.trim()) || /^Tcpcb\s+Proto/.test(line)) {
      header = header || /\(state\)|Rexmit/.test(line);
      continue;
    }
    const tokens = line.trim().split(/\s+/);
    const protoAt = tokens.findIndex((t) => BSD_PROTO.test(t));
    if (protoAt < 0 || protoAt > 2) continue;
    const addr = tokens.slice(protoAt + 1).find((t) => !/^\d+$/.test(t)) ?? '';
    if (endpointStyle(addr) === 'dot') bsd++;
    else other++;
  }
  if (bsd === 0 || other > bsd) return header && bsd + other === 0 ? 0.6 : unixHeader && bsd + other === 0 ? 0.9 : 0;
  return header ? 0.95 : 0.85;
}

function detectBsdRoutes(text: string): number {
  const lines = headLines(text, 10).map((l) => l.trim());
  const header = lines.some((l) => /^Destination\s+Gateway\s+Flags\b.*\bNetif\b/.test(l));
  if (!header) return 0;
  return lines.some((l) => l === 'Internet:' || l === 'Internet6:' || l === 'Routing tables') ? 0.95 : 0.9;
}

function detectBsdInterfaces(text: string): number {
  const first = headLines(text, 3).map((l) => l.trim());
  return first.some((l) => /^Name\s+Mtu\s+Network\s+Address\s+Ipkts\b/.test(l)) ? 0.95 : 0;
}

function detectLsof(text: string): number {
  const first = headLines(text, 2)[0] ?? '';
  if (/^COMMAND\s+PID\s+(TID\s+)?(TASKCMD\s+)?USER\s+FD\s+TYPE\s+DEVICE\s+SIZE\/OFF\s+NODE\s+NAME/.test(first))
    return 0.95;
  return looksLikeLsofFields(text) ? 0.9 : 0;
}

export const MACOS_FORMATS: FormatSpec[] = [
  {
    id: 'macos-lsof',
    label: 'lsof -i / lsof -F (macOS, Linux)',
    detect: detectLsof,
    parse: (t) => parseLsof(t),
    stream: (onRow) => new LsofReader({}, onRow),
  },
  {
    id: 'macos-netstat-anv',
    label: 'macOS/BSD netstat -an[v]',
    detect: detectBsdNetstat,
    parse: (t) => parseBsdNetstat(t),
    stream: (onRow) => new BsdNetstatReader({}, onRow),
  },
  { id: 'macos-netstat-rn', label: 'macOS/BSD netstat -rn', detect: detectBsdRoutes, parse: parseBsdRoutes },
  { id: 'macos-netstat-ibn', label: 'macOS/BSD netstat -ibn', detect: detectBsdInterfaces, parse: parseBsdNetstatI },
  {
    id: 'macos-netstat-s',
    label: 'macOS/BSD netstat -s',
    detect: (t) =>
      detectNetstatS(
        t,
        /^(tcp|udp|ip|icmp|igmp|ip6|icmp6|ipsec|ipsec6|arp|rip6|pfkey|mptcp|divert|carp|pfsync|sctp|ipcomp|ah|esp|pim|rip|ddp):$/,
      ),
    parse: parseNetstatS,
  },
];
