/**
 * The "UNIX sockets" toggle on this machine's live Linux collectors, through the backend as `netscope serve` runs
 * it: turning it on adds the UNIX rows and changes nothing else. It once replaced the engine's status with the OS
 * default (status bar "linux", every traffic cell "per-connection counters are not read on this OS yet").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, Snapshot } from '../../shared/model';
import { socketEngineOf, trafficAbsentReason } from '../../shared/traffic';
import { createLinuxCollectors } from '../collectors/linux/index';
import { createBackend } from './backend';

const isLinux = process.platform === 'linux';
const dir = isLinux ? mkdtempSync(join(tmpdir(), 'netscope-unix-toggle-')) : '';
const unixPath = join(dir, 'toggle.sock');
const servers: net.Server[] = [];
let client: net.Socket;
let accepted: net.Socket;
let port = 0;

/** A server listening at a path, or on 127.0.0.1 at a free port; closed after the tests. */
async function listening(path: string | null): Promise<net.Server> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) =>
    path === null ? server.listen(0, '127.0.0.1', resolve) : server.listen(path, resolve),
  );
  return server;
}

beforeAll(async () => {
  if (!isLinux) return;
  await listening(unixPath);
  const tcp = await listening(null);
  port = (tcp.address() as net.AddressInfo).port;
  const acceptedNow = new Promise<net.Socket>((resolve) => tcp.once('connection', resolve));
  client = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
  accepted = await acceptedNow;
  // Some bytes, so the client's row has counters to show.
  await new Promise<void>((resolve) => {
    accepted.once('data', () => resolve());
    client.write('hello');
  });
});

afterAll(async () => {
  if (!isLinux) return;
  client.destroy();
  accepted.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

const tcpClient = (rows: Connection[]) =>
  rows.find((c) => c.protocol === 'tcp' && c.localPort === client.localPort && c.remotePort === port);

describe.runIf(isLinux)('the UNIX sockets toggle on the live Linux collectors', () => {
  it('keeps the engine (netlink, with counters) and adds the UNIX rows', { timeout: 30_000 }, async () => {
    const b = createBackend({
      mode: 'browser',
      allowEndProcess: false,
      collectors: createLinuxCollectors({ socketEngine: 'netlink' }),
    });
    const snapshot = async (): Promise<Snapshot> => {
      await b.handlers.refreshNow();
      const got = await b.handlers.getSnapshot();
      if (!got.ok || got.value === null) throw new Error('no snapshot');
      return got.value;
    };
    try {
      const off = await snapshot();
      const engine = socketEngineOf(off);
      expect(engine?.name).toBe('netlink');
      expect(tcpClient(off.connections)?.traffic).toBeDefined();

      expect((await b.handlers.setUnixSockets(true)).ok).toBe(true);
      const on = await snapshot();
      expect(on.connections.some((c) => c.protocol === 'unix' && c.localAddress === unixPath)).toBe(true);
      expect(socketEngineOf(on)).toEqual(engine);
      // The renderer's traffic cells: no reason for the whole column, so a LISTEN row's cells stay blank.
      expect(trafficAbsentReason(on)).toBeNull();
      expect(tcpClient(on.connections)?.traffic?.bytesSent).toBeGreaterThanOrEqual(5);
    } finally {
      await b.stop();
    }
  });
});
