/**
 * Fewer round trips to the reading thread per refresh (proc-reads.ts, interfaces.ts, users.ts, owner-source.ts,
 * the 'sockDiag' job's raw-table answer): each skip or merge, and that what it skips is still seen at once.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInterfacesCollector } from './interfaces';
import { createLinuxCollectors } from './index';
import { resolveLinuxOptions } from './proc-fs';
import { createProtocolStatsCollector } from './protocol-stats';
import type { JobName } from './proc-protocol';
import { readFiles } from './proc-reads';
import { UserNames } from './users';
import { createLane, StuckReadError, type ProcLane } from './worker-lane';

let root = '';
const signal = new AbortController().signal;
const write = (relative: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
};

/** A lane in this thread that counts the jobs it is given, by name; `stuckOn` makes a 'read' of that path hang. */
function countingLane(stuckOn: { path: string | null } = { path: null }): { lane: ProcLane; jobs: JobName[] } {
  const real = createLane({ workerFile: null, watchdogMs: 1000, operationsPerYield: 1000, name: 'test' });
  const jobs: JobName[] = [];
  const stuck = new Set<string>();
  const lane: ProcLane = Object.assign(Object.create(real) as ProcLane, {
    call: ((job, args, options) => {
      jobs.push(job);
      const hung = stuckOn.path;
      if (job === 'read' && hung !== null && (args as { paths: string[] }).paths.includes(hung)) {
        stuckOn.path = null;
        stuck.add(hung);
        return Promise.reject(new StuckReadError(`reading ${hung} hung`, hung));
      }
      return real.call(job, args, options);
    }) as ProcLane['call'],
    isStuck: (key: string) => stuck.has(key),
  });
  return { lane, jobs };
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'netscope-refresh-reads-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readFiles', () => {
  it('sends the reads asked for in one turn as one job, each caller getting its own files', async () => {
    write('a', 'A');
    write('b', 'B');
    write('c', 'C');
    const { lane, jobs } = countingLane();
    const [first, second, third] = await Promise.all([
      readFiles(lane, [path.join(root, 'a')], 'latin1', signal),
      readFiles(lane, [path.join(root, 'b'), path.join(root, 'missing')], 'latin1', signal),
      readFiles(lane, [path.join(root, 'c')], 'utf8', signal),
    ]);
    expect(jobs).toEqual(['read']);
    expect(first).toEqual([{ text: 'A', problem: null }]);
    expect(second).toEqual([
      { text: 'B', problem: null },
      { text: null, problem: null },
    ]);
    expect(third).toEqual([{ text: 'C', problem: null }]);
  });

  it("loses no caller's files when another caller's file hangs: that one is a problem, the rest are read again", async () => {
    write('a', 'A');
    write('b', 'B');
    const hung = path.join(root, 'fifo');
    const { lane, jobs } = countingLane({ path: hung });
    const [mine, theirs] = await Promise.all([
      readFiles(lane, [path.join(root, 'a'), hung], 'latin1', signal),
      readFiles(lane, [path.join(root, 'b')], 'latin1', signal),
    ]);
    expect(mine[0]).toEqual({ text: 'A', problem: null });
    expect(mine[1]?.text).toBeNull();
    expect(mine[1]?.problem).toContain('hung');
    expect(theirs).toEqual([{ text: 'B', problem: null }]);
    expect(jobs.length).toBeGreaterThan(1);
  });
});

describe('readFiles, aborted', () => {
  it('gives an aborted caller the abort, and the others their files', async () => {
    write('a', 'A');
    write('b', 'B');
    const { lane } = countingLane();
    const controller = new AbortController();
    const aborted = readFiles(lane, [path.join(root, 'a')], 'latin1', controller.signal);
    const other = readFiles(lane, [path.join(root, 'b')], 'latin1', signal);
    controller.abort(new Error('collector timed out'));
    await expect(aborted).rejects.toThrow('collector timed out');
    expect(await other).toEqual([{ text: 'B', problem: null }]);
    await expect(readFiles(lane, [path.join(root, 'a')], 'latin1', controller.signal)).rejects.toThrow('timed out');
  });
});

describe('user names', () => {
  it('reads /etc/passwd again when its mtime changes, not otherwise, and forgets it when it goes', async () => {
    const passwd = path.join(root, 'passwd');
    write('passwd', 'root:x:0:0::/root:/bin/sh\n');
    utimesSync(passwd, 1000, 1000);
    const { lane } = countingLane();
    const users = new UserNames(passwd, lane);
    expect(await users.refresh()).toBeNull();
    expect(users.nameOf(0)).toBe('root');
    // Same mtime: not read (a changed text with the old mtime is not seen; what an mtime check means).
    write('passwd', 'admin:x:0:0::/root:/bin/sh\n');
    utimesSync(passwd, 1000, 1000);
    expect(await users.refresh()).toBeNull();
    expect(users.nameOf(0)).toBe('root');
    utimesSync(passwd, 2000, 2000);
    expect(await users.refresh()).toBeNull();
    expect(users.nameOf(0)).toBe('admin');
    rmSync(passwd);
    expect(await users.refresh()).toBeNull();
    expect(users.nameOf(0)).toBe('0');
  });
});

describe('interfaces collector', () => {
  const dev = (...names: string[]): string =>
    'Inter-|   Receive\n face |bytes\n' + names.map((n) => `  ${n}: 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0\n`).join('');

  it('reads dev and the known devices’ operstate in one job; a changed state or device list is seen at once', async () => {
    write('proc/net/dev', dev('eth0'));
    write('sys/class/net/eth0/operstate', 'up\n');
    write('sys/class/net/eth1/operstate', 'down\n');
    const options = resolveLinuxOptions({ procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys') });
    const { lane, jobs } = countingLane();
    const collector = createInterfacesCollector(options, lane, () => 0);
    const states = async (): Promise<(boolean | null)[]> => (await collector.collect({ signal })).data.map((i) => i.up);
    expect(await states()).toEqual([true]);
    jobs.length = 0;
    expect(await states()).toEqual([true]);
    // Steady state: one job (dev with the operstate and flags of the devices it named last time).
    expect(jobs).toEqual(['read']);
    write('sys/class/net/eth0/operstate', 'down\n');
    expect(await states()).toEqual([false]);

    // A device that appears: its state is read in a second job, the same refresh.
    write('proc/net/dev', dev('eth0', 'eth1'));
    expect(await states()).toEqual([false, false]);
    // Another device under a known position: the guess is not used.
    write('proc/net/dev', dev('eth1', 'eth0'));
    write('sys/class/net/eth0/operstate', 'up\n');
    expect(await states()).toEqual([false, true]);
    write('proc/net/dev', dev('eth0'));
    expect(await states()).toEqual([true]);
  });
});

describe('protocol statistics collector', () => {
  it('parses a file again only when its text changed, and sees the change at the next refresh', async () => {
    const snmp = (segments: number): string => `Tcp: ActiveOpens InSegs\nTcp: 1 ${segments}\n`;
    write('proc/net/snmp', snmp(10));
    write('proc/net/snmp6', 'Ip6InReceives 7\n');
    const options = resolveLinuxOptions({ procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys') });
    const collector = createProtocolStatsCollector(options, countingLane().lane);
    const first = (await collector.collect({ signal })).data;
    expect(first.Tcp).toEqual({ ActiveOpens: 1, InSegs: 10 });
    expect(first.Ip6).toEqual({ InReceives: 7 });
    write('proc/net/snmp', snmp(11));
    const second = (await collector.collect({ signal })).data;
    expect(second.Tcp).toEqual({ ActiveOpens: 1, InSegs: 11 });
    expect(second.Ip6).toEqual({ InReceives: 7 });
    write('proc/net/snmp6', 'Ip6InReceives 8\n');
    expect((await collector.collect({ signal })).data.Ip6).toEqual({ InReceives: 8 });
    // The merged answer is a new object each time: what one refresh returned is never changed by the next.
    expect(first.Tcp).toEqual({ ActiveOpens: 1, InSegs: 10 });
  });
});

describe('connections on the netlink engine', () => {
  const isLinux = process.platform === 'linux';
  it.skipIf(!isLinux)('lists a raw socket (raw tables read when sockstat counts one), with its owner', async () => {
    const collectors = createLinuxCollectors({ socketEngine: 'netlink', workerFile: null });
    // A raw ICMP socket needs CAP_NET_RAW; Node cannot open one, Python can (skipped where neither is there).
    const holder = spawn(
      'python3',
      [
        '-c',
        'import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_RAW, 1); print("ok", flush=True); sys.stdin.read()',
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    try {
      const opened = await new Promise<boolean>((resolve) => {
        holder.once('error', () => resolve(false));
        holder.once('exit', () => resolve(false));
        holder.stdout.once('data', (d: Buffer) => resolve(d.toString().startsWith('ok')));
      });
      if (!opened) {
        console.warn('refresh-reads.test: no raw socket could be opened here (python3, CAP_NET_RAW); skipped');
        return;
      }
      const first = await collectors.connections.collect({ signal });
      expect(collectors.connections.lastEngine).toBe('netlink');
      expect(first.data.filter((c) => c.protocol === 'raw' && c.pid === holder.pid).length).toBe(1);
      holder.stdin.end();
      await new Promise((resolve) => holder.once('exit', resolve));
      const after = await collectors.connections.collect({ signal });
      expect(after.data.filter((c) => c.protocol === 'raw' && c.pid === holder.pid)).toEqual([]);
    } finally {
      holder.kill();
      await collectors.dispose?.();
    }
  });
});
