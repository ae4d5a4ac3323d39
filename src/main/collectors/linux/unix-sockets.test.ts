/** The UNIX socket collector on this machine's real /proc, with sockets this test makes. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UnixSocket } from '../../../shared/unix-socket';
import { parseSsUnixLine } from '../../parsers/linux-commands/unix-text';
import { createUnixSocketsCollector, readUserNames, withPeers } from './unix-sockets';

const isLinux = process.platform === 'linux';
const hasPython = isLinux && spawnSync('python3', ['-c', '0']).status === 0;
if (!isLinux) console.warn('unix-sockets.test: not on Linux, skipping the live /proc tests');

const signal = new AbortController().signal;
const dir = isLinux ? mkdtempSync(path.join(tmpdir(), 'netscope-unix-')) : '';
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** The inode behind one of this process's descriptors (socket:[123] -> 123). */
function inodeOfFd(fd: number): number {
  const link = readlinkSync(`/proc/self/fd/${fd}`);
  const m = /^socket:\[(\d+)\]$/.exec(link);
  if (!m) throw new Error(`fd ${fd} is ${link}, not a socket`);
  return Number(m[1]);
}

function fdOf(handle: unknown): number {
  const fd = (handle as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('no descriptor on this handle');
  return fd;
}

async function listen(address: string): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, resolve);
  });
  cleanups.push(() => server.close());
  return server;
}

async function connectedPair(
  address: string,
  server: net.Server,
): Promise<{ client: net.Socket; accepted: net.Socket }> {
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const client = net.connect(address);
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  const other = await accepted;
  cleanups.push(() => {
    client.destroy();
    other.destroy();
  });
  return { client, accepted: other };
}

/** A python3 child holding a datagram socket bound at `at` until its stdin closes. */
async function datagramChild(at: string): Promise<ChildProcess> {
  const script =
    'import socket,sys\ns=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\ns.bind(sys.argv[1])\n' +
    'print("ready",flush=True)\nsys.stdin.read()\n';
  const child = spawn('python3', ['-c', script, at], { stdio: ['pipe', 'pipe', 'inherit'] });
  cleanups.push(() => void child.stdin?.end());
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', () => resolve());
  });
  return child;
}

function byInode(sockets: UnixSocket[], inode: number): UnixSocket | undefined {
  return sockets.find((s) => s.inode === inode);
}

describe.skipIf(!isLinux)('UNIX socket collector on the live /proc', () => {
  it('finds a listener at a path, an abstract one, a connected pair, a socketpair and a datagram socket', async () => {
    const listenPath = path.join(dir, 'listen.sock');
    const server = await listen(listenPath);
    const abstractName = `netscope-test-${process.pid}-${Date.now()}`;
    // libuv binds the whole sun_path, so the kernel prints the name's NUL padding as '@' too (as ss does).
    await listen(`\0${abstractName}`);
    const { client, accepted } = await connectedPair(listenPath, server);
    // libuv makes a child's stdio pipes with socketpair(AF_UNIX, SOCK_STREAM): this end is ours.
    const child = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'inherit', 'inherit'] });
    cleanups.push(() => void child.stdin?.end());
    const pairInode = inodeOfFd(fdOf(child.stdin));
    const dgramPath = path.join(dir, 'dgram.sock');
    const python = hasPython ? await datagramChild(dgramPath) : null;
    if (!hasPython) console.warn('unix-sockets.test: no python3, the datagram socket is not checked');

    const collector = createUnixSocketsCollector();
    const { data, warnings } = await collector.collect({ signal });
    expect(warnings.filter((w) => /could not be read/.test(w))).toEqual([]);

    const uid = process.getuid?.() ?? null;
    const user = uid === null ? null : ((await readUserNames()).get(uid) ?? null);
    const mine = { pid: process.pid, uid, user };
    expect(data.find((s) => s.path === listenPath && s.state === 'LISTENING')).toMatchObject({
      type: 'stream',
      ...mine,
      id: expect.stringMatching(/^unix:\d+$/),
    });
    expect(data.find((s) => s.path?.startsWith(`@${abstractName}`))).toMatchObject({
      type: 'stream',
      state: 'LISTENING',
      ...mine,
    });
    expect(byInode(data, inodeOfFd(fdOf(client)))).toMatchObject({
      type: 'stream',
      state: 'CONNECTED',
      path: null,
      ...mine,
    });
    // The accepted end carries the listener's name.
    expect(byInode(data, inodeOfFd(fdOf(accepted)))).toMatchObject({ state: 'CONNECTED', path: listenPath, ...mine });
    expect(byInode(data, pairInode)).toMatchObject({ type: 'stream', state: 'CONNECTED', path: null, ...mine });
    if (python) {
      expect(data.find((s) => s.path === dgramPath)).toMatchObject({
        type: 'dgram',
        state: 'UNCONNECTED',
        pid: python.pid,
        processName: 'python3',
      });
    }
    // Every socket is listed once.
    expect(new Set(data.map((s) => s.id)).size).toBe(data.length);
  });

  it('fills peers from a peer source (the sock_diag seam)', async () => {
    const listenPath = path.join(dir, 'peer.sock');
    const server = await listen(listenPath);
    const { client, accepted } = await connectedPair(listenPath, server);
    const a = inodeOfFd(fdOf(client));
    const b = inodeOfFd(fdOf(accepted));
    const collector = createUnixSocketsCollector(
      {},
      async () =>
        new Map([
          [a, { peerInode: b, rxQueue: 0, txQueue: 0 }],
          [b, { peerInode: a, rxQueue: 3, txQueue: 0 }],
        ]),
    );
    const { data } = await collector.collect({ signal });
    expect(byInode(data, a)?.peerInode).toBe(b);
    expect(byInode(data, b)).toMatchObject({ peerInode: a, rxQueue: 3 });
  });

  it('finds peers through sock_diag: a pair made here, each the peer of the other, as `ss -xp` says', async (t) => {
    const listenPath = path.join(dir, 'diag.sock');
    const server = await listen(listenPath);
    const { client, accepted } = await connectedPair(listenPath, server);
    const a = inodeOfFd(fdOf(client));
    const b = inodeOfFd(fdOf(accepted));
    const { data, warnings } = await createUnixSocketsCollector().collect({ signal });
    if (warnings.some((w) => w.startsWith('no peers'))) {
      t.skip(`netlink sock_diag unavailable here: ${warnings.join('; ')}`);
      return;
    }
    // sock_diag's queues too (/proc/net/unix has none): nothing waits in them.
    expect(byInode(data, a)).toMatchObject({ peerInode: b, pid: process.pid, rxQueue: 0, txQueue: 0 });
    expect(byInode(data, b)).toMatchObject({ peerInode: a, pid: process.pid, path: listenPath });
    const ss = spawnSync('ss', ['-xpan'], { encoding: 'utf8' });
    if (ss.status !== 0) {
      t.skip('no ss (iproute2) to compare with');
      return;
    }
    const ssRows = ss.stdout.split('\n').map(parseSsUnixLine);
    const ssPeer = (inode: number) => ssRows.find((r) => r?.inode === inode)?.peerInode;
    expect([ssPeer(a), ssPeer(b)]).toEqual([b, a]);
    // Every peer both saw agrees (sockets come and go between the two reads: compare only those in both).
    const ours = new Map(data.map((s) => [s.inode, s.peerInode]));
    const disagreements = ssRows.filter(
      (r) =>
        r !== null &&
        r.inode !== null &&
        r.peerInode !== null &&
        ours.has(r.inode) &&
        ours.get(r.inode) !== r.peerInode,
    );
    expect(disagreements).toEqual([]);
  });

  it("gives a listener's pending connections and backlog limit as Recv-Q and Send-Q, as `ss -xl` does", async (t) => {
    // A child whose listener (backlog 7) never accepts: its event loop is blocked once it has said so. Three
    // connections made here wait in its queue (a UNIX connect completes without accept while the queue has room).
    const listenPath = path.join(dir, 'backlog.sock');
    const script =
      "require('net').createServer().listen({ path: process.argv[1], backlog: 7 }, () => {\n" +
      "  process.stdout.write('ready\\n', () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0));\n" +
      '});\n';
    const child = spawn(process.execPath, ['-e', script, listenPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void child.kill());
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.stdout?.once('data', () => resolve());
    });
    for (let i = 0; i < 3; i++) {
      const client = net.connect(listenPath);
      cleanups.push(() => void client.destroy());
      await new Promise<void>((resolve, reject) => {
        client.once('connect', resolve);
        client.once('error', reject);
      });
    }
    const { data, warnings } = await createUnixSocketsCollector().collect({ signal });
    if (warnings.some((w) => w.startsWith('no peers'))) {
      t.skip(`netlink sock_diag unavailable here: ${warnings.join('; ')}`);
      return;
    }
    const listener = data.find((s) => s.path === listenPath && s.state === 'LISTENING');
    expect(listener).toMatchObject({ pid: child.pid, rxQueue: 3, txQueue: 7 });
    const ss = spawnSync('ss', ['-xlnH'], { encoding: 'utf8' });
    if (ss.status !== 0) {
      t.skip('no ss (iproute2) to compare with');
      return;
    }
    const ssRow = ss.stdout
      .split('\n')
      .map(parseSsUnixLine)
      .find((r) => r?.inode === listener?.inode);
    expect([ssRow?.rxQueue, ssRow?.txQueue]).toEqual([listener?.rxQueue, listener?.txQueue]);
  });

  it('keeps every row without peers, and says why, when the peer source fails', async () => {
    const { data, warnings } = await createUnixSocketsCollector({}, async () => {
      throw new Error('netlink sock_diag socket: EPERM');
    }).collect({ signal });
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((s) => s.peerInode === null)).toBe(true);
    expect(warnings).toContain('no peers (sock_diag refused: netlink sock_diag socket: EPERM)');
  });

  it('reports a missing /proc/net/unix as an error of its own', async () => {
    const collector = createUnixSocketsCollector({ procRoot: path.join(dir, 'no-such-proc') });
    await expect(collector.collect({ signal })).rejects.toThrow(/ENOENT/);
  });
});

describe('withPeers', () => {
  it('sets a peer only where the map has a non-zero one, and the queues sock_diag gave', () => {
    const sockets = [
      { inode: 1, peerInode: null, rxQueue: null },
      { inode: 2, peerInode: null, rxQueue: null },
      { inode: null, peerInode: null, rxQueue: null },
      { inode: 4, peerInode: null, rxQueue: null },
    ] as UnixSocket[];
    withPeers(
      sockets,
      new Map([
        [1, { peerInode: 2, rxQueue: 5, txQueue: 0 }],
        [2, { peerInode: 0, rxQueue: 0, txQueue: 0 }],
      ]),
    );
    expect(sockets.map((s) => [s.peerInode, s.rxQueue])).toEqual([
      [2, 5],
      [null, 0],
      [null, null],
      [null, null],
    ]);
  });
});

describe.skipIf(!isLinux)('readUserNames', () => {
  it('reads names by uid from a passwd file, the first of a repeated uid', async () => {
    const file = path.join(dir, 'passwd');
    writeFileSync(
      file,
      'root:x:0:0::/root:/bin/sh\nbad line\ntoor:x:0:0::/:/bin/sh\nalice:x:1000:1000::/home/a:/bin/sh\n',
    );
    expect([...(await readUserNames(file))]).toEqual([
      [0, 'root'],
      [1000, 'alice'],
    ]);
  });
});
