import { describe, expect, it } from 'vitest';
import { parseSockstat, tableIsEmpty } from './proc-net-sockstat';

describe('parseSockstat on the edges of the format', () => {
  it('reads padded lines and runs of blanks, and leaves out lines with no protocol', () => {
    const counts = parseSockstat('  TCP:  inuse   3 tw 0\n: inuse 5\nUDP: inuse 0 mem\n');
    expect([...counts]).toEqual([
      ['TCP inuse', 3],
      ['TCP tw', 0],
      ['UDP inuse', 0],
    ]);
  });

  it('leaves out counts that are not plain decimal or not exact in a double', () => {
    const counts = parseSockstat('TCP: inuse 5x tw x5 alloc 9007199254740993 mem 9007199254740991 orphan -1\n');
    expect([...counts]).toEqual([['TCP mem', 9007199254740991]]);
  });
});

describe('tableIsEmpty, each table by its own count', () => {
  const all = (value: number) =>
    parseSockstat(
      `TCP: inuse ${value} orphan 0 tw ${value}\nUDP: inuse ${value}\nRAW: inuse ${value}\nTCP6: inuse ${value}\nUDP6: inuse ${value}\nRAW6: inuse ${value}\n`,
    );
  const files = ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6'] as const;

  it('says empty for every table when every count is 0, and for none when every count is 1', () => {
    expect(files.map((f) => tableIsEmpty(f, all(0)))).toEqual([true, true, true, true, true, true]);
    expect(files.map((f) => tableIsEmpty(f, all(1)))).toEqual([false, false, false, false, false, false]);
  });

  it.each([
    ['TCP inuse', ['tcp']],
    ['TCP tw', ['tcp', 'tcp6']],
    ['TCP6 inuse', ['tcp6']],
    ['UDP inuse', ['udp']],
    ['UDP6 inuse', ['udp6']],
    ['RAW inuse', ['raw']],
    ['RAW6 inuse', ['raw6']],
  ])('reads %s for the tables it counts, and only those', (key, tables) => {
    const counts = new Map(all(0));
    counts.set(key, 1);
    expect(files.filter((f) => !tableIsEmpty(f, counts))).toEqual(tables);
  });
});
