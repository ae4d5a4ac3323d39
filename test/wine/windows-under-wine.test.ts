/**
 * The Windows collectors run for real: the built CLI under Wine with the Windows node.exe (see wine-harness.ts),
 * checked against this machine's truth at the same moment (`ss`, `ip route`, /proc/net/dev, /sys/class/net,
 * /proc/net/snmp), since Wine's iphlpapi answers from the Linux kernel's own tables.
 *
 * What Wine cannot show, and so is not checked here (each says so where it applies):
 * - owner PIDs: Wine reports PID 0 for every socket;
 * - IPv6 routes: Wine 8's GetIpForwardTable2 returns IPv4 routes only;
 * - the interface metric: Wine 8 does not implement GetIpInterfaceTable (error 50);
 * - `route print`: Wine 8 has no route.exe; its netstat.exe lists IPv4 sockets only, TCP only when established,
 *   closing or in TIME_WAIT, and without a PID column.
 * Where Wine is absent the suite skips with the reason; with CI set, an unusable Wine fails it.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import type { Connection, NetInterface, ProtocolStats, Route } from '../../src/shared/model';
import { openOwnSockets, type OwnSockets } from './own-sockets';
import { compareWithReads, connectionKeyOf, readsAround } from './socket-truth';
import { prepareWine, runUnderWine, WindowsCli, WineTooSlowError, type WineEnv } from './wine-harness';

const wine = prepareWine();
const CONSOLE_ONLY = { NETSCOPE_WINDOWS_CONSOLE_ONLY: '1' };

/**
 * What Wine 8's netstat.exe prints, whatever the switches: IPv4 only (GetTcpTable/GetUdpTable), TCP only in
 * ESTABLISHED, CLOSE_WAIT and TIME_WAIT (programs/netstat/netstat.c), and no PID column.
 */
function listedByWineNetstat(key: string, state: string): boolean {
  if (key.startsWith('udp4 ')) return true;
  return key.startsWith('tcp4 ') && ['ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT'].includes(state);
}

describe('Wine for the Windows suite', () => {
  it('is installed and set up (required when CI is set)', (ctx) => {
    if (wine.ok) return;
    if (process.env.CI) throw new Error(`CI is set but the Wine suite cannot run: ${wine.reason}`);
    ctx.skip(wine.reason);
  });
});

describe.skipIf(!wine.ok)('the Windows collectors under Wine', () => {
  const env = (wine as { env: WineEnv }).env;
  let cli: WindowsCli;
  let own: OwnSockets;

  beforeAll(async () => {
    cli = new WindowsCli(env);
    own = await openOwnSockets();
  });
  // On a machine crowded by other work, Wine cannot answer in time: skip with the reason (see WineTooSlowError).
  beforeEach((ctx) => {
    if (cli.tooSlow !== null) ctx.skip(cli.tooSlow);
  });

  /** Runs a load; a WineTooSlowError is remembered on `cli` (the tests then skip), anything else fails. */
  async function unlessTooSlow(load: () => Promise<void>): Promise<void> {
    try {
      await load();
    } catch (error) {
      if (!(error instanceof WineTooSlowError)) throw error;
    }
  }

  async function jsonOrSkip<T>(ctx: TestContext, args: string[], needs: string, extraEnv: Record<string, string> = {}) {
    try {
      return await cli.json<T>(args, needs, extraEnv);
    } catch (error) {
      if (error instanceof WineTooSlowError) ctx.skip(error.message);
      throw error;
    }
  }
  afterAll(async () => {
    await own?.close();
    cli?.dispose();
  });

  type Connections = { connections: Connection[] };

  async function connectionsAround(extraEnv: Record<string, string> = {}) {
    return readsAround(() => cli.json<Connections>([], 'connections', extraEnv));
  }

  function expectOwnSockets(
    connections: Connection[],
    families: readonly (4 | 6)[],
    listed: (state: string) => boolean = () => true,
  ): void {
    const reported = new Map(connections.map((c) => [connectionKeyOf(c), c.state]));
    for (const family of families) {
      for (const expected of own.expected(family).filter((e) => listed(e.state))) {
        expect(reported.get(expected.key), expected.key).toBe(expected.state);
      }
    }
  }

  /** How many of the test's own sockets a listing can show: the floor for the sockets both it and ss saw. */
  function ownSocketsListed(listed: (key: string, state: string) => boolean = () => true): number {
    return ([4, 6] as const).flatMap((family) => own.expected(family)).filter((e) => listed(e.key, e.state)).length;
  }

  describe('connections through IP Helper (koffi + iphlpapi.dll, as on Windows)', () => {
    let reported: Connections & { warnings: string[] };
    let comparison: ReturnType<typeof compareWithReads>;

    beforeAll(() =>
      unlessTooSlow(async () => {
        const { result, reads } = await connectionsAround();
        reported = result;
        comparison = compareWithReads(result.connections, reads);
      }),
    );

    it('took the IP Helper path (no netstat fallback), and says that Windows names no owners here', () => {
      // Wine's iphlpapi gives every socket PID 0 (below): said once, and nothing else is said.
      expect(reported.warnings.filter((w) => /connections:/.test(w))).toEqual([
        expect.stringMatching(/^connections: Windows names no owning process for any of these \d+ sockets/),
      ]);
    });

    it('reports every TCP and UDP socket (v4 and v6, with states) that ss saw throughout, and none ss never saw', () => {
      expect(comparison.missing).toEqual([]);
      expect(comparison.unexplained).toEqual([]);
      expect(comparison.stable).toBeGreaterThanOrEqual(ownSocketsListed()); // our own sockets at least
    });

    it('finds the listener, the connected pair and the UDP socket the test opened, on 127.0.0.1 and ::1', () => {
      expectOwnSockets(reported.connections, [4, 6]);
    });

    // Owner PIDs cannot be checked under Wine: its iphlpapi reports PID 0 for every socket.
    it.skip('owner PIDs match the test process (not checkable under Wine: every owner PID is 0)', () => undefined);
  });

  describe('connections through the netstat -ano fallback (forced by NETSCOPE_WINDOWS_CONSOLE_ONLY=1)', () => {
    let reported: Connections & { warnings: string[] };
    let comparison: ReturnType<typeof compareWithReads>;

    beforeAll(() =>
      unlessTooSlow(async () => {
        const { result, reads } = await connectionsAround(CONSOLE_ONLY);
        reported = result;
        comparison = compareWithReads(result.connections, reads, listedByWineNetstat);
      }),
    );

    it('took the fallback and says why', () => {
      expect(reported.warnings.join('\n')).toMatch(
        /IP Helper unavailable \(disabled by NETSCOPE_WINDOWS_CONSOLE_ONLY=1\)/,
      );
    });

    it('reports every socket Wine’s netstat lists that ss saw throughout, and none ss never saw', () => {
      expect(comparison.missing).toEqual([]);
      expect(comparison.unexplained).toEqual([]);
      expect(comparison.stable).toBeGreaterThanOrEqual(ownSocketsListed(listedByWineNetstat));
    });

    it('finds the connected pair and the UDP socket the test opened on 127.0.0.1', () => {
      expectOwnSockets(reported.connections, [4], (state) => state !== 'LISTEN');
    });

    it.skip('finds the listener (not checkable: Wine’s netstat.exe does not list listening sockets)', () => undefined);
  });

  describe('routes', () => {
    const PERSISTENT_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\PersistentRoutes';
    // A documentation-range route stored as `route -p` stores it; not in the Linux table, so not active.
    const STORED = '198.51.100.0,255.255.255.0,192.0.2.77,7';
    let routes: Route[];
    let warnings: string[];

    beforeAll(() =>
      unlessTooSlow(async () => {
        await runUnderWine(env, ['reg', 'add', PERSISTENT_KEY, '/v', STORED, '/t', 'REG_SZ', '/d', '', '/f']);
        try {
          ({ routes, warnings } = await cli.json<{ routes: Route[] }>(['-r'], 'routes'));
        } finally {
          await runUnderWine(env, ['reg', 'delete', PERSISTENT_KEY, '/v', STORED, '/f']);
        }
      }),
    );

    function linuxRoutes(family: 4 | 6): string[] {
      type IpRoute = { dst: string; gateway?: string; dev: string; type?: string };
      const json = execFileSync('ip', [`-${family}`, '-j', 'route', 'show', 'table', 'main']).toString();
      return (JSON.parse(json) as IpRoute[])
        .filter((r) => (r.type ?? 'unicast') === 'unicast')
        .map((r) => {
          const dst =
            r.dst === 'default'
              ? family === 4
                ? '0.0.0.0/0'
                : '::/0'
              : r.dst.includes('/')
                ? r.dst
                : `${r.dst}/${family === 4 ? 32 : 128}`;
          return `${dst} via ${r.gateway ?? 'on-link'} dev ${r.dev}`;
        })
        .sort();
    }

    const ours = (family: 4 | 6): string[] =>
      routes
        .filter((r) => r.family === family && !r.flags.startsWith('S'))
        .map((r) => `${r.destination}/${r.prefixLength} via ${r.gateway ?? 'on-link'} dev ${r.interface}`)
        .sort();

    it('IPv4 routes from GetIpForwardTable2 equal `ip -4 route` (main table), named by interface alias', () => {
      expect(ours(4)).toEqual(linuxRoutes(4));
      expect(routes.filter((r) => r.family === 4 && r.flags.startsWith('U')).every((r) => r.interfaceAddress)).toBe(
        true,
      );
    });

    it('IPv6 routes equal `ip -6 route`', (ctx) => {
      if (ours(6).length === 0 && linuxRoutes(6).length > 0)
        ctx.skip('Wine 8’s GetIpForwardTable2 returns no IPv6 routes');
      expect(ours(6)).toEqual(linuxRoutes(6));
    });

    it('marks the persistent route read from the registry, not active here', () => {
      expect(routes.find((r) => r.destination === '198.51.100.0')).toEqual({
        family: 4,
        destination: '198.51.100.0',
        prefixLength: 24,
        gateway: '192.0.2.77',
        interface: '',
        metric: 7,
        flags: 'SG',
        table: null,
        persistent: true,
      });
    });

    it('says that the interface metric is missing (Wine has no GetIpInterfaceTable) instead of failing', () => {
      expect(warnings.join('\n')).toMatch(/GetIpInterfaceTable failed with error 50/);
    });

    it('route print fallback', async (ctx) => {
      const fallback = await jsonOrSkip<{ routes: Route[] }>(ctx, ['-r'], 'routes', CONSOLE_ONLY);
      const notFound = fallback.warnings.find((w) => /route\.exe was not found/.test(w));
      if (notFound) ctx.skip(`Wine 8 has no route.exe, so route print cannot run (${notFound})`);
      expect(fallback.routes.filter((r) => r.family === 4).length).toBeGreaterThan(0);
    });
  });

  describe('interfaces', () => {
    function procNetDev(): Map<string, { rxBytes: number; rxPackets: number; txBytes: number; txPackets: number }> {
      const rows = new Map<string, { rxBytes: number; rxPackets: number; txBytes: number; txPackets: number }>();
      for (const line of readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2)) {
        const [name, rest] = line.split(':');
        if (!name || !rest) continue;
        const f = rest.trim().split(/\s+/).map(Number);
        rows.set(name.trim(), { rxBytes: f[0] ?? 0, rxPackets: f[1] ?? 0, txBytes: f[8] ?? 0, txPackets: f[9] ?? 0 });
      }
      return rows;
    }

    const sys = (name: string, file: string): string => readFileSync(`/sys/class/net/${name}/${file}`, 'utf8').trim();

    it('per adapter from GetIfTable2: every non-loopback Linux interface, counters within the refresh’s drift', async (ctx) => {
      const before = procNetDev();
      const { interfaces, warnings } = await jsonOrSkip<{ interfaces: NetInterface[] }>(ctx, ['-e'], 'interfaces');
      const after = procNetDev();
      expect(warnings.filter((w) => w.startsWith('interfaces:'))).toEqual([]);
      // The loopback pseudo-interface is hidden, as Get-NetAdapter hides it.
      expect(interfaces.map((i) => i.name).sort()).toEqual([...before.keys()].filter((n) => n !== 'lo').sort());
      for (const i of interfaces) {
        const low = before.get(i.name);
        const high = after.get(i.name);
        if (!low || !high) throw new Error(`${i.name} is not in /proc/net/dev`);
        for (const counter of ['rxBytes', 'rxPackets', 'txBytes', 'txPackets'] as const) {
          expect(i.counters[counter], `${i.name} ${counter}`).toBeGreaterThanOrEqual(low[counter]);
          expect(i.counters[counter], `${i.name} ${counter}`).toBeLessThanOrEqual(high[counter]);
        }
        expect(i.mac).toBe(sys(i.name, 'address'));
        expect(i.mtu).toBe(Number(sys(i.name, 'mtu')));
        expect(i.up).toBe(sys(i.name, 'operstate') === 'up');
        expect(i.kind).toBe('ethernet');
      }
    });

    it('netstat -e fallback: Wine’s machine-wide totals, 32-bit counters that wrap (why GetIfTable2 is used)', async (ctx) => {
      const sum = (rows: ReturnType<typeof procNetDev>) => [...rows.values()].reduce((s, r) => s + r.rxBytes, 0);
      const before = sum(procNetDev());
      const { interfaces, warnings } = await jsonOrSkip<{ interfaces: NetInterface[] }>(
        ctx,
        ['-e'],
        'interfaces',
        CONSOLE_ONLY,
      );
      const after = sum(procNetDev());
      expect(warnings.join('\n')).toMatch(/machine-wide totals from netstat -e/);
      expect(interfaces).toHaveLength(1);
      // netstat -e reads the 32-bit MIB_IFROW counters: past 4 GiB they wrap. What it shows must be the
      // machine's total modulo 2^32, somewhere between the two reads.
      const shown = interfaces[0]?.counters.rxBytes ?? -1;
      const sinceBefore = (shown - (before % 2 ** 32) + 2 ** 32) % 2 ** 32;
      expect(shown).toBeLessThan(2 ** 32);
      expect(sinceBefore).toBeLessThanOrEqual(after - before);
    });
  });

  describe('protocol statistics (netstat -s)', () => {
    function snmp(): Record<string, Record<string, number>> {
      const lines = readFileSync('/proc/net/snmp', 'utf8').trim().split('\n');
      const out: Record<string, Record<string, number>> = {};
      for (let i = 0; i + 1 < lines.length; i += 2) {
        const [group = '', ...names] = (lines[i] ?? '').split(/\s+/);
        const values = (lines[i + 1] ?? '').split(/\s+/).slice(1).map(Number);
        out[group.replace(':', '')] = Object.fromEntries(names.map((n, j) => [n, values[j] ?? 0]));
      }
      return out;
    }

    it('parses Wine’s netstat -s: TCP and UDP counters within the drift of /proc/net/snmp', async (ctx) => {
      const before = snmp();
      const { protocolStats } = await jsonOrSkip<{ protocolStats: ProtocolStats }>(ctx, ['-s'], 'protocol-stats');
      const after = snmp();
      const pairs: [string, string, string, string][] = [
        ['Tcp', 'Active Opens', 'Tcp', 'ActiveOpens'],
        ['Tcp', 'Passive Opens', 'Tcp', 'PassiveOpens'],
        ['Tcp', 'Segments Received', 'Tcp', 'InSegs'],
        ['Udp', 'Datagrams Received', 'Udp', 'InDatagrams'],
      ];
      for (const [group, name, linuxGroup, linuxName] of pairs) {
        const value = protocolStats[group]?.[name];
        expect(value, `${group} ${name}`).toBeGreaterThanOrEqual(before[linuxGroup]?.[linuxName] ?? Infinity);
        expect(value, `${group} ${name}`).toBeLessThanOrEqual(after[linuxGroup]?.[linuxName] ?? -Infinity);
      }
    });
  });
});
