/**
 * The Linux collectors as the built app runs them (every read in the worker
 * threads, the owner scan in its own) on this machine's real /proc: the
 * sockets this test opens have this process as owner, with its details, and
 * the same answer comes back warm.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../src/shared/model';
import { createLinuxCollectors, type LinuxPlatformCollectors } from '../src/main/collectors/linux';
import { procWorkerBundle, removeProcWorkerBundle } from './linux-fake-proc';
import { dial, listen, openLoopbackSockets } from './loopback';
import type { AddressInfo, Socket } from 'node:net';

const isLinux = process.platform === 'linux';
const signal = new AbortController().signal;

let workerFile = '';
beforeAll(async () => {
  if (isLinux) workerFile = await procWorkerBundle();
});
afterAll(removeProcWorkerBundle);

let collectors: LinuxPlatformCollectors | null = null;
afterEach(async () => {
  await collectors?.dispose?.();
});

describe.skipIf(!isLinux)('Linux collectors in their threads, on the live /proc', () => {
  it('finds our sockets with our PID and details, cold and warm', async () => {
    const sockets = await openLoopbackSockets();
    try {
      collectors = createLinuxCollectors({ workerFile });
      // Exactly ours: the two listeners, the accepted ends of the two pairs (their peer is our client port), the UDP socket.
      const ours = (rows: Connection[]) =>
        rows.filter(
          (c) =>
            (c.protocol === 'tcp' &&
              [sockets.listener4, sockets.listener6].includes(c.localPort) &&
              (c.state === 'LISTEN' || [sockets.client4Port, sockets.client6Port].includes(c.remotePort))) ||
            (c.protocol === 'udp' && c.localAddress === '127.0.0.1' && c.localPort === sockets.udpPort),
        );
      for (const pass of ['cold', 'warm']) {
        const { data, warnings } = await collectors.connections.collect({ signal });
        const found = ours(data);
        const seen = found.map((c) => [c.protocol, c.localAddress, c.localPort, c.remotePort, c.state, c.pid]);
        expect(found.length, `${pass}: ${JSON.stringify(seen)} ${warnings.join('; ')}`).toBe(5);
        for (const c of found) {
          expect(c.pid, pass).toBe(process.pid);
          expect(c.processName, pass).toBe(readFileSync('/proc/self/comm', 'utf8').trim());
          expect(c.exePath, pass).toBe(process.execPath);
        }
        expect(collectors.connections.lastScanStats?.cold).toBe(pass === 'cold');
      }
      const info = await collectors.processInfo(process.pid);
      expect(info).toMatchObject({ pid: process.pid, exePath: process.execPath });
      expect(info?.startTime).toBeGreaterThan(0);
      const [routes, interfaces, stats] = await Promise.all([
        collectors.routes.collect({ signal }),
        collectors.interfaces.collect({ signal }),
        collectors.protocolStats.collect({ signal }),
      ]);
      expect(interfaces.data.some((i) => i.name === 'lo')).toBe(true);
      expect(routes.data.length + Object.keys(stats.data).length).toBeGreaterThan(0);
    } finally {
      await sockets.close();
    }
  });

  // Found at review (session 23): a refresh with 64+ sockets more than the last one gave rows past the reuse pass's
  // shortest spare column no inode, then inode 0, so TIME_WAIT rows took owner slots and later rows other sockets'
  // owners. Real sockets, growing over refreshes, on both engines.
  for (const engine of ['netlink', 'procfs'] as const) {
    it(`keeps owners exact while our sockets grow over refreshes (${engine})`, async () => {
      const server = await listen('127.0.0.1');
      const port = (server.address() as AddressInfo).port;
      const clients: Socket[] = [];
      try {
        collectors = createLinuxCollectors({ workerFile });
        collectors.setSocketEngine?.(engine);
        expect(collectors.socketEngineChoice?.()).toBe(engine);
        for (const add of [0, 0, 400, 300, 500]) {
          // Some of the last round's clients close first: their ends go to TIME_WAIT (no inode, no owner).
          for (const c of clients.splice(0, Math.min(40, clients.length))) c.destroy();
          for (let i = 0; i < add; i++) clients.push(await dial('127.0.0.1', port));
          const { data, warnings } = await collectors.connections.collect({ signal });
          const ours = data.filter((c) => c.protocol === 'tcp' && (c.localPort === port || c.remotePort === port));
          // Owned: the listener and every live connection; no owner: TIME_WAIT (no inode). The closing states in between
          // (FIN_WAIT2, LAST_ACK: an orphan or not yet) are left out, whichever they are at this instant.
          const wrong = ours.filter((c) =>
            c.state === 'TIME_WAIT'
              ? c.pid !== null
              : ['ESTABLISHED', 'LISTEN'].includes(c.state) && c.pid !== process.pid,
          );
          const live = ours.filter((c) => c.state === 'ESTABLISHED').length;
          expect({ live, wrong: wrong.slice(0, 3), warnings }).toMatchObject({ live: clients.length * 2, wrong: [] });
        }
      } finally {
        for (const c of clients) c.destroy();
        await new Promise((r) => server.close(r));
      }
    }, 60_000);
  }
});
