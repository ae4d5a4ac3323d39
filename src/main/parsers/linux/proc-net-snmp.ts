/**
 * /proc/net/snmp and /proc/net/netstat: pairs of lines, names then values,
 * both prefixed with the group ('Tcp: RtoAlgorithm RtoMin ...' / 'Tcp: 1 200 ...').
 * /proc/net/snmp6 (and dev_snmp6/<if>): one 'Ip6InReceives   123' per line, the
 * group being the name up to its first '6' (Ip6, Icmp6, Udp6, UdpLite6).
 */
import type { ProtocolStats } from '../../../shared/model';
import type { ParseResult } from '../format';

const GROUP = /^([A-Za-z][A-Za-z0-9]*):$/;
const NUMBER = /^-?\d+$/;

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function addTo(stats: ProtocolStats, group: string, name: string, value: number): void {
  const target = stats[group] ?? (stats[group] = {});
  target[name] = value;
}

/**
 * What parseProcNetSnmp() made of each header and value line pair of a file's last text, by header line: the next
 * parse of that file reuses a group's counters object where both lines read the same. WHY: /proc/net/snmp and
 * /proc/net/netstat are read every refresh and some counter moves in nearly every read, but most groups (IcmpMsg,
 * Udp, IpExt, MPTcpExt ...) do not; their objects are then the last refresh's, which the snapshot diff compares by
 * identity, and an idle refresh splits and parses only the lines that changed (issue 11).
 */
export class SnmpPairMemo {
  pairs = new Map<string, { values: string; group: string; counters: Record<string, number> }>();
}

/**
 * `memo` (optional): reuse the counters of pairs whose lines are those of the file's last parse (SnmpPairMemo); the
 * result equals a parse without it. Counters objects taken from the memo are shared: never write into them.
 */
export function parseProcNetSnmp(text: string, memo?: SnmpPairMemo): ParseResult {
  const stats: ProtocolStats = {};
  const skipped: string[] = [];
  const warnings: string[] = [];
  const seen = memo ? new Map<string, { values: string; group: string; counters: Record<string, number> }>() : null;
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (let i = 0; i < lines.length; i++) {
    const headerLine = lines[i] as string;
    const next = lines[i + 1];
    const known = memo?.pairs.get(headerLine);
    if (known !== undefined && next === known.values && !hasOwn(stats, known.group)) {
      stats[known.group] = known.counters;
      seen?.set(headerLine, known);
      i++;
      continue;
    }
    const header = headerLine.split(/\s+/);
    const group = GROUP.exec(header[0] ?? '')?.[1];
    const values = next?.split(/\s+/);
    // A header line is followed by a value line with the same prefix, all numbers.
    if (!group || !values || values[0] !== header[0] || !values.slice(1).every((v) => NUMBER.test(v))) {
      skipped.push(headerLine);
      continue;
    }
    const names = header.slice(1);
    if (names.some((n) => NUMBER.test(n))) {
      skipped.push(headerLine);
      continue;
    }
    const whole = names.length === values.length - 1;
    if (!whole) {
      warnings.push(`${group}: ${names.length} names but ${values.length - 1} values; the extra ones were ignored`);
    }
    // A group met twice in one text adds to the first pair's counters: a copy, if those came from the memo.
    const before = hasOwn(stats, group) ? stats[group] : undefined;
    if (before !== undefined && seen !== null) stats[group] = { ...before };
    // An empty group (e.g. 'IcmpMsg:' on an idle host) still appears, with no counters.
    if (!stats[group]) stats[group] = {};
    const count = Math.min(names.length, values.length - 1);
    for (let k = 0; k < count; k++) addTo(stats, group, names[k] as string, Number(values[k + 1]));
    // Only a pair that stands alone (no warning to repeat, its group met once so far) is reused next time.
    if (seen !== null && whole && before === undefined && hasOwn(stats, group))
      seen.set(headerLine, { values: next as string, group, counters: stats[group] as Record<string, number> });
    i++;
  }
  if (memo && seen) memo.pairs = seen;
  return { data: { protocolStats: stats }, skipped, warnings };
}

const SNMP6_NAME = /^([A-Za-z]+?6)([A-Za-z0-9_]+)$/;

export function parseProcNetSnmp6(text: string): ParseResult {
  const stats: ProtocolStats = {};
  const skipped: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const [name, value, extra] = line.split(/\s+/);
    if (!name || !value || extra !== undefined || !NUMBER.test(value) || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      skipped.push(line);
      continue;
    }
    const match = SNMP6_NAME.exec(name);
    // dev_snmp6/<if> starts with 'ifIndex', which belongs to no protocol.
    if (match) addTo(stats, match[1] as string, match[2] as string, Number(value));
    else addTo(stats, 'Other', name, Number(value));
  }
  return { data: { protocolStats: stats }, skipped, warnings: [] };
}

/**
 * Merges groups of several files into one (later files win on a clash). A group only one part has is that part's
 * object, not a copy. WHY: copying ~300 counters a refresh into objects too big for V8's fast properties was the most
 * allocating step of an idle refresh (issue 11); parsed groups are never written to.
 */
export function mergeProtocolStats(...parts: (ProtocolStats | undefined)[]): ProtocolStats {
  const out: ProtocolStats = {};
  for (const part of parts) {
    if (!part) continue;
    for (const group of Object.keys(part)) {
      const counters = part[group] as Record<string, number>;
      const there = out[group];
      out[group] = there === undefined ? counters : { ...there, ...counters };
    }
  }
  return out;
}
