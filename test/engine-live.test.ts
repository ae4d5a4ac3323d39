/**
 * The engine on this machine's real procfs: sockets this test opens must show
 * up with this process's PID, then vanish in the next diff once closed.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../src/shared/model';
import { createPlatformCollectors } from '../src/main/collectors';
import { Scheduler } from '../src/main/engine/scheduler';
import { openLoopbackSockets } from './loopback';

const find = (connections: Connection[], pred: (c: Connection) => boolean) => connections.filter(pred);

describe.skipIf(process.platform !== 'linux')('engine on this machine (Linux procfs)', () => {
  it('finds our listeners, connected pair and UDP socket with our PID, then sees them removed', async () => {
    const sockets = await openLoopbackSockets();
    const scheduler = new Scheduler({ collectors: createPlatformCollectors(), intervalMs: 1000 });
    try {
      const { snapshot } = await scheduler.takeNow();
      const c = snapshot.connections;
      const listen4 = find(
        c,
        (x) => x.protocol === 'tcp' && x.family === 4 && x.localPort === sockets.listener4 && x.state === 'LISTEN',
      );
      const listen6 = find(
        c,
        (x) => x.protocol === 'tcp' && x.family === 6 && x.localPort === sockets.listener6 && x.state === 'LISTEN',
      );
      const client4 = find(c, (x) => x.localPort === sockets.client4Port && x.remotePort === sockets.listener4);
      const accepted4 = find(c, (x) => x.localPort === sockets.listener4 && x.remotePort === sockets.client4Port);
      const client6 = find(
        c,
        (x) => x.family === 6 && x.localPort === sockets.client6Port && x.remotePort === sockets.listener6,
      );
      const udp = find(c, (x) => x.protocol === 'udp' && x.localPort === sockets.udpPort);
      for (const [what, rows] of Object.entries({ listen4, listen6, client4, accepted4, client6, udp })) {
        expect(rows, what).toHaveLength(1);
        expect(rows[0]?.pid, what).toBe(process.pid);
        expect(rows[0]?.exePath, what).toBe(process.execPath);
      }
      expect(listen6[0]?.localAddress).toBe('::1');
      expect(client4[0]?.state).toBe('ESTABLISHED');
      expect(client4[0]?.localAddress).toBe('127.0.0.1');
      expect(udp[0]?.state).toBe('NONE');
      expect(snapshot.routes.length + snapshot.interfaces.length).toBeGreaterThan(0);
      expect(snapshot.interfaces.some((i) => i.name === 'lo')).toBe(true);
      expect(Object.keys(snapshot.protocolStats)).toEqual(expect.arrayContaining(['Tcp', 'Udp', 'Ip']));
      expect(snapshot.collectors.every((r) => r.ok)).toBe(true);

      const ids = [listen4, listen6, client4, udp].map((rows) => rows[0]?.id);
      await sockets.close();
      const { diff } = await scheduler.takeNow();
      expect(diff).not.toBeNull();
      const gone = new Set(diff?.removed);
      const stillThere = (diff?.changed ?? []).filter((x) => ids.includes(x.id));
      // A closed client may linger as TIME_WAIT (changed, owner gone); listeners and UDP must be removed.
      expect(gone.has(ids[0] as string)).toBe(true);
      expect(gone.has(ids[1] as string)).toBe(true);
      expect(gone.has(ids[3] as string)).toBe(true);
      for (const row of stillThere) expect(row.pid).toBeNull();
      expect(diff?.interfaces?.[0]?.rates ?? snapshot.interfaces[0]).toBeTruthy();
    } finally {
      await sockets.close().catch(() => undefined);
      await scheduler.stop();
    }
  });
});
