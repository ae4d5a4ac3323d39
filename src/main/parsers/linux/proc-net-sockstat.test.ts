import { describe, expect, it } from 'vitest';
import { parseSockstat, tableIsEmpty } from './proc-net-sockstat';

const v4 = `sockets: used 2077
TCP: inuse 2008 orphan 0 tw 23 alloc 2008 mem 0
UDP: inuse 0 mem 0
UDPLITE: inuse 0
RAW: inuse 1
FRAG: inuse 0 memory 0
`;
const v6 = `TCP6: inuse 0
UDP6: inuse 2
UDPLITE6: inuse 0
RAW6: inuse 0
FRAG6: inuse 0 memory 0
`;

describe('parseSockstat', () => {
  it('reads each protocol field', () => {
    const counts = parseSockstat(v4 + v6);
    expect(counts.get('TCP inuse')).toBe(2008);
    expect(counts.get('TCP tw')).toBe(23);
    expect(counts.get('TCP6 inuse')).toBe(0);
    expect(counts.get('sockets used')).toBe(2077);
  });

  it('never throws, and leaves out what does not parse', () => {
    expect(parseSockstat('garbage\nTCP: inuse x tw\n:\n').size).toBe(0);
  });
});

describe('tableIsEmpty', () => {
  it('skips a TCP table only when its family has none in use and there is no TIME_WAIT at all', () => {
    const counts = parseSockstat(v4 + v6);
    expect(tableIsEmpty('tcp6', counts)).toBe(false); // tw 23: some may be IPv6
    expect(tableIsEmpty('tcp', counts)).toBe(false);
    const quiet = parseSockstat(v4.replace('tw 23', 'tw 0') + v6);
    expect(tableIsEmpty('tcp6', quiet)).toBe(true);
    expect(tableIsEmpty('tcp', quiet)).toBe(false);
  });

  it('skips UDP and raw tables with none in use', () => {
    const counts = parseSockstat(v4 + v6);
    expect(tableIsEmpty('udp', counts)).toBe(true);
    expect(tableIsEmpty('udp6', counts)).toBe(false);
    expect(tableIsEmpty('raw', counts)).toBe(false);
    expect(tableIsEmpty('raw6', counts)).toBe(true);
  });

  it('never skips on unknown counts (no sockstat6 when IPv6 is off, or a fake /proc)', () => {
    const counts = parseSockstat(v4.replace('tw 23', 'tw 0'));
    expect(tableIsEmpty('tcp6', counts)).toBe(false);
    expect(tableIsEmpty('udp6', counts)).toBe(false);
    expect(tableIsEmpty('tcp', new Map())).toBe(false);
  });
});
