import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ElevationDeps } from './elevation';
import { createWindowsCollectors } from './index';
import { NO_ERROR, type IpHelper } from './iphlpapi';
import type { ProcessImageReader } from './processes';
import type { CommandResult, CommandRunner } from './run';

const NETSTAT_ANO = [
  '',
  'Aktive Verbindungen',
  '',
  '  Proto  Lokale Adresse         Remoteadresse          Status           PID',
  '  TCP    0.0.0.0:135            0.0.0.0:0              ABHÖREN         916',
  '  TCP    10.0.0.5:50000         10.0.0.9:443           HERGESTELLT     4242',
  '  UDP    0.0.0.0:5355           *:*                                    4',
  '',
].join('\r\n');

const TASKLIST = '"System","4","Services","0","144 K"\r\n"svchost.exe","916","Services","0","9.000 K"\r\n';

function recordingRunner(outputs: Record<string, Uint8Array>): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  const run = async (file: string, args: readonly string[]): Promise<CommandResult> => {
    const key = [file, ...args].join(' ');
    calls.push(key);
    const stdout = outputs[key];
    if (!stdout) throw new Error(`unexpected command ${key}`);
    return { code: 0, stdout, stderr: new Uint8Array() };
  };
  return Object.assign(run, { calls });
}

const signal = new AbortController().signal;

const readerFor = (paths: Record<number, string>): ProcessImageReader => ({
  read: (pid) => (paths[pid] ? { exePath: paths[pid] ?? null, startTime: 1000 + pid } : null),
});

describe('createWindowsCollectors', () => {
  it('falls back to netstat -ano (UTF-16LE output) when the IP Helper fails, and names owners', async () => {
    const run = recordingRunner({
      'netstat -ano': new Uint8Array([0xff, 0xfe, ...iconv.encode(NETSTAT_ANO, 'utf16le')]),
      'tasklist /fo csv /nh': Buffer.from(TASKLIST),
    });
    const collectors = createWindowsCollectors({
      run,
      loadIpHelper: async () => Promise.reject(new Error('koffi missing')),
      loadProcessReader: async () => readerFor({ 4242: 'C:\\Apps\\chrome.exe' }),
    });
    const { data, warnings } = await collectors.connections.collect({ signal });
    expect(data.map((c) => [c.state, c.pid, c.processName])).toEqual([
      ['LISTEN', 916, 'svchost.exe'],
      ['ESTABLISHED', 4242, 'chrome.exe'],
      ['NONE', 4, 'System'],
    ]);
    expect(data[1]?.exePath).toBe('C:\\Apps\\chrome.exe');
    expect(data.every((c) => c.id.length > 0)).toBe(true);
    expect(warnings[0]).toMatch(/IP Helper unavailable \(koffi missing\)/);
    // 916's path was unreadable; PID 4 (the kernel) has none and does not count.
    expect(warnings).toContain(
      '1 sockets belong to processes this user cannot read: use "Resolve owners as administrator" (--elevate)',
    );
  });

  it('uses the IP Helper tables when they load, without running netstat', async () => {
    const table = new Uint8Array(4 + 12);
    const view = new DataView(table.buffer);
    view.setUint32(0, 1, true);
    table.set([127, 0, 0, 1], 4);
    view.setUint16(8, 53, false);
    view.setUint32(12, 77, true);
    const helper: IpHelper = {
      getTable: (kind, size) =>
        kind === 'udp4'
          ? { status: NO_ERROR, bytes: table, size }
          : { status: NO_ERROR, bytes: new Uint8Array(4), size },
    };
    const run = recordingRunner({});
    const collectors = createWindowsCollectors({
      run,
      loadIpHelper: async () => helper,
      loadProcessReader: async () => readerFor({ 77: 'D:\\dns.exe' }),
    });
    const { data, warnings } = await collectors.connections.collect({ signal });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      protocol: 'udp',
      localAddress: '127.0.0.1',
      localPort: 53,
      pid: 77,
      processName: 'dns.exe',
    });
    expect(warnings).toEqual([]);
    expect(run.calls).toEqual([]);
  });

  it('merges an accepted elevation into later snapshots', async () => {
    const anob = `${NETSTAT_ANO.replace('ABHÖREN         916', 'ABHÖREN         916\r\n  RpcSs\r\n [svchost.exe]')}`;
    const elevation: ElevationDeps = {
      runElevated: async () => ({ kind: 'ok' }),
      makeTempDir: async () => 'T',
      readFile: async (file) =>
        file === 'T\\owners.txt' ? iconv.encode(anob, 'cp850') : Promise.reject(new Error('ENOENT')),
      removeDir: async () => undefined,
    };
    const run = recordingRunner({
      'netstat -ano': iconv.encode(NETSTAT_ANO, 'cp850'),
      'tasklist /fo csv /nh': Buffer.from(''),
    });
    const collectors = createWindowsCollectors({
      run,
      elevation,
      loadIpHelper: async () => Promise.reject(new Error('no')),
      loadProcessReader: async () => readerFor({}),
    });
    expect(await collectors.elevateOwners()).toEqual({ kind: 'accepted', resolved: 3 });
    const { data } = await collectors.connections.collect({ signal });
    expect(data[0]).toMatchObject({ pid: 916, processName: 'svchost.exe', components: ['RpcSs'] });
  });

  it('collects routes, interface totals and protocol counters from OEM-encoded output', async () => {
    const route =
      '===========================================================================\r\nIPv4 Table de routage\r\n===========================================================================\r\nItinéraires actifs :\r\n          0.0.0.0          0.0.0.0      10.33.3.253      10.33.2.249     35\r\n===========================================================================\r\n';
    const e =
      'Statistiques de l’interface\r\n\r\n   Reçus   Envoyés\r\nOctets  10  20\r\nPaquets unicast  1  2\r\nPaquets non-unicast  3  4\r\nRejets  0  0\r\nErreurs  0  0\r\nProtocoles inconnus  0\r\n';
    const s = 'Statistiques TCP pour IPv4\r\n\r\n  Ouvertures actives  = 7\r\n  Ouvertures passives = 8\r\n';
    const run = recordingRunner({
      'route print': iconv.encode(route, 'cp850'),
      'netstat -e': iconv.encode(e, 'cp850'),
      'netstat -s': iconv.encode(s, 'cp850'),
    });
    const collectors = createWindowsCollectors({ run });
    expect((await collectors.routes.collect({ signal })).data[0]).toMatchObject({
      destination: '0.0.0.0',
      gateway: '10.33.3.253',
      metric: 35,
    });
    expect((await collectors.interfaces.collect({ signal })).data[0]?.counters).toMatchObject({
      rxBytes: 10,
      txBytes: 20,
      rxPackets: 4,
      txPackets: 6,
    });
    expect((await collectors.protocolStats.collect({ signal })).data).toEqual({
      Tcp: { 'Ouvertures actives': 7, 'Ouvertures passives': 8 },
    });
  });

  it('processInfo: reader first, tasklist for names, null for unknown PIDs', async () => {
    const run = recordingRunner({ 'tasklist /fo csv /nh': Buffer.from(TASKLIST) });
    const collectors = createWindowsCollectors({
      run,
      loadProcessReader: async () => readerFor({ 10: 'C:\\x\\a.exe' }),
    });
    expect(await collectors.processInfo(10)).toMatchObject({
      pid: 10,
      name: 'a.exe',
      exePath: 'C:\\x\\a.exe',
      startTime: 1010,
    });
    expect(await collectors.processInfo(916)).toMatchObject({ name: 'svchost.exe', exePath: null });
    expect(await collectors.processInfo(31337)).toBeNull();
  });
});

describe('NETSCOPE_WINDOWS_CONSOLE_ONLY=1 (the test-only switch the Wine suite uses)', () => {
  it('makes the collectors read netstat -ano even where IP Helper loads', async () => {
    const previous = process.env.NETSCOPE_WINDOWS_CONSOLE_ONLY;
    process.env.NETSCOPE_WINDOWS_CONSOLE_ONLY = '1';
    try {
      const run = recordingRunner({
        'netstat -ano': Buffer.from(NETSTAT_ANO),
        'tasklist /fo csv /nh': Buffer.from(TASKLIST),
      });
      const helper: IpHelper = { getTable: () => ({ status: NO_ERROR, bytes: new Uint8Array(4), size: 4 }) };
      const collectors = createWindowsCollectors({ run, loadIpHelper: async () => helper });
      const result = await collectors.connections.collect({ signal });
      expect(run.calls[0]).toBe('netstat -ano');
      expect(result.data).toHaveLength(3);
      expect(result.warnings[0]).toMatch(/IP Helper unavailable \(disabled by NETSCOPE_WINDOWS_CONSOLE_ONLY=1\)/);
    } finally {
      if (previous === undefined) delete process.env.NETSCOPE_WINDOWS_CONSOLE_ONLY;
      else process.env.NETSCOPE_WINDOWS_CONSOLE_ONLY = previous;
    }
  });
});
