/**
 * Tables far past what spread arguments survive (Node 20 overflows the stack
 * at about 120k arguments): a router's full table of 200k IPv4 and 200k IPv6
 * routes, and 500k sockets, through the real parsers and the reading thread.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLinuxCollectors } from '../src/main/collectors/linux';
import {
  fakeFiles,
  makeFakeTree,
  procWorkerBundle,
  removeProcWorkerBundle,
  socketLine,
  type FakeTree,
} from './linux-fake-proc';

const isLinux = process.platform === 'linux';
const signal = new AbortController().signal;

let workerFile = '';
beforeAll(async () => {
  if (isLinux) workerFile = await procWorkerBundle();
});
afterAll(removeProcWorkerBundle);

let tree: FakeTree | null = null;
let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  tree?.remove();
});

function linesOf(count: number, line: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(line(i));
  return parts.join('');
}

const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

// Generous limits: building and parsing these tables takes seconds, more on a busy shared machine.
describe.skipIf(!isLinux)('large Linux tables', { timeout: 180_000 }, () => {
  it('reads 200k IPv4 and 200k IPv6 routes', async () => {
    const files = fakeFiles();
    files['proc/net/route'] =
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
      // 10.x.y.0/24 via 10.0.0.1, little-endian hex as the kernel writes it on x86.
      linesOf(
        200_000,
        (i) => `eth0\t${hex8(((i & 0xffff) << 8) | 0x0a)}\t0100000A\t0003\t0\t0\t100\t00FFFFFF\t0\t0\t0\n`,
      );
    files['proc/net/ipv6_route'] = linesOf(
      200_000,
      (i) =>
        `20010db8${hex8(i).toLowerCase()}0000000000000000 40 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0\n`,
    );
    tree = makeFakeTree(files);
    const collectors = createLinuxCollectors({ procRoot: tree.procRoot, sysRoot: tree.sysRoot, workerFile });
    dispose = collectors.dispose;
    const { data, warnings } = await collectors.routes.collect({ signal });
    expect(warnings).toEqual([]);
    expect(data).toHaveLength(400_000);
    expect(data[199_999]).toMatchObject({ family: 4, gateway: '10.0.0.1' });
    expect(data[399_999]).toMatchObject({ family: 6, prefixLength: 64 });
  });

  it('reads a 500k-row socket table', async () => {
    const files = fakeFiles();
    const header = files['proc/net/tcp']?.split('\n')[0] ?? '';
    // 500k listeners on 127.0.0.1, ports 1..65535 with a distinct inode each.
    files['proc/net/tcp'] =
      `${header}\n${linesOf(500_000, (i) => socketLine(i, (i % 65535) + 1, 1_000_000 + i, '0A'))}`;
    delete files['proc/net/sockstat'];
    tree = makeFakeTree(files);
    const collectors = createLinuxCollectors({
      procRoot: tree.procRoot,
      sysRoot: tree.sysRoot,
      passwdPath: tree.passwdPath,
      workerFile,
    });
    dispose = collectors.dispose;
    const { data } = await collectors.connections.collect({ signal });
    const tcp = data.filter((c) => c.protocol === 'tcp');
    expect(tcp).toHaveLength(500_000);
    expect(tcp[499_999]).toMatchObject({ localAddress: '127.0.0.1', inode: 1_499_999, state: 'LISTEN' });
    expect(new Set(tcp.map((c) => c.inode)).size).toBe(500_000);
  });
});
