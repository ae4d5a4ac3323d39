/**
 * Windows `netstat -e` (also inside `netstat -e -s`, and repeated by `-e -t N`
 * or an interval). The labels are translated, so the block is found by shape:
 * five rows 'label  received  sent' (Bytes, Unicast packets, Non-unicast packets,
 * Discards, Errors, always in this order) then one 'label  received' row
 * (Unknown protocols). The whole machine's totals become one NetInterface.
 */
import { zeroCounters, type NetInterface } from '../../../shared/model';
import type { ParseResult } from '../format';
import { splitLines } from './common';

export const NETSTAT_E_INTERFACE_NAME = 'all interfaces (netstat -e)';

// Labels are words without digits in every language; that keeps Linux/macOS tables of numbers out.
const TWO_NUMBERS = /^\s*([^\d\s=][^\d=]*?)\s+(\d+)\s+(\d+)\s*$/;
const ONE_NUMBER = /^\s*([^\d\s=][^\d=]*?)\s+(\d+)\s*$/;

interface Block {
  rows: Array<[number, number]>;
  unknownProtocols: number;
}

/** Every complete -e block, in order. Lines with '=' belong to -s and are never part of one. */
export function findNetstatEBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let run: Array<[number, number]> = [];
  for (const line of splitLines(typeof text === 'string' ? text : '')) {
    if (line.trim().length === 0) continue;
    const two = line.includes('=') ? null : TWO_NUMBERS.exec(line);
    if (two) {
      run.push([Number(two[2]), Number(two[3])]);
      continue;
    }
    const one = line.includes('=') ? null : ONE_NUMBER.exec(line);
    if (one && run.length >= 5) blocks.push({ rows: run.slice(-5), unknownProtocols: Number(one[2]) });
    run = [];
  }
  return blocks;
}

export function netstatEInterface(block: Block): NetInterface {
  const [bytes, unicast, nonUnicast, discards, errors] = block.rows;
  const counters = zeroCounters();
  const pick = (row: [number, number] | undefined, side: 0 | 1): number => (row ? row[side] : 0);
  counters.rxBytes = pick(bytes, 0);
  counters.txBytes = pick(bytes, 1);
  counters.rxPackets = pick(unicast, 0) + pick(nonUnicast, 0);
  counters.txPackets = pick(unicast, 1) + pick(nonUnicast, 1);
  // Non-unicast is multicast plus broadcast: the closest the model has is the multicast counter.
  counters.rxMulticast = pick(nonUnicast, 0);
  counters.txMulticast = pick(nonUnicast, 1);
  counters.rxDrops = pick(discards, 0);
  counters.txDrops = pick(discards, 1);
  counters.rxErrors = pick(errors, 0);
  counters.txErrors = pick(errors, 1);
  return { name: NETSTAT_E_INTERFACE_NAME, mac: null, mtu: null, up: null, speedMbps: null, counters, rates: null };
}

export function parseNetstatE(text: string): ParseResult {
  const blocks = findNetstatEBlocks(text);
  const last = blocks[blocks.length - 1];
  if (!last) return { data: { interfaces: [] }, skipped: [], warnings: ['no netstat -e statistics block found'] };
  const warnings =
    blocks.length > 1 ? [`${blocks.length} samples (netstat -e with an interval): the last one is used`] : [];
  return { data: { interfaces: [netstatEInterface(last)] }, skipped: [], warnings };
}

export function detectNetstatE(text: string): number {
  const head = (typeof text === 'string' ? text : '').slice(0, 4000);
  return findNetstatEBlocks(head).length > 0 ? 0.9 : 0;
}
