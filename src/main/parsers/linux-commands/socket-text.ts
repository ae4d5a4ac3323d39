/**
 * Small text helpers shared by the command-output parsers (Linux ss/netstat/route
 * and the BSD/macOS netstat/lsof family): state names, service-name ports and
 * endpoint splitting. Pure; nothing here throws.
 */
import type { Family, SocketState } from '../../../shared/model';

/** Lines without their terminators (CRLF, LF or lone CR from old tools). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** A non-negative decimal integer, or null (so '-' and '' stay distinguishable from 0). */
export function toInt(token: string | undefined): number | null {
  if (token === undefined || !/^\d{1,15}$/.test(token)) return null;
  return Number(token);
}

const STATE_ALIASES: Record<string, SocketState> = {
  LISTEN: 'LISTEN',
  LISTENING: 'LISTEN',
  ESTAB: 'ESTABLISHED',
  ESTABLISHED: 'ESTABLISHED',
  SYN_SENT: 'SYN_SENT',
  SYN_RECV: 'SYN_RECV',
  SYN_RCVD: 'SYN_RECV',
  SYN_RECEIVED: 'SYN_RECV',
  FIN_WAIT1: 'FIN_WAIT1',
  FIN_WAIT_1: 'FIN_WAIT1',
  FIN_WAIT2: 'FIN_WAIT2',
  FIN_WAIT_2: 'FIN_WAIT2',
  CLOSE_WAIT: 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST_ACK',
  TIME_WAIT: 'TIME_WAIT',
  CLOSED: 'CLOSED',
  CLOSE: 'CLOSED',
  UNCONN: 'NONE',
  BOUND: 'NONE',
  IDLE: 'NONE',
  UNKNOWN: 'UNKNOWN',
};

/** The state word as a tool printed it ('ESTAB', 'SYN-RECV', 'FIN_WAIT_1', '(LISTEN)'), or null if it is not one. */
export function stateFromWord(word: string): SocketState | null {
  const key = word
    .replace(/^\(|\)$/g, '')
    .toUpperCase()
    .replace(/-/g, '_');
  return STATE_ALIASES[key] ?? null;
}

/**
 * Ports that resolving tools (netstat without -n, lsof without -P, ss without -n)
 * print by service name. Only the common ones: anything else becomes port 0 and
 * the caller keeps the row (the socket exists; only its port is unreadable).
 */
const SERVICE_PORTS: Record<string, number> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  http: 80,
  kerberos: 88,
  pop3: 110,
  sunrpc: 111,
  rpcbind: 111,
  auth: 113,
  ntp: 123,
  'netbios-ns': 137,
  'netbios-dgm': 138,
  'netbios-ssn': 139,
  imap: 143,
  snmp: 161,
  'snmp-trap': 162,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  syslog: 514,
  submission: 587,
  ipp: 631,
  ldaps: 636,
  imaps: 993,
  pop3s: 995,
  mysql: 3306,
  'ms-wbt-server': 3389,
  mdns: 5353,
  postgresql: 5432,
  x11: 6000,
  'http-alt': 8080,
  webcache: 8080,
  'ipv6-icmp': 0,
  icmp: 0,
  pds: 0,
};

/** '443' or 'https' -> 443; '*' -> 0; unknown service names -> 0; garbage -> null. */
export function portFromToken(token: string): number | null {
  if (token === '*' || token === '') return 0;
  const n = toInt(token);
  if (n !== null) return n <= 65535 ? n : null;
  if (/^[a-z][\w.+-]*$/i.test(token)) return SERVICE_PORTS[token.toLowerCase()] ?? 0;
  return null;
}

export interface Endpoint {
  address: string;
  port: number;
}

/**
 * Splits 'host:port' as ss, net-tools netstat and lsof print it: '[::1]:80',
 * '*:22', ':::111' (old IPv6 any), '::ffff:1.2.3.4:5678', 'fe80::1%eth0:123',
 * '[fe80::1]%eth0:546', '0.0.0.0%lo:53'. An IPv6 device or zone is kept as the
 * address's zone ('fe80::1%eth0', the model's spelling); an IPv4 or '*' one is
 * dropped: IPv4 text has no zone, so the model has no place for it.
 */
export function splitColonEndpoint(text: string): Endpoint | null {
  let host: string;
  let portText: string;
  // ss prints a socket's bound device after the bracket: '[fe80::1]%eth0:546' (sock_addr_print in ss.c).
  const bracket = /^\[([^\]]*)\](%[^:%\s]+)?:(.*)$/.exec(text);
  if (bracket) {
    const inner = bracket[1] ?? '';
    host = inner.includes('%') ? inner : inner + (bracket[2] ?? '');
    portText = bracket[3] ?? '';
  } else {
    // An opening bracket that does not close as above is not an address (it would read as '[::1]x').
    if (text.startsWith('[')) return null;
    const at = text.lastIndexOf(':');
    if (at < 0) return null;
    host = text.slice(0, at);
    portText = text.slice(at + 1);
    if (host === '') host = '*';
  }
  const port = portFromToken(portText);
  if (port === null || host === '') return null;
  return { address: cleanHost(host), port };
}

/** Splits BSD 'host.port' ('127.0.0.1.5000', '*.*', 'fe80::1%lo0.123', 'localhost.smtp'). */
export function splitDotEndpoint(text: string): Endpoint | null {
  const at = text.lastIndexOf('.');
  if (at <= 0) return null;
  const port = portFromToken(text.slice(at + 1));
  if (port === null) return null;
  return { address: text.slice(0, at), port };
}

function cleanHost(host: string): string {
  const zone = host.indexOf('%');
  if (zone < 0) return host;
  const base = host.slice(0, zone);
  // An IPv4 or wildcard address with a device suffix: the device is not part of the address.
  return base.includes(':') ? host : base || '*';
}

/** 6 for anything with a colon (IPv6, IPv4-mapped), 4 for dotted quads, null for names and wildcards. */
export function familyOfAddress(address: string): Family | null {
  if (address.includes(':')) return 6;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return 4;
  return null;
}

/** True when a string is one of the wildcard spellings ('*', '0.0.0.0', '::', '[::]'). */
export function isWildcard(address: string): boolean {
  return address === '*' || address === '0.0.0.0' || address === '::' || address === '[::]';
}

/** The live snapshot spells "any" as 0.0.0.0 / :: (the model's convention); imports keep '*'. */
export function liveWildcard(address: string, family: Family): string {
  return address === '*' ? (family === 6 ? '::' : '0.0.0.0') : address;
}

/** The first non-empty lines of a text (detect() must stay cheap on huge files). */
export function headLines(text: string, count = 40): string[] {
  return splitLines(text.slice(0, 16_000))
    .filter((l) => l.trim() !== '')
    .slice(0, count);
}

/** 'dot' for BSD endpoints (127.0.0.1.5000, *.*), 'colon' for Linux ones (127.0.0.1:5000, [::]:*). */
export function endpointStyle(token: string): 'dot' | 'colon' | null {
  const m = /[.:]([\w*-]+)$/.exec(token);
  if (!m) return null;
  return token.charAt(token.length - (m[1] ?? '').length - 1) === '.' ? 'dot' : 'colon';
}
