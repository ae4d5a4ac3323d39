/**
 * net-tools `netstat -i` ('Kernel Interface table'): packet counters per
 * interface. It has no byte counts, so those stay 0 and the result says so.
 */
import { type NetInterface, zeroCounters } from '../../../shared/model';
import type { ParseResult } from '../format';
import { splitLines, toInt } from './socket-text';

export function parseLinuxNetstatI(text: string): ParseResult {
  const interfaces: NetInterface[] = [];
  const skipped: string[] = [];
  let columns: string[] = [];
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    // The 'Kernel Interface table' title comes before the header, like any other line that is passed over.
    if (line === '') continue;
    if (line.startsWith('Iface ')) {
      columns = line.split(/\s+/);
      continue;
    }
    if (columns.length === 0) continue;
    const tokens = line.split(/\s+/);
    const get = (name: string): number | null => {
      const i = columns.indexOf(name);
      return i >= 0 ? toInt(tokens[i]) : null;
    };
    const rxPackets = get('RX-OK');
    const txPackets = get('TX-OK');
    if (tokens.length < columns.length - 1 || rxPackets === null || txPackets === null) {
      skipped.push(raw);
      continue;
    }
    const flagIndex = columns.indexOf('Flg');
    const flags = flagIndex >= 0 ? (tokens[flagIndex] ?? '') : '';
    const counters = zeroCounters();
    counters.rxPackets = rxPackets;
    counters.txPackets = txPackets;
    counters.rxErrors = get('RX-ERR') ?? 0;
    counters.rxDrops = get('RX-DRP') ?? 0;
    counters.txErrors = get('TX-ERR') ?? 0;
    counters.txDrops = get('TX-DRP') ?? 0;
    interfaces.push({
      name: tokens[0] ?? '',
      mac: null,
      mtu: get('MTU'),
      up: flags === '' ? null : flags.includes('U'),
      speedMbps: null,
      counters,
      rates: null,
    });
  }
  const warnings = interfaces.length > 0 ? ['netstat -i gives packet counts only: byte counters are shown as 0'] : [];
  return { data: { interfaces }, skipped, warnings };
}
