/**
 * A UDP socket's state on this machine's kernel, with sockets this test opens on loopback: connected, it is
 * ESTABLISHED (as `netstat -u` prints it and `ss -u` prints ESTAB); unconnected, it has none (netstat blank, ss
 * UNCONN). Both engines read it from the same kernel field (TCP_ESTABLISHED after connect()).
 */
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { createLinuxCollectors, type LinuxPlatformCollectors } from './index';

const isLinux = process.platform === 'linux';
if (!isLinux) console.warn('udp-state.test: not on Linux, skipping');
const signal = new AbortController().signal;

let unconnected: dgram.Socket;
let connected: dgram.Socket;
const engines: Record<'netlink' | 'procfs', LinuxPlatformCollectors | null> = { netlink: null, procfs: null };

const bound = async (family: 'udp4' | 'udp6', address: string): Promise<dgram.Socket> => {
  const socket = dgram.createSocket(family);
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return socket;
};

beforeAll(async () => {
  if (!isLinux) return;
  unconnected = await bound('udp6', '::1');
  connected = await bound('udp6', '::1');
  await new Promise<void>((resolve) => connected.connect(unconnected.address().port, '::1', resolve));
  engines.netlink = createLinuxCollectors({ socketEngine: 'netlink' });
  engines.procfs = createLinuxCollectors({ socketEngine: 'procfs' });
});

afterAll(async () => {
  if (!isLinux) return;
  unconnected.close();
  connected.close();
  await engines.netlink?.dispose?.();
  await engines.procfs?.dispose?.();
});

const byPort = (rows: Connection[], port: number): Connection | undefined =>
  rows.find((c) => c.protocol === 'udp' && c.localAddress === '::1' && c.localPort === port);

describe.runIf(isLinux)('a UDP socket state', () => {
  it.each(['netlink', 'procfs'] as const)('%s: connected ESTABLISHED, unconnected none', async (engine) => {
    const collectors = engines[engine];
    if (!collectors) throw new Error('no collectors');
    const { data } = await collectors.connections.collect({ signal });
    expect(byPort(data, connected.address().port)).toMatchObject({
      state: 'ESTABLISHED',
      remoteAddress: '::1',
      remotePort: unconnected.address().port,
    });
    expect(byPort(data, unconnected.address().port)?.state).toBe('NONE');
  });

  it('agrees with ss -u where ss is installed', (context) => {
    let ss: string;
    try {
      ss = execFileSync('ss', ['-uanH', 'src', '[::1]'], { encoding: 'utf8' });
    } catch {
      context.skip('ss is not installed here');
      return;
    }
    const stateOf = (port: number): string | undefined =>
      ss
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .find((cols) => cols[3] === `[::1]:${port}`)?.[0];
    expect(stateOf(connected.address().port)).toBe('ESTAB');
    expect(stateOf(unconnected.address().port)).toBe('UNCONN');
  });
});
