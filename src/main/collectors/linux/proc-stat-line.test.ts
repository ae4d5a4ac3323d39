import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statField, statNumber } from './proc-stat-line';

// A line as the kernel writes it (proc(5)), for a program whose name holds a space and a ')'.
const TRICKY =
  '4242 (evil) 1 x) S 17 4242 4242 0 -1 4194560 120 0 0 0 3 5 0 0 20 0 1 0 98765 10000 200 18446744073709551615 ' +
  '1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

describe('statField', () => {
  it('counts the fields after the name from its last )', () => {
    expect(statField(TRICKY, 1)).toBe('4242');
    expect(statField(TRICKY, 2)).toBe('evil) 1 x');
    expect(statField(TRICKY, 3)).toBe('S');
    expect(statNumber(TRICKY, 4)).toBe(17);
    expect(statNumber(TRICKY, 14)).toBe(3); // utime
    expect(statNumber(TRICKY, 15)).toBe(5); // stime
    expect(statNumber(TRICKY, 19)).toBe(0); // nice
    expect(statNumber(TRICKY, 22)).toBe(98765); // starttime
    // The last field keeps no line end.
    expect(statField(TRICKY, 52)).toBe('0');
  });

  it('answers null for what the line does not hold', () => {
    expect(statField(TRICKY, 53)).toBeNull();
    expect(statField(TRICKY, 0)).toBeNull();
    expect(statField('', 4)).toBeNull();
    expect(statField('garbage without a name', 4)).toBeNull();
    expect(statNumber('1 (a) S -', 4)).toBeNull();
    expect(statField('1 (a) S 2 \n', 5)).toBeNull();
  });

  it.skipIf(process.platform !== 'linux')("reads this process's own line as the kernel writes it", () => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    expect(statNumber(stat, 1)).toBe(process.pid);
    expect(statNumber(stat, 4)).toBe(process.ppid);
    expect(statField(stat, 3)).toMatch(/^[RSDZTtWXxKPI]$/);
  });
});
