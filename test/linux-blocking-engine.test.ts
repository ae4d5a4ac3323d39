/**
 * The engine's refresh loop over a fake /proc where one process's cmdline and
 * one socket table never answer (FIFOs with no writer): ticks keep coming,
 * every other collector delivers on every tick, and the connections come back
 * (with what could be read) once the hung reads are skipped.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLinuxCollectors } from '../src/main/collectors/linux';
import { Scheduler, type Tick } from '../src/main/engine/scheduler';
import { FAKE_PID, makeFakeTree, procWorkerBundle, removeProcWorkerBundle, type FakeTree } from './linux-fake-proc';

const isLinux = process.platform === 'linux';
let workerFile = '';
beforeAll(async () => {
  if (isLinux) workerFile = await procWorkerBundle();
});
afterAll(removeProcWorkerBundle);

let tree: FakeTree | null = null;
let scheduler: Scheduler | null = null;
afterEach(async () => {
  await scheduler?.stop();
  tree?.remove();
});

describe.skipIf(!isLinux)('the engine while reads hang', () => {
  it('keeps ticking, with every other collector delivering', async () => {
    tree = makeFakeTree();
    tree.block(`proc/${FAKE_PID}/cmdline`);
    tree.block('proc/net/tcp');
    const collectors = createLinuxCollectors({
      procRoot: tree.procRoot,
      sysRoot: tree.sysRoot,
      passwdPath: tree.passwdPath,
      workerFile,
      watchdogMs: 250,
    });
    const ticks: Tick[] = [];
    let timerFired = 0;
    const timer = setInterval(() => timerFired++, 10);
    const sixTicks = new Promise<void>((resolve) => {
      scheduler = new Scheduler({
        collectors,
        intervalMs: 200,
        collectorTimeoutMs: 60_000,
        onTick: (tick) => {
          ticks.push(tick);
          if (ticks.length === 6) resolve();
        },
      });
    });
    scheduler?.resume();
    await sixTicks;
    clearInterval(timer);
    scheduler?.pause();

    // This thread's own timers ran all along.
    expect(timerFired).toBeGreaterThan(ticks.length);
    for (const { snapshot } of ticks) {
      for (const name of ['routes', 'interfaces', 'protocol-stats']) {
        const r = snapshot.collectors.find((c) => c.name === name);
        expect(r?.ok, `${name} at seq ${snapshot.seq}: ${r?.error}`).toBe(true);
      }
      expect(snapshot.routes).toHaveLength(2);
      expect(snapshot.interfaces.map((i) => i.name)).toEqual(['eth0']);
    }
    // The first tick: the owner scan hung on the cmdline, so that refresh has no connections and says why.
    const first = ticks[0]?.snapshot.collectors.find((c) => c.name === 'connections');
    expect(first?.ok).toBe(false);
    expect(first?.error).toMatch(new RegExp(`details of process ${FAKE_PID}.*did not answer`));
    // Later ticks skip both hung reads: the UDP socket (the tcp table hangs) with its PID, no details.
    const last = ticks[ticks.length - 1]?.snapshot;
    const connections = last?.collectors.find((c) => c.name === 'connections');
    expect(connections?.ok).toBe(true);
    expect(connections?.warnings.join('\n')).toMatch(/tcp sockets are missing/);
    expect(connections?.warnings.join('\n')).toMatch(new RegExp(`process ${FAKE_PID}: reading its details`));
    expect(last?.connections.map((c) => [c.protocol, c.localPort, c.pid, c.processName])).toEqual([
      ['udp', 53, FAKE_PID, null],
    ]);
    // Diffs were made on every tick after the first.
    expect(ticks.slice(1).every((t) => t.diff !== null)).toBe(true);
  });
});
