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

function addTo(stats: ProtocolStats, group: string, name: string, value: number): void {
  const target = stats[group] ?? (stats[group] = {});
  target[name] = value;
}

export function parseProcNetSnmp(text: string): ParseResult {
  const stats: ProtocolStats = {};
  const skipped: string[] = [];
  const warnings: string[] = [];
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (let i = 0; i < lines.length; i++) {
    const header = (lines[i] as string).split(/\s+/);
    const group = GROUP.exec(header[0] ?? '')?.[1];
    const next = lines[i + 1];
    const values = next?.split(/\s+/);
    // A header line is followed by a value line with the same prefix, all numbers.
    if (!group || !values || values[0] !== header[0] || !values.slice(1).every((v) => NUMBER.test(v))) {
      skipped.push(lines[i] as string);
      continue;
    }
    const names = header.slice(1);
    if (names.some((n) => NUMBER.test(n))) {
      skipped.push(lines[i] as string);
      continue;
    }
    if (names.length !== values.length - 1) {
      warnings.push(`${group}: ${names.length} names but ${values.length - 1} values; the extra ones were ignored`);
    }
    // An empty group (e.g. 'IcmpMsg:' on an idle host) still appears, with no counters.
    if (!stats[group]) stats[group] = {};
    const count = Math.min(names.length, values.length - 1);
    for (let k = 0; k < count; k++) addTo(stats, group, names[k] as string, Number(values[k + 1]));
    i++;
  }
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

/** Merges groups of several files into one (later files win on a clash). */
export function mergeProtocolStats(...parts: (ProtocolStats | undefined)[]): ProtocolStats {
  const out: ProtocolStats = {};
  for (const part of parts) {
    if (!part) continue;
    for (const [group, counters] of Object.entries(part)) out[group] = { ...out[group], ...counters };
  }
  return out;
}
