import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeProtocolStats, parseProcNetSnmp, SnmpPairMemo } from './proc-net-snmp';

/** Lines of a /proc/net/snmp-like text: pairs of some groups, with garbage, duplicates and count mismatches. */
const pairLines = fc.record({
  group: fc.constantFrom('Ip', 'Icmp', 'Tcp', 'Udp', 'TcpExt', 'x1'),
  names: fc.array(fc.constantFrom('A', 'B', 'InSegs', 'OutRsts', '7'), { minLength: 0, maxLength: 4 }),
  values: fc.array(fc.integer({ min: -2, max: 3 }), { minLength: 0, maxLength: 5 }),
  valuePrefix: fc.constantFrom('same', 'other', 'none'),
});
const line = fc.oneof(
  { weight: 5, arbitrary: pairLines.map((p) => pairText(p)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
/** Texts one after the other, each the one before with a few lines replaced (as a file read refresh after refresh). */
const texts = fc
  .record({
    first: fc.array(line, { minLength: 1, maxLength: 8 }),
    edits: fc.array(fc.array(fc.record({ at: fc.nat(), line }), { maxLength: 3 }), { maxLength: 5 }),
  })
  .map(({ first, edits }) => {
    const lines = [...first];
    const out = [lines.join('\n')];
    for (const edit of edits) {
      for (const { at, line } of edit) lines[at % lines.length] = line;
      out.push(lines.join('\n'));
    }
    return out;
  });

function pairText(p: { group: string; names: string[]; values: number[]; valuePrefix: string }): string {
  const header = `${p.group}: ${p.names.join(' ')}`;
  if (p.valuePrefix === 'none') return header;
  const prefix = p.valuePrefix === 'same' ? `${p.group}:` : 'Other:';
  return `${header}\n${prefix} ${p.values.join(' ')}`;
}

describe('parseProcNetSnmp with a pair memo (issue 11)', () => {
  it('gives, text after text, what a parse without the memo gives', () => {
    fc.assert(
      fc.property(texts, (sequence) => {
        const memo = new SnmpPairMemo();
        for (const t of sequence) expect(parseProcNetSnmp(t, memo)).toEqual(parseProcNetSnmp(t));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the objects of the groups whose lines did not change, and never writes into them', () => {
    const memo = new SnmpPairMemo();
    const before = 'Ip: Forwarding InReceives\nIp: 1 100\nUdp: InDatagrams NoPorts\nUdp: 5 0\n';
    const after = 'Ip: Forwarding InReceives\nIp: 1 101\nUdp: InDatagrams NoPorts\nUdp: 5 0\n';
    const first = parseProcNetSnmp(before, memo).data.protocolStats ?? {};
    const second = parseProcNetSnmp(after, memo).data.protocolStats ?? {};
    expect(second.Udp).toBe(first.Udp);
    expect(second.Ip).not.toBe(first.Ip);
    expect(second.Ip).toEqual({ Forwarding: 1, InReceives: 101 });
    // The same group twice: the second pair adds to a copy, the memo's object keeps its counters.
    const twice = parseProcNetSnmp(`${after}Udp: InErrors\nUdp: 2\n`, memo).data.protocolStats ?? {};
    expect(twice.Udp).toEqual({ InDatagrams: 5, NoPorts: 0, InErrors: 2 });
    expect(first.Udp).toEqual({ InDatagrams: 5, NoPorts: 0 });
  });
});

describe('mergeProtocolStats', () => {
  it('hands a group only one part has over as it is, and copies a group several parts have', () => {
    const ip = { A: 1 };
    const tcp = { B: 2 };
    const merged = mergeProtocolStats({ Ip: ip }, { Ip: { C: 3 }, Tcp: tcp });
    expect(merged.Tcp).toBe(tcp);
    expect(merged.Ip).toEqual({ A: 1, C: 3 });
    expect(ip).toEqual({ A: 1 });
  });
});
