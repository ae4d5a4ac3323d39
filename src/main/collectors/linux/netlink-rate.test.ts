/**
 * The netlink engine's rates against a transfer measured by the test itself:
 * a child process streams bytes over loopback and counts what its receiving
 * end has read; the engine's receive and send rates over two refreshes must be
 * within 25% of the rate the child's own counts give over the same interval,
 * and the sockets' owner must be the child. No speed is asserted: only the
 * ratio of two measurements of one transfer.
 * WHY a child: the transfer then runs while this thread parses the dump, and
 * the owner to find is a PID other than the test's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { createLinuxCollectors, type LinuxPlatformCollectors } from './index';

const isLinux = process.platform === 'linux';

/** Streams from a client to a server in the same child; answers 'count' with the bytes the server has read. */
const CHILD = `
const net = require('node:net');
let received = 0;
const server = net.createServer((s) => s.on('data', (d) => { received += d.length; }));
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const client = net.connect(port, '127.0.0.1', () => {
    const block = Buffer.alloc(1 << 20, 0x5a);
    let sending = true;
    const pump = () => { while (sending && client.write(block)); if (sending) client.once('drain', pump); };
    pump();
    process.on('message', (m) => {
      if (m === 'count') process.send({ received });
      if (m === 'stop') { sending = false; client.destroy(); server.close(); process.disconnect(); }
    });
    process.send({ port, clientPort: client.localPort });
  });
});
// Bounded: the test stops it far sooner.
setTimeout(() => process.exit(0), 120000).unref();
`;

let child: ChildProcess;
let ports: { port: number; clientPort: number };
let collectors: LinuxPlatformCollectors;
const signal = new AbortController().signal;

function ask(): Promise<{ received: number; at: number }> {
  return new Promise((resolve) => {
    child.once('message', (m: { received: number }) => resolve({ received: m.received, at: performance.now() }));
    child.send('count');
  });
}

beforeAll(async () => {
  if (!isLinux) return;
  child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  ports = await new Promise((resolve) => child.once('message', resolve));
  collectors = createLinuxCollectors({ socketEngine: 'netlink' });
});

afterAll(async () => {
  if (!isLinux) return;
  if (child.connected) child.send('stop');
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  await collectors.dispose?.();
});

/** One refresh bracketed by the child's counts: the engine read the counters somewhere in between. */
async function refresh(): Promise<{
  rows: Connection[];
  before: { received: number; at: number };
  after: { received: number; at: number };
}> {
  const before = await ask();
  const { data } = await collectors.connections.collect({ signal });
  const after = await ask();
  return { rows: data, before, after };
}

describe.runIf(isLinux)('netlink engine rates', () => {
  it('are within 25% of the transfer rate the test measures over the same two refreshes, with the owner PID', async () => {
    const first = await refresh();
    expect(collectors.connections.lastEngine).toBe('netlink');
    const firstTook = first.after.at - first.before.at;
    // The interval is long against a refresh (8x, at least 1 s), so where in its refresh the
    // engine read the counters moves the measured interval by little.
    const gapMs = Math.max(1000, 8 * firstTook);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    const second = await refresh();
    const secondTook = second.after.at - second.before.at;
    // Each refresh's moment and byte count: the middle of its bracket.
    const mid = (r: typeof first) => ({
      at: (r.before.at + r.after.at) / 2,
      received: (r.before.received + r.after.received) / 2,
    });
    const [m1, m2] = [mid(first), mid(second)];
    const measured = (m2.received - m1.received) / ((m2.at - m1.at) / 1000);
    const receiver = second.rows.find(
      (c) => c.protocol === 'tcp' && c.localPort === ports.port && c.remotePort === ports.clientPort,
    );
    const sender = second.rows.find(
      (c) => c.protocol === 'tcp' && c.localPort === ports.clientPort && c.remotePort === ports.port,
    );
    const context = { measured, gapMs, firstTook, secondTook, receiver: receiver?.traffic, sender: sender?.traffic };
    expect(receiver?.pid, JSON.stringify(context)).toBe(child.pid);
    expect(sender?.pid).toBe(child.pid);
    expect(measured).toBeGreaterThan(0);
    const receiveRatio = (receiver?.traffic?.receiveRate ?? 0) / measured;
    const sendRatio = (sender?.traffic?.sendRate ?? 0) / measured;
    expect(receiveRatio, JSON.stringify(context)).toBeGreaterThan(0.75);
    expect(receiveRatio, JSON.stringify(context)).toBeLessThan(1.25);
    expect(sendRatio, JSON.stringify(context)).toBeGreaterThan(0.75);
    expect(sendRatio, JSON.stringify(context)).toBeLessThan(1.25);
  }, 120_000);
});
