/**
 * Windows `netstat -s` (and `-e -s`): one section per protocol with a
 * translated title that still names the protocol ('TCP Statistics for IPv4',
 * 'Statistiques TCP pour IPv4', 'TCP-Statistik für IPv4'), then 'Name = value'
 * rows, or for ICMP 'Name  received  sent' under a column header. Groups are
 * normalized (Ip, Ip6, Icmp, Icmp6, Tcp, Tcp6, Udp, Udp6); counter names stay
 * as printed. The -e block of `netstat -e -s` is returned as an interface.
 */
import type { ProtocolStats } from '../../../shared/model';
import type { ParseResult } from '../format';
import { parseCount, splitLines, tokens } from './common';
import { WINDOWS_DATA_LINE } from './netstat-connections';
import { findNetstatEBlocks, netstatEInterface } from './netstat-e';

const EQUALS_ROW = /^\s*([^=]*\S)\s*=\s*(\S.*?)\s*$/;
const TWO_COLUMN_ROW = /^\s*([^\d\s=][^\d=]*?)\s+(\d+)\s+(\d+)\s*$/;

/** The normalized group a section title names, or null for titles without a protocol (Interface Statistics). */
export function groupFromTitle(title: string): string | null {
  const upper = title.toUpperCase();
  const v6 = /IPV6|V6\b/.test(upper) ? '6' : '';
  if (/\bICMP(V[46])?\b/.test(upper)) return `Icmp${/\bICMPV6\b/.test(upper) ? '6' : v6}`;
  if (/\bTCP\b/.test(upper)) return `Tcp${v6}`;
  if (/\bUDP\b/.test(upper)) return `Udp${v6}`;
  if (/\bIP(V[46])?\b/.test(upper)) return `Ip${v6}`;
  return null;
}

export function parseNetstatS(text: string): ParseResult {
  const stats: ProtocolStats = {};
  const skipped: string[] = [];
  const source = typeof text === 'string' ? text : '';
  let group: string | null = null;
  let columns: [string, string] = ['Received', 'Sent'];

  for (const line of splitLines(source)) {
    if (line.trim().length === 0 || WINDOWS_DATA_LINE.test(line)) continue;
    const eq = EQUALS_ROW.exec(line);
    if (eq && eq[1] && eq[2] !== undefined) {
      const value = parseCount(eq[2]);
      if (group === null) continue;
      if (value === null) skipped.push(line);
      else (stats[group] ??= {})[eq[1]] = value;
      continue;
    }
    const two = TWO_COLUMN_ROW.exec(line);
    if (two && two[1]) {
      // Rows of the -e block (group null) are read by the -e parser below.
      if (group !== null) {
        const counters = (stats[group] ??= {});
        counters[`${two[1]} ${columns[0]}`] = Number(two[2]);
        counters[`${two[1]} ${columns[1]}`] = Number(two[3]);
      }
      continue;
    }
    // Titles end in 'IPv4' at most; a line ending in a bare number is a row that did not parse.
    const endsInNumber = /(^|\s)\d+\s*$/.test(line);
    const title = endsInNumber ? null : groupFromTitle(line);
    if (title !== null) {
      group = title;
      columns = ['Received', 'Sent'];
      continue;
    }
    if (endsInNumber) {
      if (group !== null) skipped.push(line);
      continue;
    }
    const words = tokens(line);
    if (words.length === 2 && group !== null) columns = [words[0] ?? 'Received', words[1] ?? 'Sent'];
    // A title without a protocol name ('Interface Statistics', translated) ends the current section.
    else if (words.length > 0 && !/^-+$/.test(line.trim())) group = null;
  }

  const blocks = findNetstatEBlocks(source);
  const last = blocks[blocks.length - 1];
  return {
    data: last ? { protocolStats: stats, interfaces: [netstatEInterface(last)] } : { protocolStats: stats },
    skipped,
    warnings: Object.keys(stats).length === 0 ? ['no netstat -s sections found'] : [],
  };
}

export function detectNetstatS(text: string): number {
  const head = (typeof text === 'string' ? text : '').slice(0, 6000);
  const lines = splitLines(head);
  const titles = lines.filter((l) => !l.includes('=') && !/(^|\s)\d+\s*$/.test(l) && groupFromTitle(l) !== null).length;
  const rows = lines.filter((l) => EQUALS_ROW.test(l) && parseCount(l.split('=').pop() ?? '') !== null).length;
  if (titles === 0 || rows < 3) return 0;
  return findNetstatEBlocks(head).length > 0 ? 0.95 : 0.9;
}
