/**
 * A read that never returns (a FIFO with no writer in a fake /proc, standing
 * for a process stuck on a hung NFS or FUSE mount) costs only its own part:
 * the main thread stays free, the collector that needed it reports which file
 * hangs, the others deliver, the next refresh skips what still hangs without
 * starting another thread, and once the read returns all is whole again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/shared/model';
import { createLinuxCollectors, type LinuxPlatformCollectors } from '../src/main/collectors/linux';
import { MAX_STUCK_THREADS, stuckThreadCount } from '../src/main/collectors/linux/stuck-threads';
import { collectSnapshot } from '../src/main/engine/collect';
import {
  FAKE_PID,
  makeFakeTree,
  procWorkerBundle,
  removeProcWorkerBundle,
  waitForStuckThreads,
  type FakeTree,
} from './linux-fake-proc';

const isLinux = process.platform === 'linux';
const WATCHDOG_MS = 250;

let workerFile = '';
beforeAll(async () => {
  if (isLinux) workerFile = await procWorkerBundle();
});
afterAll(removeProcWorkerBundle);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp(): { tree: FakeTree; collectors: LinuxPlatformCollectors } {
  const tree = makeFakeTree();
  const collectors = createLinuxCollectors({
    procRoot: tree.procRoot,
    sysRoot: tree.sysRoot,
    passwdPath: tree.passwdPath,
    workerFile,
    watchdogMs: WATCHDOG_MS,
  });
  cleanups.push(() => tree.remove());
  cleanups.push(() => collectors.dispose?.());
  return { tree, collectors };
}

/** A snapshot, and how many times a 5 ms timer of this thread fired while it was taken. */
async function snapshotWithTimer(collectors: LinuxPlatformCollectors, seq = 1): Promise<[Snapshot, number]> {
  let fired = 0;
  const timer = setInterval(() => fired++, 5);
  try {
    const snapshot = await collectSnapshot(collectors, { seq, timeoutMs: 60_000 });
    return [snapshot, fired];
  } finally {
    clearInterval(timer);
  }
}

function report(snapshot: Snapshot, name: string) {
  const found = snapshot.collectors.find((c) => c.name === name);
  if (!found) throw new Error(`no report for ${name}`);
  return found;
}

/** Everything the report says: its error and its warnings. */
const said = (snapshot: Snapshot, name: string): string =>
  [report(snapshot, name).error ?? '', ...report(snapshot, name).warnings].join('\n');

interface Case {
  /** The file that blocks, relative to the fake tree. */
  file: string;
  /** The collector that reads it. */
  collector: 'connections' | 'routes' | 'interfaces' | 'protocol-stats';
  /** What its report must say. */
  names: RegExp;
  /** Whether that collector still delivers data in the refresh where the read hangs. */
  delivers: boolean;
  /** The ports of the sockets listed while the read still hangs (a hung table's rows are missing). */
  ports?: number[];
}

const CASES: Case[] = [
  { file: 'proc/net/tcp', collector: 'connections', names: /net\/tcp/, delivers: true, ports: [53] },
  { file: 'proc/net/udp', collector: 'connections', names: /net\/udp/, delivers: true, ports: [8080] },
  { file: 'proc/net/sockstat', collector: 'connections', names: /sockstat/, delivers: true },
  {
    file: `proc/${FAKE_PID}/stat`,
    collector: 'connections',
    names: new RegExp(`process ${FAKE_PID}`),
    delivers: false,
  },
  {
    file: `proc/${FAKE_PID}/cmdline`,
    collector: 'connections',
    names: new RegExp(`process ${FAKE_PID}`),
    delivers: false,
  },
  {
    file: `proc/${FAKE_PID}/status`,
    collector: 'connections',
    names: new RegExp(`process ${FAKE_PID}`),
    delivers: false,
  },
  { file: 'etc/passwd', collector: 'connections', names: /passwd/, delivers: true },
  { file: 'proc/net/route', collector: 'routes', names: /net\/route/, delivers: true },
  { file: 'proc/net/ipv6_route', collector: 'routes', names: /ipv6_route/, delivers: true },
  { file: 'proc/net/dev', collector: 'interfaces', names: /net\/dev/, delivers: false },
  { file: 'sys/class/net/eth0/operstate', collector: 'interfaces', names: /operstate/, delivers: true },
  { file: 'proc/net/snmp', collector: 'protocol-stats', names: /net\/snmp/, delivers: false },
  { file: 'proc/net/netstat', collector: 'protocol-stats', names: /net\/netstat/, delivers: true },
];

describe.skipIf(!isLinux)('a read that never returns', () => {
  it.each(CASES)('$file: $collector says so, the rest arrives, and it recovers', async (c) => {
    const { tree, collectors } = setUp();
    const baseline = stuckThreadCount();
    tree.block(c.file);

    const [first, fired] = await snapshotWithTimer(collectors, 1);
    // This thread was never blocked: its timer kept firing while the read hung.
    expect(fired).toBeGreaterThan(0);
    expect(said(first, c.collector)).toMatch(c.names);
    expect(said(first, c.collector)).toMatch(/did not answer/);
    expect(report(first, c.collector).ok).toBe(c.delivers);
    for (const other of first.collectors.filter((r) => r.name !== c.collector)) expect(other.ok, other.name).toBe(true);
    expect(first.routes.length > 0 || c.collector === 'routes').toBe(true);
    expect(first.interfaces.some((i) => i.name === 'eth0') || c.collector === 'interfaces').toBe(true);
    expect(stuckThreadCount()).toBe(baseline + 1);

    // Still hanging: the next refresh skips it (no new stuck thread) and the collector delivers.
    const [second] = await snapshotWithTimer(collectors, 2);
    expect(stuckThreadCount()).toBe(baseline + 1);
    expect(report(second, c.collector).ok || c.collector !== 'connections').toBe(true);
    expect(said(second, c.collector)).toMatch(c.names);
    if (c.collector === 'connections')
      expect(second.connections.map((x) => x.localPort).sort()).toEqual(c.ports ?? [53, 8080]);

    // The read returns: the thread comes back and exits, and the file is read again.
    tree.release(c.file);
    await waitForStuckThreads(baseline);
    const [third] = await snapshotWithTimer(collectors, 3);
    for (const r of third.collectors) {
      expect(r.ok, `${r.name}: ${r.error}`).toBe(true);
      expect(r.warnings, r.name).toEqual([]);
    }
    expect(third.connections.map((x) => [x.localPort, x.pid, x.processName]).sort()).toEqual([
      [53, FAKE_PID, 'fakesrv'],
      [8080, FAKE_PID, 'fakesrv'],
    ]);
  });

  it('the process panel gets an error, not a hang, and the collectors go on', async () => {
    const { tree, collectors } = setUp();
    const baseline = stuckThreadCount();
    tree.block(`proc/${FAKE_PID}/cmdline`);
    await expect(collectors.processInfo(FAKE_PID)).rejects.toThrow(/did not answer/);
    // Asked again while that read still hangs: an answer at once, and no second thread stranded on it.
    await expect(collectors.processInfo(FAKE_PID)).rejects.toThrow(/has not returned yet/);
    expect(stuckThreadCount()).toBe(baseline + 1);
    // The reading lane was replaced: the routes come through the new thread.
    const routes = await collectors.routes.collect({ signal: new AbortController().signal });
    expect(routes.data.length).toBe(2);
    tree.release(`proc/${FAKE_PID}/cmdline`);
    await waitForStuckThreads(baseline);
    expect(await collectors.processInfo(FAKE_PID)).toMatchObject({ pid: FAKE_PID, name: 'fakesrv', user: 'root' });
  });
});

describe.skipIf(!isLinux)('many reads that never return', () => {
  it(`strand at most ${MAX_STUCK_THREADS} threads, say so, and recover when the reads return`, async () => {
    const { tree, collectors } = setUp();
    await waitForStuckThreads(0);
    const hung = [
      'proc/net/tcp',
      'proc/net/udp',
      'proc/net/route',
      'proc/net/ipv6_route',
      'proc/net/dev',
      'proc/net/snmp',
    ];
    for (const file of hung) tree.block(file);

    const [first] = await snapshotWithTimer(collectors, 1);
    expect(stuckThreadCount()).toBe(MAX_STUCK_THREADS);
    const everything = first.collectors.map((r) => [r.error ?? '', ...r.warnings].join('\n')).join('\n');
    expect(everything).toMatch(new RegExp(`at most ${MAX_STUCK_THREADS} are kept`));
    expect(everything).toMatch(/no new one starts until one of them returns/);
    // Again: nothing more is stranded.
    await snapshotWithTimer(collectors, 2);
    expect(stuckThreadCount()).toBe(MAX_STUCK_THREADS);

    for (const file of hung) tree.release(file);
    await waitForStuckThreads(0);
    const [after] = await snapshotWithTimer(collectors, 3);
    for (const r of after.collectors) expect(r.ok, `${r.name}: ${r.error}`).toBe(true);
    expect(after.connections).toHaveLength(2);
  });
});

describe.skipIf(!isLinux)('an unreadable socket table', () => {
  it('loses only its own rows, with a warning that names it', async () => {
    const { tree, collectors } = setUp();
    // EISDIR: a directory where the table should be.
    tree.release('proc/net/udp');
    const { rmSync, mkdirSync } = await import('node:fs');
    rmSync(`${tree.procRoot}/net/udp`);
    mkdirSync(`${tree.procRoot}/net/udp`);
    const [snapshot] = await snapshotWithTimer(collectors);
    const connections = report(snapshot, 'connections');
    expect(connections.ok).toBe(true);
    expect(connections.warnings.join('\n')).toMatch(/udp sockets are missing: .*net\/udp: EISDIR/);
    expect(snapshot.connections.map((x) => [x.protocol, x.localPort, x.pid])).toEqual([['tcp', 8080, FAKE_PID]]);
  });
});
