/**
 * The scheduler timeline of the renderer trace (bench/trace-analysis.mjs, used by renderer-trace.mjs SCHED=1):
 * `perf script` lines of sched_switch/sched_wakeup cut into each thread's time on a core, the page's main thread's
 * waits for one, and who ran during those waits, on a hand-written two-core recording.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs bench module without types
import { parseSched, schedInSpan } from '../bench/trace-analysis.mjs';

const sw = (
  pid: number,
  tid: number,
  cpu: number,
  s: number,
  prev: string,
  prevTid: number,
  state: string,
  next: string,
  nextTid: number,
) =>
  `${pid}/${tid} [00${cpu}] ${s.toFixed(6)}: sched:sched_switch: prev_comm=${prev} prev_pid=${prevTid} prev_prio=120 prev_state=${state} ==> next_comm=${next} next_pid=${nextTid} next_prio=120`;
const wake = (pid: number, tid: number, cpu: number, s: number, comm: string, target: number) =>
  `${pid}/${tid} [00${cpu}] ${s.toFixed(6)}: sched:sched_wakeup: comm=${comm} pid=${target} prio=120 target_cpu=000`;

// Page main thread 100 (process 100), a serve helper 201 (process 200), the bench 300, on cores 0 and 1 (times in s).
const recording = [
  sw(0, 0, 0, 1.0, 'swapper/0', 0, 'R', 'CrRendererMain', 100),
  sw(0, 0, 1, 1.0, 'swapper/1', 0, 'R', 'node', 201),
  // The page is preempted by the bench at 1.010 s and waits until 1.014 s.
  sw(100, 100, 0, 1.01, 'CrRendererMain', 100, 'R+', 'node', 300),
  sw(300, 300, 0, 1.014, 'node', 300, 'S', 'CrRendererMain', 100),
  // The page sleeps at 1.020 s, is woken at 1.030 s while both cores are busy, and runs at 1.033 s.
  sw(100, 100, 0, 1.02, 'CrRendererMain', 100, 'S', 'node', 300),
  wake(300, 300, 0, 1.03, 'CrRendererMain', 100),
  sw(201, 201, 1, 1.033, 'node', 201, 'S', 'CrRendererMain', 100),
  sw(300, 300, 0, 1.04, 'node', 300, 'S', 'swapper/0', 0),
  sw(100, 100, 1, 1.05, 'CrRendererMain', 100, 'S', 'swapper/1', 0),
].join('\n');

describe('the scheduler timeline of a perf recording', () => {
  it('gives each thread its time on a core and its process', () => {
    const sched = parseSched(`${recording}\nnot a perf line\n`);
    const us = (list: [number, number][]) => list.map(([a, b]) => [Math.round(a), Math.round(b)]);
    sched.runs = new Map([...sched.runs].map(([tid, list]) => [tid, us(list)]));
    expect(sched.runs.get(100)).toEqual([
      [1.0e6, 1.01e6],
      [1.014e6, 1.02e6],
      [1.033e6, 1.05e6],
    ]);
    expect(sched.runs.get(300)).toEqual([
      [1.01e6, 1.014e6],
      [1.02e6, 1.04e6],
    ]);
    expect(sched.runs.get(201)).toEqual([[1.0e6, 1.033e6]]);
    expect(sched.tgid.get(201)).toBe(201);
    expect(sched.comm.get(100)).toBe('CrRendererMain');
    // Preempted (R) and woken: both are waits for a core, until the thread runs again.
    expect(us(sched.waits(100))).toEqual([
      [1.01e6, 1.014e6],
      [1.03e6, 1.033e6],
    ]);
  });

  it('cuts a span into CPU per group, the main thread waiting, and who ran meanwhile', () => {
    const sched = parseSched(recording);
    const groups = new Map([
      [100, 'page main'],
      [201, 'serve helper'],
      [300, 'bench'],
    ]);
    const r = schedInSpan(sched, 100, 1.005e6, 1.035e6, (tid: number) => groups.get(tid) ?? null);
    expect(r.waited).toBeCloseTo(7000, 3);
    expect(Object.fromEntries([...r.cpu].map(([k, v]) => [k, Math.round(v)]))).toEqual({
      'page main': 5000 + 6000 + 2000,
      'serve helper': 28000,
      bench: 4000 + 15000,
    });
    // During the two waits (4 ms, 3 ms) both cores were held: the bench and the serve helper.
    const during = Object.fromEntries([...r.duringWait].map(([k, v]) => [k, Math.round(v)]));
    expect(during).toEqual({ bench: 4000 + 3000, 'serve helper': 7000 });
  });
});
