/** The Linux collectors on this machine's real /proc, with sockets this test opens on loopback. */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { createLinuxCollectors } from './index';
import { FULL_SCAN_EVERY } from './owner-quiet';

const isLinux = process.platform === 'linux';
if (!isLinux) console.warn('linux-collectors.test: not on Linux, skipping the live /proc tests');

const signal = new AbortController().signal;
const ourName = isLinux ? readFileSync('/proc/self/comm', 'utf8').trim() : '';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Pair {
  server: net.Server;
  port: number;
  client: net.Socket;
  accepted: net.Socket;
}

async function openPair(host: string): Promise<Pair> {
  const server = net.createServer();
  const acceptedPromise = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, host);
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  const accepted = await acceptedPromise;
  const pair = { server, port, client, accepted };
  cleanups.push(() => closePair(pair));
  return pair;
}

async function closePair(pair: Pair): Promise<void> {
  pair.client.destroy();
  pair.accepted.destroy();
  await new Promise<void>((resolve) => pair.server.close(() => resolve()));
}

function find(connections: Connection[], match: Partial<Connection>): Connection | undefined {
  return connections.find((c) => Object.entries(match).every(([k, v]) => c[k as keyof Connection] === v));
}

function expectOurs(c: Connection | undefined): void {
  expect(c, 'socket not found').toBeDefined();
  expect(c?.pid).toBe(process.pid);
  expect(c?.processName).toBe(ourName);
  expect(c?.exePath).toBe(process.execPath);
  expect(c?.inode).toBeGreaterThan(0);
}

/** The fd number at which this process holds a socket inode. */
function fdOfInode(inode: number): string | undefined {
  return readdirSync('/proc/self/fd').find((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === `socket:[${inode}]`;
    } catch {
      return false;
    }
  });
}

describe.skipIf(!isLinux)('Linux collectors on the live /proc', () => {
  it('finds our listeners, connected pairs (IPv4 and IPv6) and UDP socket, then not once closed', async () => {
    const collectors = createLinuxCollectors();
    const v4 = await openPair('127.0.0.1');
    const v6 = await openPair('::1');
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const udpPort = udp.address().port;

    const { data } = await collectors.connections.collect({ signal });
    expect(collectors.connections.lastScanStats?.cold).toBe(true);
    for (const [pair, family, address] of [
      [v4, 4, '127.0.0.1'],
      [v6, 6, '::1'],
    ] as const) {
      expectOurs(find(data, { protocol: 'tcp', family, localAddress: address, localPort: pair.port, state: 'LISTEN' }));
      expectOurs(
        find(data, {
          protocol: 'tcp',
          family,
          localPort: pair.client.localPort,
          remotePort: pair.port,
          state: 'ESTABLISHED',
        }),
      );
      expectOurs(
        find(data, {
          protocol: 'tcp',
          family,
          localPort: pair.port,
          remotePort: pair.client.localPort,
          state: 'ESTABLISHED',
        }),
      );
    }
    expectOurs(
      find(data, { protocol: 'udp', family: 4, localAddress: '127.0.0.1', localPort: udpPort, state: 'NONE' }),
    );

    await closePair(v4);
    await closePair(v6);
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    const after = await collectors.connections.collect({ signal });
    expect(collectors.connections.lastScanStats?.cold).toBe(false);
    const ours = (c: Connection): boolean => c.pid === process.pid;
    expect(
      after.data.filter(ours).filter((c) => [v4.port, v6.port].includes(c.localPort) || c.localPort === udpPort),
    ).toEqual([]);
    expect(find(after.data, { localPort: v4.port, state: 'LISTEN' })).toBeUndefined();
  });

  it('finds a connection opened between two scans, with our PID, on the warm scan', async () => {
    const collectors = createLinuxCollectors();
    await collectors.connections.collect({ signal });
    const pair = await openPair('127.0.0.1');
    const warm = await collectors.connections.collect({ signal });
    const stats = collectors.connections.lastScanStats;
    expect(stats?.cold).toBe(false);
    // Our process was re-read in part (its fd list changed); most were served from the cache.
    expect(stats?.partlyRescanned).toBeGreaterThanOrEqual(1);
    expect(stats?.unchanged).toBeGreaterThan(0);
    expectOurs(
      find(warm.data, {
        protocol: 'tcp',
        localPort: pair.client.localPort,
        remotePort: pair.port,
        state: 'ESTABLISHED',
      }),
    );
    expectOurs(find(warm.data, { protocol: 'tcp', localPort: pair.port, state: 'LISTEN' }));
  });

  it('gives the new socket to the right process when an fd number is closed and reused', async () => {
    const collectors = createLinuxCollectors();
    const listener = await openPair('127.0.0.1');
    const first = await collectors.connections.collect({ signal });
    const oldInode = find(first.data, { localPort: listener.client.localPort, remotePort: listener.port })?.inode ?? 0;
    const oldFd = fdOfInode(oldInode);
    expect(oldFd).toBeDefined();

    const closed = new Promise<void>((resolve) => listener.client.once('close', () => resolve()));
    listener.client.destroy();
    await closed;
    const fresh = net.connect(listener.port, '127.0.0.1');
    cleanups.push(() => void fresh.destroy());
    await new Promise<void>((resolve) => fresh.once('connect', resolve));

    const warm = await collectors.connections.collect({ signal });
    const socket = find(warm.data, { localPort: fresh.localPort, remotePort: listener.port, state: 'ESTABLISHED' });
    expectOurs(socket);
    expect(socket?.inode).not.toBe(oldInode);
    expect(fdOfInode(socket?.inode ?? 0), 'the kernel should have reused the lowest free fd').toBe(oldFd);
    expect(collectors.connections.lastScanStats?.cold).toBe(false);
  });

  it("attributes a child process's socket to the child, with its name", async () => {
    const collectors = createLinuxCollectors();
    await collectors.connections.collect({ signal });
    const child = spawn(
      process.execPath,
      [
        '-e',
        "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port));setTimeout(()=>{},30000)",
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    cleanups.push(() => void child.kill());
    const port = await new Promise<number>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))),
    );
    const { data } = await collectors.connections.collect({ signal });
    const socket = find(data, { protocol: 'tcp', localPort: port, state: 'LISTEN' });
    expect(socket?.pid).toBe(child.pid);
    expect(socket?.exePath).toBe(process.execPath);
    expect(socket?.commandLine).toContain('createServer');
    const info = await collectors.processInfo(child.pid ?? -1);
    expect(info).toMatchObject({ pid: child.pid, exePath: process.execPath });
    expect(info?.startTime).toBeGreaterThan(Date.now() - 60_000);
    expect(info?.startTime).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('finds a socket handed to another process while we live on within FULL_SCAN_EVERY refreshes', async () => {
    const collectors = createLinuxCollectors();
    const pair = await openPair('127.0.0.1');
    // Settled: a cold pass and a full warm one, after which a refresh may be quiet (owner-quiet.ts).
    for (let i = 0; i < 3; i++) await collectors.connections.collect({ signal });
    const child = spawn(
      process.execPath,
      ['-e', "process.on('message',(m,s)=>{if(s)process.send('held')});setTimeout(()=>{},30000)"],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    );
    cleanups.push(() => void child.kill());
    const held = new Promise((resolve) => child.once('message', resolve));
    // Sent over the IPC channel (SCM_RIGHTS); this process closes its fd once sent: same inode, new owner.
    child.send('socket', pair.accepted);
    await held;
    const accepted = { protocol: 'tcp', localPort: pair.port, remotePort: pair.client.localPort } as const;
    const owners: (number | null | undefined)[] = [];
    for (let i = 0; i < FULL_SCAN_EVERY; i++)
      owners.push(find((await collectors.connections.collect({ signal })).data, accepted)?.pid);
    expect(owners[owners.length - 1]).toBe(child.pid);
  });

  it('finds the owner of a socket opened after quiet refreshes at once', async () => {
    const collectors = createLinuxCollectors();
    for (let i = 0; i < 3; i++) await collectors.connections.collect({ signal });
    const pair = await openPair('127.0.0.1');
    const { data } = await collectors.connections.collect({ signal });
    expect(collectors.connections.lastScanStats?.quiet).toBe(false);
    expectOurs(find(data, { protocol: 'tcp', localPort: pair.client.localPort, remotePort: pair.port }));
  });

  it('reads interfaces, routes, protocol statistics and process details', async () => {
    const collectors = createLinuxCollectors();
    const interfaces = (await collectors.interfaces.collect({ signal })).data;
    const lo = interfaces.find((i) => i.name === 'lo');
    expect(lo).toMatchObject({ up: true, speedMbps: null });
    expect(lo?.mtu).toBeGreaterThan(0);
    expect(lo?.counters.rxBytes).toBeGreaterThan(0);
    const routes = await collectors.routes.collect({ signal });
    expect(routes.warnings).toEqual([]);
    expect(routes.data.every((r) => r.interface !== '')).toBe(true);
    const stats = (await collectors.protocolStats.collect({ signal })).data;
    expect(stats.Tcp?.ActiveOpens).toBeGreaterThan(0);
    expect(stats.TcpExt).toBeDefined();
    const me = await collectors.processInfo(process.pid);
    expect(me).toMatchObject({ pid: process.pid, name: ourName, exePath: process.execPath, uid: process.getuid?.() });
    expect(await collectors.processInfo(2 ** 30)).toBeNull();
  });

  it('owns all of 5k loopback connections (timing note, not a bound)', async () => {
    const server = net.createServer();
    const accepted: net.Socket[] = [];
    server.on('connection', (s) => accepted.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 1024, resolve));
    const port = (server.address() as net.AddressInfo).port;
    const clients: net.Socket[] = [];
    cleanups.push(async () => {
      for (const s of [...clients, ...accepted]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 500 }, () => {
          const c = net.connect(port, '127.0.0.1');
          clients.push(c);
          return new Promise<void>((resolve, reject) => {
            c.once('connect', resolve);
            c.once('error', reject);
          });
        }),
      );
    }
    // A connection still in the accept queue has no fd (and inode 0) yet.
    while (accepted.length < 5000) await new Promise((resolve) => setTimeout(resolve, 10));
    const collectors = createLinuxCollectors();
    let t = performance.now();
    const cold = await collectors.connections.collect({ signal });
    const coldMs = performance.now() - t;
    t = performance.now();
    const warm = await collectors.connections.collect({ signal });
    const warmMs = performance.now() - t;
    // Exactly our pairs (other processes on a shared machine may use the same port number elsewhere).
    const clientPorts = new Set(clients.map((c) => c.localPort));
    const ours = warm.data.filter(
      (c) =>
        c.protocol === 'tcp' &&
        c.state === 'ESTABLISHED' &&
        c.localAddress === '127.0.0.1' &&
        c.remoteAddress === '127.0.0.1' &&
        ((c.localPort === port && clientPorts.has(c.remotePort)) ||
          (c.remotePort === port && clientPorts.has(c.localPort))),
    );
    expect(ours.length).toBe(10_000);
    expect(ours.every((c) => c.pid === process.pid)).toBe(true);
    expect(cold.data.length).toBeGreaterThanOrEqual(10_000);
    console.log(
      `5k loopback connections (${warm.data.length} sockets): cold collect ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms`,
      collectors.connections.lastScanStats,
    );
  });
});
