/** The Linux collectors on small fake /proc and /sys trees: what they skip, and what they cache. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { readSocketTables } from './socket-tables';
import { createInterfacesCollector, STATIC_ATTRIBUTES_MS } from './interfaces';
import { createRoutesCollector } from './routes';
import { resolveLinuxOptions } from './proc-fs';
import { createLane } from './worker-lane';

let root = '';
const signal = new AbortController().signal;
/** These tests are about what is read, not where: the jobs run in this thread. */
const io = createLane({ workerFile: null, watchdogMs: 1000, operationsPerYield: 1000, name: 'test' });
const write = (relative: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
};
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const UDP_ROW =
  '  1: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 0\n';

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'netscope-fake-tree-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readSocketTables', () => {
  const read = async (): Promise<Connection[]> => {
    const rows: Connection[] = [];
    await readSocketTables(io, path.join(root, 'proc'), [], (piece) => {
      for (const row of piece) rows.push(row);
    });
    return rows;
  };

  it('reads every table when there is no sockstat', async () => {
    write('proc/net/udp', HEADER + UDP_ROW);
    expect((await read()).map((c) => c.inode)).toEqual([4242]);
  });

  it('does not read a table that sockstat shows to be empty', async () => {
    write('proc/net/udp', HEADER + UDP_ROW);
    write('proc/net/sockstat', 'TCP: inuse 0 orphan 0 tw 0 alloc 0 mem 0\nUDP: inuse 0 mem 0\nRAW: inuse 0\n');
    expect(await read()).toEqual([]);
    write('proc/net/sockstat', 'TCP: inuse 0 orphan 0 tw 0 alloc 0 mem 0\nUDP: inuse 1 mem 0\nRAW: inuse 0\n');
    expect((await read()).map((c) => c.inode)).toEqual([4242]);
  });
});

describe('interfaces collector', () => {
  it('reads operstate every time, MTU again only after a while or when the state changes', async () => {
    write('proc/net/dev', 'Inter-|   Receive\n face |bytes\n  eth0: 1 2 0 0 0 0 0 0 3 4 0 0 0 0 0 0\n');
    write('sys/class/net/eth0/operstate', 'up\n');
    write('sys/class/net/eth0/mtu', '1500\n');
    write('sys/class/net/eth0/address', '02:00:00:00:00:01\n');
    let clock = 0;
    const options = resolveLinuxOptions({ procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys') });
    const collector = createInterfacesCollector(options, io, () => clock);
    const eth0 = async () => (await collector.collect({ signal })).data[0];
    expect(await eth0()).toMatchObject({ name: 'eth0', up: true, mtu: 1500, mac: '02:00:00:00:00:01' });

    write('sys/class/net/eth0/mtu', '9000\n');
    clock += 1000;
    expect(await eth0()).toMatchObject({ up: true, mtu: 1500 });
    clock += STATIC_ATTRIBUTES_MS;
    expect(await eth0()).toMatchObject({ up: true, mtu: 9000 });

    write('sys/class/net/eth0/mtu', '1400\n');
    write('sys/class/net/eth0/operstate', 'down\n');
    clock += 1000;
    expect(await eth0()).toMatchObject({ up: false, mtu: 1400 });
  });
});

describe('routes collector', () => {
  const ROUTE_HEADER = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n';
  const route = (iface: string, metric: number): string =>
    `${iface}\t00000000\t0100A8C0\t0003\t0\t0\t${metric}\t00000000\t0\t0\t0\n`;

  it('answers unchanged files with the same routes (not parsed again), and a changed file with new ones', async () => {
    write('proc/net/route', ROUTE_HEADER + route('eth0', 100));
    const options = resolveLinuxOptions({ procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys') });
    const collector = createRoutesCollector(options, io);
    const first = await collector.collect({ signal });
    expect(first.data.map((r) => [r.interface, r.metric])).toEqual([['eth0', 100]]);
    const same = await collector.collect({ signal });
    expect(same.data).toBe(first.data);
    expect(same.warnings).toEqual(first.warnings);

    write('proc/net/route', ROUTE_HEADER + route('eth1', 200));
    const changed = await collector.collect({ signal });
    expect(changed.data).not.toBe(first.data);
    expect(changed.data.map((r) => [r.interface, r.metric])).toEqual([['eth1', 200]]);
    // A route file that appears (IPv6 switched on) is a change too.
    write(
      'proc/net/ipv6_route',
      '00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001       lo\n',
    );
    const withV6 = await collector.collect({ signal });
    expect(withV6.data).not.toBe(changed.data);
    expect(withV6.data.length).toBe(2);
  });
});

describe('connections collector', () => {
  it('drops a row the kernel handed out twice while the table changed between reads', async () => {
    const { createLinuxCollectors } = await import('./index');
    write('proc/net/udp', HEADER + UDP_ROW + UDP_ROW.replace('  1:', '  2:'));
    mkdirSync(path.join(root, 'proc', '1', 'fd'), { recursive: true });
    const collectors = createLinuxCollectors({ procRoot: path.join(root, 'proc'), sysRoot: path.join(root, 'sys') });
    try {
      const { data } = await collectors.connections.collect({ signal });
      expect(data.map((c) => [c.inode, c.localPort])).toEqual([[4242, 53]]);
    } finally {
      await collectors.dispose?.();
    }
  });
});
