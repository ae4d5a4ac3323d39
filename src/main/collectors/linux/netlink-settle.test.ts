/**
 * The netlink engine and the scheduler together, on this machine's kernel: an idle loopback connection's row is
 * first shown with no rate, then, on the next refresh, keeps its object while its rates become 0, and the diff lists
 * it as changed (shared/pending-rates.ts), so a UI holding the first snapshot learns the 0s.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDiff } from '../../../shared/diff';
import type { Connection } from '../../../shared/model';
import { Scheduler } from '../../engine/scheduler';
import { createLinuxCollectors, type LinuxPlatformCollectors } from './index';

const isLinux = process.platform === 'linux';
if (!isLinux) console.warn('netlink-settle.test: not on Linux, skipping');

let server: net.Server;
let client: net.Socket;
let accepted: net.Socket;
let collectors: LinuxPlatformCollectors;

beforeAll(async () => {
  if (!isLinux) return;
  server = net.createServer();
  const acceptedPromise = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
  accepted = await acceptedPromise;
  collectors = createLinuxCollectors({ socketEngine: 'netlink' });
});

afterAll(async () => {
  if (!isLinux) return;
  client.destroy();
  accepted.destroy();
  await new Promise((resolve) => server.close(resolve));
  await collectors.dispose?.();
});

describe.runIf(isLinux)('netlink rows and the diff', () => {
  it('keeps an idle connection’s row object from no rate to 0, and the diff says it changed', async () => {
    const scheduler = new Scheduler({ collectors, intervalMs: 1000 });
    const port = (server.address() as net.AddressInfo).port;
    const isClient = (c: Connection): boolean =>
      c.protocol === 'tcp' && c.localPort === client.localPort && c.remotePort === port;
    const first = await scheduler.takeNow();
    expect(first.snapshot.collectors.find((c) => c.name === 'connections')?.engine?.name).toBe('netlink');
    const row = first.snapshot.connections.find(isClient);
    expect(row?.traffic?.sendRate).toBeNull(); // first seen: no rate yet
    // What a UI holds: the first snapshot as it was sent.
    const shown = structuredClone(first.snapshot);
    const second = await scheduler.takeNow();
    const again = second.snapshot.connections.find(isClient);
    expect(again).toBe(row);
    expect(again?.traffic).toMatchObject({ sendRate: 0, receiveRate: 0, retransmissionRate: 0 });
    expect(second.diff?.changed).toContain(row);
    const applied = applyDiff(shown, second.diff as NonNullable<typeof second.diff>);
    expect(applied.connections.find(isClient)?.traffic).toMatchObject({ sendRate: 0, receiveRate: 0 });
    await scheduler.stop();
  });
});
