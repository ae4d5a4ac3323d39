import { describe, it, expect } from 'vitest';
import { TCP_STATES } from '../../shared/model';
import { compileFilter } from '../../shared/filter';
import { processFilter, stateFilter, stateHints, stateHistogram, topProcesses, type ProcessCount } from './states';
import { tcp, udp } from './test-helpers';

describe('stateHistogram', () => {
  it('has every TCP state of the platform in order, zero for an empty snapshot (DELETE_TCB only on Windows)', () => {
    const s = stateHistogram([], 'linux');
    expect(s.bars.map((b) => b.state)).toEqual(TCP_STATES.filter((state) => state !== 'DELETE_TCB'));
    expect(stateHistogram([], 'win32').bars.map((b) => b.state)).toEqual([...TCP_STATES]);
    expect(s.bars.every((b) => b.count === 0)).toBe(true);
    expect([s.tcp, s.udp, s.raw]).toEqual([0, 0, 0]);
  });

  it('counts both families and keeps UDP apart', () => {
    const s = stateHistogram([
      tcp('0.0.0.0', 22, '0.0.0.0', 0, 'LISTEN'),
      tcp('::', 22, '::', 0, 'LISTEN'),
      tcp('10.0.0.1', 22, '1.2.3.4', 5, 'ESTABLISHED'),
      tcp('::1', 22, '::1', 6, 'TIME_WAIT'),
      udp('0.0.0.0', 53),
      udp('::', 53),
    ]);
    const count = (state: string) => s.bars.find((b) => b.state === state)?.count;
    expect(count('LISTEN')).toBe(2);
    expect(count('ESTABLISHED')).toBe(1);
    expect(count('TIME_WAIT')).toBe(1);
    expect(s.tcp).toBe(4);
    expect(s.udp).toBe(2);
    expect(s.bars.some((b) => b.state === 'UNKNOWN')).toBe(false);
  });

  it('shows TCP sockets in unknown states instead of dropping them', () => {
    const s = stateHistogram([tcp('10.0.0.1', 1, '1.1.1.1', 2, 'UNKNOWN'), tcp('10.0.0.1', 1, '1.1.1.1', 3, 'NONE')]);
    expect(s.bars.at(-1)).toEqual({ state: 'UNKNOWN', count: 2 });
  });
});

describe('topProcesses', () => {
  it('ranks by socket count and limits to N', () => {
    const conns = [
      ...Array.from({ length: 3 }, (_, i) =>
        tcp('10.0.0.1', 1000 + i, '1.1.1.1', 443, 'ESTABLISHED', { pid: 1, processName: 'firefox' }),
      ),
      tcp('0.0.0.0', 22, '0.0.0.0', 0, 'LISTEN', { pid: 2, processName: 'sshd' }),
      udp('0.0.0.0', 53, '*', 0, { pid: 3 }),
      udp('0.0.0.0', 54, '*', 0, { pid: 3, processName: 'dnsmasq' }),
      tcp('10.0.0.1', 5, '1.1.1.1', 6, 'TIME_WAIT'),
    ];
    const top = topProcesses(conns);
    expect(top.map((p) => [p.name, p.total])).toEqual([
      ['firefox', 3],
      ['dnsmasq', 2],
      ['(no owner)', 1],
      ['sshd', 1],
    ]);
    expect(top[0]).toMatchObject({ tcp: 3, udp: 0, established: 3, listening: 0 });
    expect(top[3]).toMatchObject({ listening: 1 });
    expect(topProcesses(conns, 2)).toHaveLength(2);
    expect(topProcesses([])).toEqual([]);
  });
});

describe('stateHints', () => {
  const many = (n: number, state: Parameters<typeof tcp>[4]) =>
    Array.from({ length: n }, (_, i) => tcp('10.0.0.1', 80, '1.1.1.1', 1000 + i, state));
  it('says nothing for a quiet machine', () => {
    expect(stateHints(stateHistogram([]))).toEqual([]);
    expect(stateHints(stateHistogram(many(9, 'CLOSE_WAIT')))).toEqual([]);
  });
  it('explains CLOSE_WAIT leaks, SYN floods and TIME_WAIT churn', () => {
    const hints = stateHints(
      stateHistogram([...many(10, 'CLOSE_WAIT'), ...many(25, 'SYN_RECV'), ...many(1000, 'TIME_WAIT')]),
    );
    expect(hints).toHaveLength(3);
    expect(hints[0]).toMatch(/^10 CLOSE_WAIT/);
    expect(hints[1]).toMatch(/^25 SYN_RECV/);
    expect(hints[2]).toMatch(/^1000 TIME_WAIT vs 0 ESTABLISHED/);
  });
  it('does not call TIME_WAIT churn when established dominates', () => {
    expect(stateHints(stateHistogram([...many(1000, 'TIME_WAIT'), ...many(300, 'ESTABLISHED')]))).toEqual([]);
  });
});

describe('drill-down filters', () => {
  it('name exactly the sockets of a bar or a process row', () => {
    const rows = [
      tcp('0.0.0.0', 22, '0.0.0.0', 0, 'LISTEN'),
      tcp('::', 22, '::', 0, 'CLOSE_WAIT'),
      tcp('10.0.0.1', 22, '1.2.3.4', 5, 'CLOSED'),
      { ...tcp('10.0.0.1', 80, '1.2.3.4', 6, 'ESTABLISHED'), pid: 7, processName: 'Web Server' },
      { ...tcp('10.0.0.1', 81, '1.2.3.4', 6, 'ESTABLISHED'), processName: 'Web Server' },
    ];
    const shown = (filter: string): number[] => {
      const p = compileFilter(filter);
      return rows.flatMap((c, i) => (p === null || p(c) ? [i] : []));
    };
    expect(shown(stateFilter('CLOSED'))).toEqual([2]);
    expect(shown(stateFilter('CLOSE_WAIT'))).toEqual([1]);
    const counts = topProcesses(rows);
    const byName = (name: string, pid: number | null): ProcessCount => {
      const found = counts.find((p) => p.name === name && p.pid === pid);
      if (!found) throw new Error(`no row ${name}`);
      return found;
    };
    expect(shown(processFilter(byName('Web Server', 7)))).toEqual([3]);
    expect(shown(processFilter(byName('Web Server', null)))).toEqual([4]);
    expect(shown(processFilter(byName('(no owner)', null)))).toEqual([0, 1, 2]);
  });
});
