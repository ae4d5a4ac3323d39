/**
 * Small pieces shared by the Windows parsers: lines, endpoints and states.
 * Windows prints endpoints as 'ip:port' joined, IPv6 in brackets
 * ('[fe80::1%12]:135'), '*:*' for unconnected UDP, and with name resolution
 * 'host:port' or even 'host:https'.
 */
import type { SocketState } from '../../../shared/model';
import { STATE_WORDS } from './netstat-words';

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function tokens(line: string): string[] {
  // A scan rather than trim().split(/\s+/): the import tokenizes millions of lines.
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    out.push(line.slice(start, i));
  }
  return out;
}

/** What /\s/ matches: ASCII whitespace, NBSP, the Unicode spaces, line separators and the BOM. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export interface Endpoint {
  address: string;
  port: number;
  /** The port was a service name we do not know (netstat without -n); port is then 0. */
  unresolvedPort: boolean;
}

/** Service names netstat prints instead of ports when it resolves names (no -n). */
const SERVICE_PORTS: Readonly<Record<string, number>> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  kerberos: 88,
  pop3: 110,
  epmap: 135,
  'netbios-ns': 137,
  'netbios-dgm': 138,
  'netbios-ssn': 139,
  imap: 143,
  snmp: 161,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  isakmp: 500,
  submission: 587,
  ldaps: 636,
  imaps: 993,
  pop3s: 995,
  'ms-sql-s': 1433,
  'ms-wbt-server': 3389,
  llmnr: 5355,
  'ws-discovery': 3702,
  ssdp: 1900,
  mdns: 5353,
  wsd: 5357,
  'http-alt': 8080,
};

/** Parses 'ip:port', '[v6]:port', '*:*' or 'host:service'. Returns null when there is no ':'. */
export function parseEndpoint(text: string): Endpoint | null {
  let address: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.lastIndexOf(']');
    if (close < 0 || text[close + 1] !== ':') return null;
    address = text.slice(1, close);
    portText = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon <= 0) return null;
    address = text.slice(0, colon);
    portText = text.slice(colon + 1);
  }
  if (address.length === 0 || portText.length === 0) return null;
  if (portText === '*') return { address, port: 0, unresolvedPort: false };
  // All digits is a port number, never a service name: '100000' is a broken port, not an unknown service.
  if (/^\d+$/.test(portText)) {
    const port = Number(portText);
    return port <= 65535 ? { address, port, unresolvedPort: false } : null;
  }
  const known = SERVICE_PORTS[portText.toLowerCase()];
  if (known !== undefined) return { address, port: known, unresolvedPort: false };
  return /^[\w.-]+$/.test(portText) ? { address, port: 0, unresolvedPort: true } : null;
}

export function isUnspecifiedRemote(endpoint: Endpoint): boolean {
  return ['0.0.0.0', '::', '*'].includes(endpoint.address) && endpoint.port === 0;
}

/**
 * The normalized state of a netstat line. Known words in any language map
 * directly; otherwise the structure decides (UDP has no state, a TCP socket with
 * no remote is listening) and a word we cannot place becomes UNKNOWN.
 */
export function normalizeState(protocol: 'tcp' | 'udp', word: string, remote: Endpoint | null): SocketState {
  if (protocol === 'udp') return 'NONE';
  const upper = word.trim().toUpperCase();
  const known = STATE_WORDS[upper] ?? STATE_WORDS[upper.replace(/[\s-]+/g, '_')];
  if (known) return known;
  if (remote && isUnspecifiedRemote(remote)) return 'LISTEN';
  return 'UNKNOWN';
}

/** MIB_TCP_STATE and Get-NetTCPConnection's State enum share the numbers 1..12 (plus Bound = 100). */
const MIB_TCP_STATES: readonly SocketState[] = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'DELETE_TCB',
];

export function mibTcpState(value: number): SocketState {
  if (value === 100) return 'CLOSED';
  return MIB_TCP_STATES[value - 1] ?? 'UNKNOWN';
}

/** Digits only, possibly with thousands separators some locales add ('1 234', '1.234', '1,234'). */
export function parseCount(text: string): number | null {
  const cleaned = text.replace(/[\s.,\u00a0\u202f']/g, '');
  if (!/^\d+$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isSafeInteger(value) ? value : null;
}

export const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIpv4(text: string): boolean {
  const m = IPV4.exec(text);
  return m !== null && m.slice(1).every((part) => Number(part) <= 255);
}

/** Prefix length of a dotted netmask; null for non-contiguous masks. */
export function maskToPrefix(mask: string): number | null {
  if (!isIpv4(mask)) return null;
  const bits = mask
    .split('.')
    .map((part) => Number(part).toString(2).padStart(8, '0'))
    .join('');
  if (!/^1*0*$/.test(bits)) return null;
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}
