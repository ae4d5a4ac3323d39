/**
 * The netlink sock_diag engine on this machine's kernel, with sockets this
 * test opens on loopback: a known amount of data crosses a connection, and the
 * engine's counters on both ends are at least that; the owners are exact; the
 * procfs engine (the fallback) sees the same sockets.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { createConnectionsCollector } from './connections';
import { createLinuxCollectors, type LinuxPlatformCollectors } from './index';
import { NetlinkRowBuilder } from './netlink-rows';
import { NetlinkError } from './netlink-socket';
import { createOwnerSource } from './owner-source';
import { resolveLinuxOptions } from './proc-fs';
import { ProcessInfoReader } from './process-info';
import { anchoredOf } from './shape-anchor';
import { UserNames } from './users';
import { createLane } from './worker-lane';
import type { ProcLane } from './lane-types';

const isLinux = process.platform === 'linux';
if (!isLinux) console.warn('netlink-engine.test: not on Linux, skipping');

const SENT = 64 * 1024 * 1024;
/**
 * What the counters may exceed SENT by on a connection that carried nothing else: the SYN counts one byte in
 * bytes_acked. 64 KiB is far below any decoder error worth catching (one that doubles or adds a header per segment).
 */
const SLACK = 64 * 1024;
const signal = new AbortController().signal;

interface Setup {
  server: net.Server;
  port: number;
  client: net.Socket;
  accepted: net.Socket;
  udp: dgram.Socket;
  netlink: LinuxPlatformCollectors;
  procfs: LinuxPlatformCollectors;
}
let setup: Setup;

/** Sends `bytes` from client to accepted and waits until all of them arrived. */
async function transfer(from: net.Socket, to: net.Socket, bytes: number): Promise<void> {
  let received = 0;
  const arrived = new Promise<void>((resolve) => {
    const onData = (data: Buffer): void => {
      received += data.length;
      if (received < bytes) return;
      to.off('data', onData);
      resolve();
    };
    to.on('data', onData);
  });
  const block = Buffer.alloc(1 << 20, 0x5a);
  for (let sent = 0; sent < bytes; sent += block.length)
    if (!from.write(block)) await new Promise((resolve) => from.once('drain', resolve));
  await arrived;
}

beforeAll(async () => {
  if (!isLinux) return;
  const server = net.createServer();
  const acceptedPromise = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
  const accepted = await acceptedPromise;
  const udp = dgram.createSocket('udp6');
  await new Promise<void>((resolve) => udp.bind(0, '::1', resolve));
  setup = {
    server,
    port,
    client,
    accepted,
    udp,
    netlink: createLinuxCollectors({ socketEngine: 'netlink' }),
    procfs: createLinuxCollectors({ socketEngine: 'procfs' }),
  };
});

afterAll(async () => {
  if (!isLinux) return;
  setup.client.destroy();
  setup.accepted.destroy();
  setup.udp.close();
  await new Promise((resolve) => setup.server.close(resolve));
  await setup.netlink.dispose?.();
  await setup.procfs.dispose?.();
});

function ours(rows: Connection[]): Connection[] {
  const { port, client } = setup;
  return rows.filter(
    (c) =>
      // Exactly our three TCP sockets: other processes (the benchmark's load) may use the same port numbers.
      (c.protocol === 'tcp' &&
        c.family === 4 &&
        ((c.localPort === port && (c.remotePort === 0 || c.remotePort === client.localPort)) ||
          (c.localPort === client.localPort && c.remotePort === port))) ||
      (c.protocol === 'udp' && c.localPort === setup.udp.address().port && c.localAddress === '::1'),
  );
}

describe.runIf(isLinux)('netlink sock_diag engine', () => {
  it('reports at least the bytes sent on the sender and received on the receiver, with the owner PID', async () => {
    const { client, accepted, port, netlink } = setup;
    await transfer(client, accepted, SENT);
    const { data, warnings } = await netlink.connections.collect({ signal });
    expect(netlink.connections.lastEngine).toBe('netlink');
    expect(warnings.filter((w) => w.includes('netlink'))).toEqual([]);
    const sender = data.find((c) => c.protocol === 'tcp' && c.localPort === client.localPort && c.remotePort === port);
    const receiver = data.find(
      (c) => c.protocol === 'tcp' && c.localPort === port && c.remotePort === client.localPort,
    );
    expect(sender?.pid).toBe(process.pid);
    expect(receiver?.pid).toBe(process.pid);
    expect(sender?.traffic?.bytesSent).toBeGreaterThanOrEqual(SENT);
    expect(receiver?.traffic?.bytesReceived).toBeGreaterThanOrEqual(SENT);
    // This is the connection's first transfer: at most SENT plus the handshake, so a decoder doubling counts fails.
    expect(sender?.traffic?.bytesSent).toBeLessThanOrEqual(SENT + SLACK);
    expect(receiver?.traffic?.bytesReceived).toBeLessThanOrEqual(SENT + SLACK);
    expect(sender?.traffic?.segmentsSent).toBeGreaterThan(0);
    expect(sender?.traffic?.sendRate).toBeNull(); // first seen: no rate yet
    const listener = data.find((c) => c.protocol === 'tcp' && c.localPort === port && c.state === 'LISTEN');
    expect(listener?.pid).toBe(process.pid);
    expect(listener?.traffic).toBeUndefined();
    const udp = ours(data).find((c) => c.protocol === 'udp');
    expect(udp?.pid).toBe(process.pid);
    expect(udp?.traffic).toBeUndefined();
  });

  it('gives a rate from the second refresh on, from the bytes that crossed in between', async () => {
    const { client, accepted, port, netlink } = setup;
    await transfer(client, accepted, 8 * 1024 * 1024);
    const { data } = await netlink.connections.collect({ signal });
    const sender = data.find((c) => c.protocol === 'tcp' && c.localPort === client.localPort && c.remotePort === port);
    expect(sender?.traffic?.sendRate).toBeGreaterThan(0);
    expect(sender?.traffic?.receiveRate).toBe(0);
  });

  it("shows a listener's backlog limit as its Send-Q, as `ss -ltn` does (procfs: 0, as netstat prints)", async () => {
    // netstat(8): a listener's Send-Q is "the maximum size of the syn backlog"; the kernel's sock_diag wqueue of a
    // listener is that limit; /proc/net/tcp has no such field (its tx_queue of a listener is 0).
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 7 }, resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const listenerOf = (rows: Connection[]): Connection | undefined =>
        rows.find((c) => c.protocol === 'tcp' && c.localPort === port && c.state === 'LISTEN');
      const fromNetlink = listenerOf((await setup.netlink.connections.collect({ signal })).data);
      const fromProcfs = listenerOf((await setup.procfs.connections.collect({ signal })).data);
      expect(fromNetlink).toMatchObject({ txQueue: 7, rxQueue: 0, pid: process.pid });
      expect(fromProcfs).toMatchObject({ txQueue: 0, rxQueue: 0, pid: process.pid });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sees the same sockets, states, inodes and owners as the procfs engine', async () => {
    const [fromNetlink, fromProcfs] = await Promise.all([
      setup.netlink.connections.collect({ signal }),
      setup.procfs.connections.collect({ signal }),
    ]);
    expect(setup.procfs.connections.lastEngine).toBe('procfs');
    const shape = (rows: Connection[]): string[] =>
      ours(rows)
        .map(
          (c) =>
            `${c.protocol}${c.family} ${c.localAddress}:${c.localPort} ${c.remoteAddress}:${c.remotePort} ${c.state} ${c.inode} ${c.pid} ${c.uid}`,
        )
        .sort();
    expect(shape(fromNetlink.data)).toHaveLength(4);
    expect(shape(fromNetlink.data)).toEqual(shape(fromProcfs.data));
    expect(ours(fromProcfs.data).every((c) => c.traffic === undefined)).toBe(true);
  });
});

/** A connections collector on the real lane whose sock_diag job fails with `code`, as socket() or recv() would. */
function refusingCollector(code: string): {
  collector: ReturnType<typeof createConnectionsCollector>;
  calls: () => number;
  dispose: () => Promise<void>;
} {
  const options = resolveLinuxOptions({ socketEngine: 'netlink', workerFile: null });
  const lane = { workerFile: null, watchdogMs: options.watchdogMs, operationsPerYield: options.operationsPerYield };
  const real = createLane({ ...lane, name: 'proc reader' });
  let netlinkCalls = 0;
  const refusing: ProcLane = Object.assign(Object.create(real) as ProcLane, {
    call: ((job, args, callOptions) => {
      if (job !== 'sockDiag') return real.call(job, args, callOptions);
      netlinkCalls++;
      return Promise.reject(new NetlinkError(`netlink sock_diag socket: ${code}`, code));
    }) as ProcLane['call'],
  });
  const users = new UserNames(options.passwdPath, refusing);
  const collector = createConnectionsCollector(
    options,
    refusing,
    createOwnerSource(options.procRoot, lane),
    new ProcessInfoReader(options.procRoot, refusing, users),
    users,
  );
  return {
    collector,
    calls: () => netlinkCalls,
    dispose: async () => {
      await collector.dispose();
      await real.dispose();
    },
  };
}

/** A collector whose netlink dump hands over its first chunk of records, then fails (a dump cut half-way). */
function cutDumpCollector(): {
  collector: ReturnType<typeof createConnectionsCollector>;
  dispose: () => Promise<void>;
} {
  const options = resolveLinuxOptions({ socketEngine: 'netlink', workerFile: null });
  const lane = { workerFile: null, watchdogMs: options.watchdogMs, operationsPerYield: options.operationsPerYield };
  const real = createLane({ ...lane, name: 'proc reader' });
  let cut = true;
  const cutting: ProcLane = Object.assign(Object.create(real) as ProcLane, {
    call: (async (job, args, callOptions) => {
      if (job !== 'sockDiag' || !cut) return real.call(job, args, callOptions);
      cut = false;
      let chunks = 0;
      await real.call(job, args, {
        ...callOptions,
        onChunk: (bytes: Uint8Array, length: number, part: number) => {
          if (chunks++ === 0) callOptions?.onChunk?.(bytes, length, part);
        },
      });
      throw new NetlinkError('netlink sock_diag recv: EAGAIN', 'EAGAIN');
    }) as ProcLane['call'],
  });
  const users = new UserNames(options.passwdPath, cutting);
  const collector = createConnectionsCollector(
    options,
    cutting,
    createOwnerSource(options.procRoot, lane),
    new ProcessInfoReader(options.procRoot, cutting, users),
    users,
  );
  return {
    collector,
    dispose: async () => {
      await collector.dispose();
      await real.dispose();
    },
  };
}

const unavailable = (warnings: string[]): string[] =>
  warnings.filter((w) => w.includes('netlink sock_diag is unavailable'));

describe.runIf(isLinux)('netlink refused (a sandbox that forbids it)', () => {
  it('reads the same sockets from /proc/net, says why, and does not ask netlink again', async () => {
    const { collector, calls, dispose } = refusingCollector('EACCES');
    try {
      const first = await collector.collect({ signal });
      expect(collector.lastEngine).toBe('procfs');
      expect(unavailable(first.warnings)).toEqual([
        'sockets read from /proc/net: netlink sock_diag is unavailable: netlink sock_diag socket: EACCES',
      ]);
      const fromNetlink = await setup.netlink.connections.collect({ signal });
      const shape = (rows: Connection[]): string[] =>
        ours(rows)
          .map((c) => `${c.protocol}${c.family} ${c.localPort} ${c.remotePort} ${c.state} ${c.inode} ${c.pid}`)
          .sort();
      expect(shape(first.data)).toHaveLength(4);
      expect(shape(first.data)).toEqual(shape(fromNetlink.data));
      const second = await collector.collect({ signal });
      expect(unavailable(second.warnings)).toHaveLength(1);
      expect(calls()).toBe(1);
    } finally {
      await dispose();
    }
  });

  it('drops the rows of a dump cut half-way: procfs gives every socket once, with its owner, then netlink again', async () => {
    const { collector, dispose } = cutDumpCollector();
    try {
      const shape = (rows: Connection[]): string[] =>
        ours(rows)
          .map((c) => `${c.protocol}${c.family} ${c.localPort} ${c.remotePort} ${c.state} ${c.inode} ${c.pid}`)
          .sort();
      const cut = await collector.collect({ signal });
      expect(collector.lastEngine).toBe('procfs');
      expect(unavailable(cut.warnings)).toHaveLength(1);
      const inodes = cut.data.flatMap((c) => (c.inode === null ? [] : [c.inode]));
      expect(new Set(inodes).size).toBe(inodes.length);
      expect(ours(cut.data).map((c) => c.pid)).toEqual([process.pid, process.pid, process.pid, process.pid]);
      const again = await collector.collect({ signal });
      expect(collector.lastEngine).toBe('netlink');
      expect(shape(again.data)).toEqual(shape(cut.data));
      // Every socket's owner, not only ours: inodes of the dropped rows left in the owner scan would shift them.
      const owner = new Map(again.data.map((c) => [c.inode, c.pid]));
      const differ = cut.data.filter((c) => c.inode !== null && owner.has(c.inode) && owner.get(c.inode) !== c.pid);
      expect(differ.map((c) => `${c.protocol}${c.family} ${c.localPort} ${c.inode} ${c.pid}`)).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it('lets go of the last netlink refresh (its row builder) once the sockets come from /proc/net', async () => {
    // The builder is kept between refreshes for V8's sake (shape-anchor.ts) and holds its refresh's rows: with no
    // netlink refresh to replace it, a stale refresh would stay in memory for as long as the app runs.
    const { collector, dispose } = cutDumpCollector();
    try {
      await collector.collect({ signal });
      expect(collector.lastEngine).toBe('procfs');
      expect(anchoredOf(NetlinkRowBuilder)).toBeUndefined();
      await collector.collect({ signal });
      expect(collector.lastEngine).toBe('netlink');
      expect(anchoredOf(NetlinkRowBuilder)).toBeInstanceOf(NetlinkRowBuilder);
      collector.socketEngine = 'procfs';
      await collector.collect({ signal });
      expect(collector.lastEngine).toBe('procfs');
      expect(anchoredOf(NetlinkRowBuilder)).toBeUndefined();
    } finally {
      await dispose();
    }
  });

  it('tries netlink again on the next refresh after a failure that is no refusal (a dump that timed out)', async () => {
    const { collector, calls, dispose } = refusingCollector('EAGAIN');
    try {
      const first = await collector.collect({ signal });
      expect(collector.lastEngine).toBe('procfs');
      expect(unavailable(first.warnings)).toHaveLength(1);
      await collector.collect({ signal });
      expect(calls()).toBe(2);
    } finally {
      await dispose();
    }
  });
});
