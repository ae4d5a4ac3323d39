/**
 * BSD/macOS `netstat -i[b][n][d]`: one row per interface address. The
 * '<Link#N>' row of each interface carries the counters and the MAC; the
 * address rows repeat the same counters, so only link rows become interfaces.
 * The counter columns are the right-hand ones, found by header name; the
 * Address column may be blank, so rows are read from both ends.
 */
import { type NetInterface, zeroCounters } from '../../../shared/model';
import type { ParseResult } from '../format';
import { splitLines, toInt } from '../linux-commands/socket-text';

const COUNTER_COLUMNS = ['Ipkts', 'Ierrs', 'Idrop', 'Ibytes', 'Opkts', 'Oerrs', 'Obytes', 'Coll', 'Drop'];
const MAC = /^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i;

export function parseBsdNetstatI(text: string): ParseResult {
  const interfaces: NetInterface[] = [];
  const skipped: string[] = [];
  const warnings: string[] = [];
  let counterNames: string[] = [];
  const names = new Set<string>();
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^Name\s+Mtu\s+Network/.test(line)) {
      counterNames = line.split(/\s+/).filter((c) => COUNTER_COLUMNS.includes(c));
      continue;
    }
    if (counterNames.length === 0) continue;
    const tokens = line.split(/\s+/);
    const values = tokens.slice(tokens.length - counterNames.length);
    const left = tokens.slice(0, tokens.length - counterNames.length);
    const link = /^<Link#(\d+)>$/.exec(left[2] ?? '');
    if (left.length < 3 || left.length > 4 || values.some((v) => v !== '-' && toInt(v) === null)) {
      skipped.push(raw);
      continue;
    }
    if (!link) continue; // an address row: same counters as its interface's link row
    const get = (name: string): number => toInt(values[counterNames.indexOf(name)]) ?? 0;
    const counters = zeroCounters();
    counters.rxPackets = get('Ipkts');
    counters.rxErrors = get('Ierrs');
    counters.rxDrops = get('Idrop');
    counters.rxBytes = get('Ibytes');
    counters.txPackets = get('Opkts');
    counters.txErrors = get('Oerrs');
    counters.txBytes = get('Obytes');
    counters.txDrops = get('Drop');
    const rawName = left[0] ?? '';
    // A trailing '*' marks an interface that is down.
    const down = rawName.endsWith('*');
    let name = down ? rawName.slice(0, -1) : rawName;
    if (names.has(name)) {
      // netstat cuts names to 5 characters (utun80, utun81 -> 'utun8'): keep them apart by link index.
      name = `${name}#${link[1]}`;
      if (!warnings.some((w) => w.startsWith('interface names'))) {
        warnings.push('interface names were truncated by netstat: repeated ones are told apart by their link number');
      }
    }
    names.add(name);
    const address = left[3];
    interfaces.push({
      name,
      mac: address !== undefined && MAC.test(address) ? address : null,
      mtu: toInt(left[1]),
      up: !down,
      speedMbps: null,
      counters,
      rates: null,
    });
  }
  if (interfaces.length > 0 && !counterNames.includes('Ibytes')) {
    warnings.push('this netstat -i has no byte counts (use netstat -ib): byte counters are shown as 0');
  }
  return { data: { interfaces }, skipped, warnings };
}
