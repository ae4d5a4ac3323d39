import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { statField } from '../collectors/linux/proc-stat-line';
import { BACKGROUND_NICE_STEP, lowerBackgroundThreads } from './background-threads';

/** A thread's nice value from /proc (field 19 of its stat line; the name before it may hold spaces). */
function niceOf(pid: number, tid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  // Signed: a raised priority is negative.
  const nice = statField(stat, 19);
  if (nice === null) throw new Error(`no nice value in ${stat}`);
  return Number(nice);
}

const threadsOf = (pid: number): number[] => readdirSync(`/proc/${pid}/task`).map(Number);

// A Node process that starts a worker thread when told, as serve starts its reading threads after the lowering.
const CHILD = `
const { Worker } = require('node:worker_threads');
process.stdin.once('data', () => {
  new Worker('setInterval(() => {}, 1000)', { eval: true }).on('online', () => process.stdout.write('worker\\n'));
});
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);
`;

/** The child Node process, started at `nice` (through coreutils' nice) when given, once it runs its script. */
async function startChild(nice?: number): Promise<ChildProcess> {
  const command = nice === undefined ? [process.execPath] : ['nice', '-n', String(nice), process.execPath];
  const child = spawn(command[0] as string, [...command.slice(1), '-e', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
  await said(child, 'ready');
  return child;
}

function said(child: ChildProcess, word: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes(word)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before saying ${word}`)));
  });
}

describe('lowerBackgroundThreads', () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    child?.kill();
    child = null;
  });

  it.skipIf(process.platform !== 'linux')(
    "lowers a real process's V8 threads, not its main thread nor the threads it starts afterwards",
    async () => {
      child = await startChild();
      const pid = child.pid as number;
      const before = threadsOf(pid);
      // Node starts V8's platform threads before any script runs.
      expect(before.length).toBeGreaterThan(1);
      const mainNice = niceOf(pid, pid);

      const result = lowerBackgroundThreads(BACKGROUND_NICE_STEP, pid);

      expect(result.problems).toEqual([]);
      expect(result.lowered.sort((a, b) => a - b)).toEqual(before.filter((t) => t !== pid).sort((a, b) => a - b));
      expect(niceOf(pid, pid)).toBe(mainNice);
      for (const tid of result.lowered) expect(niceOf(pid, tid)).toBe(Math.min(19, mainNice + 10));

      child.stdin?.write('go\n');
      await said(child, 'worker');
      const started = threadsOf(pid).filter((t) => !before.includes(t));
      expect(started.length).toBeGreaterThan(0);
      for (const tid of started) expect(niceOf(pid, tid)).toBe(mainNice);
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'keeps the order of a process started niced, never below 19, and never raises a thread',
    async () => {
      child = await startChild(15);
      const pid = child.pid as number;
      expect(niceOf(pid, pid)).toBe(15);
      const first = lowerBackgroundThreads(BACKGROUND_NICE_STEP, pid);
      expect(first.problems).toEqual([]);
      expect(first.lowered.length).toBeGreaterThan(0);
      for (const tid of first.lowered) expect(niceOf(pid, tid)).toBe(19);
      expect(niceOf(pid, pid)).toBe(15);
      // Again: every background thread is at 19 already, so nothing is set, and nothing is reported.
      expect(lowerBackgroundThreads(BACKGROUND_NICE_STEP, pid)).toEqual({ lowered: [], problems: [] });
    },
  );

  it('does nothing off Linux, where a priority is the whole process', () => {
    expect(lowerBackgroundThreads(BACKGROUND_NICE_STEP, process.pid, '/proc/self/task', 'darwin')).toEqual({
      lowered: [],
      problems: [],
    });
    expect(lowerBackgroundThreads(BACKGROUND_NICE_STEP, process.pid, '/proc/self/task', 'win32').lowered).toEqual([]);
  });

  it('reports a thread list it cannot read instead of throwing', () => {
    const result = lowerBackgroundThreads(BACKGROUND_NICE_STEP, 4_000_000, '/nonexistent/task', 'linux');
    expect(result.lowered).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^cannot list \/nonexistent\/task: ENOENT/);
  });

  it('reports a thread that is gone and goes on with the others', () => {
    // A task list as /proc gives it, naming a thread id that no process has (above Linux's pid_max limit).
    const dir = mkdtempSync(join(tmpdir(), 'netscope-task-'));
    try {
      for (const tid of ['7', '4194305', '4194306']) mkdirSync(join(dir, tid));
      const result = lowerBackgroundThreads(BACKGROUND_NICE_STEP, 7, dir, 'linux');
      expect(result.lowered).toEqual([]);
      expect(result.problems.map((p) => p.replace(/:.*/, '')).sort()).toEqual(['thread 4194305', 'thread 4194306']);
      expect(result.problems[0]).toMatch(/ESRCH/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
