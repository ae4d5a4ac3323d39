/**
 * `netstat -s` in the prose style that Linux net-tools, macOS and the BSDs share:
 *
 *   tcp:                                   Tcp:
 *   \t6878757 packets sent                     12 active connections openings
 *   \t\t1509288 data packets (741 bytes)       InCsumErrors: 0
 *
 * A section line names the group ('tcp:' -> 'Tcp'); each indented line is one
 * counter, the text around the number is its name, and a line indented under
 * another is named after both ('packets sent: data packets'). Numbers inside
 * parentheses become counters of their own ('packets sent: data packets (bytes)').
 */
import type { ProtocolStats } from '../../../shared/model';
import type { ParseResult } from '../format';
import { headLines, splitLines } from './socket-text';

/** Width of leading whitespace, a tab counting as 8 columns. */
function indentOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += 8 - (width % 8);
    else break;
  }
  return width;
}

export function groupName(section: string): string {
  return section.charAt(0).toUpperCase() + section.slice(1);
}

interface Counter {
  name: string;
  value: number;
}

/** The counters on one line: 'InType0: 3', '12 active connections openings', 'activated 9 times'. */
function readCounters(body: string): { name: string; counters: Counter[] } | null {
  const colon = /^(.*\S):\s*(\d+)$/.exec(body);
  if (colon) return { name: colon[1] ?? '', counters: [{ name: colon[1] ?? '', value: Number(colon[2]) }] };
  const groups: string[] = [];
  const bare = body
    .replace(/\(([^()]*)\)/g, (_m, inner: string) => {
      groups.push(inner);
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  const lead = /^(\d+)\s+(.*)$/.exec(bare);
  const inner = /^(.*?)\s(\d+)\s(.*)$/.exec(bare);
  let name: string;
  let value: number;
  if (lead) {
    name = lead[2] ?? '';
    value = Number(lead[1]);
  } else if (inner) {
    // 'Quick ack mode was activated 9 times': the number sits mid-sentence.
    name = `${inner[1] ?? ''} N ${inner[3] ?? ''}`.trim();
    value = Number(inner[2]);
  } else {
    return null;
  }
  const counters: Counter[] = [{ name, value }];
  for (const group of groups) {
    const m = /^(.*?)\b(\d+)\s*(.*)$/.exec(group.trim());
    if (!m) continue;
    const label = `${m[1] ?? ''}${m[3] ?? ''}`.replace(/\s+/g, ' ').trim();
    counters.push({ name: `${name} (${label || 'value'})`, value: Number(m[2]) });
  }
  return { name, counters };
}

export function parseNetstatS(text: string): ParseResult {
  const stats: ProtocolStats = {};
  const skipped: string[] = [];
  let group: Record<string, number> | null = null;
  let parents: { indent: number; name: string }[] = [];
  for (const raw of splitLines(text)) {
    if (raw.trim() === '') continue;
    const indent = indentOf(raw);
    const body = raw.trim();
    const section = /^([A-Za-z][\w-]*):$/.exec(body);
    if (indent === 0 && section) {
      const name = groupName(section[1] ?? '');
      group = stats[name] ?? {};
      stats[name] = group;
      parents = [];
      continue;
    }
    if (!group) {
      skipped.push(raw);
      continue;
    }
    while (parents.length > 0 && (parents[parents.length - 1]?.indent ?? 0) >= indent) parents.pop();
    const prefix = parents.map((p) => p.name).join(': ');
    if (/:$/.test(body)) {
      // A heading inside a section ('ICMP input histogram:'): names the lines below it.
      parents.push({ indent, name: body.slice(0, -1) });
      continue;
    }
    const read = readCounters(body);
    if (!read) {
      skipped.push(raw);
      continue;
    }
    for (const counter of read.counters) {
      let key = prefix ? `${prefix}: ${counter.name}` : counter.name;
      for (let n = 2; key in group; n++) key = `${prefix ? `${prefix}: ` : ''}${counter.name} (${n})`;
      group[key] = counter.value;
    }
    parents.push({ indent, name: read.name });
  }
  return { data: { protocolStats: stats }, skipped, warnings: [] };
}

/** 'tcp:' (lower case, BSD) followed by tab/space-indented counter lines. */
export function detectNetstatS(text: string, sectionPattern: RegExp): number {
  const lines = headLines(text, 8);
  const first = lines[0] ?? '';
  if (!sectionPattern.test(first)) return 0;
  const counters = lines.slice(1).filter((l) => /^\s+(\d+\s+\S|[\w ()-]+:\s*\d+$)/.test(l)).length;
  return counters >= Math.min(3, lines.length - 1) && counters > 0 ? 0.9 : 0.5;
}
