import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandRunner } from './run';
import { interfaceFromRow, interfacesFromIfTable, isHiddenInterface } from './ip-interfaces';
import { maskToPrefixLength, parsePersistentRoutes, routesFromTables, type RouteTables } from './ip-routes';
import { decodeForwardTable, decodeIfTable2, decodeUnicastTable, IF_ROW2_SIZE, type IfRow } from './mib-decode';
import type { MibTableName, MibTables } from './mib-native';
import { ifRow, table } from './mib-test-builders';
import { createInterfacesCollector, createRoutesCollector } from './system-tables';

const recorded = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(path.join(__dirname, '__recorded__', 'wine-8.0', `${name}.bin`)));

const REG_QUERY = [
  '',
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\PersistentRoutes',
  '    0.0.0.0,0.0.0.0,192.0.2.1,-1    REG_SZ    ',
  '    10.99.0.0,255.255.0.0,192.0.2.254,5    REG_SZ    ',
  '    10.1.0.0,255.0.255.0,192.0.2.254,5    REG_SZ    ',
  '',
].join('\r\n');

function wineTables(overrides: Partial<RouteTables> = {}): RouteTables {
  return {
    forward: decodeForwardTable(recorded('forward2')).rows,
    ipInterfaces: null,
    unicast: decodeUnicastTable(recorded('unicast')).rows,
    interfaces: decodeIfTable2(recorded('iftable2')).rows,
    persistent: [],
    ...overrides,
  };
}

describe('routes from IP Helper tables', () => {
  it('names the interface by alias and gives its address, as route print does', () => {
    expect(routesFromTables(wineTables())).toEqual([
      {
        family: 4,
        destination: '0.0.0.0',
        prefixLength: 0,
        gateway: '192.0.2.1',
        interface: 'eth0',
        interfaceAddress: '192.0.2.2',
        metric: 0,
        flags: 'UG',
        table: null,
      },
      {
        family: 4,
        destination: '192.0.2.0',
        prefixLength: 24,
        gateway: null,
        interface: 'eth0',
        interfaceAddress: '192.0.2.2',
        metric: 0,
        flags: 'U',
        table: null,
      },
    ]);
  });

  it('effective metric = route metric + the interface metric of the same family', () => {
    const routes = routesFromTables(
      wineTables({
        ipInterfaces: [
          { family: 4, luid: '1', interfaceIndex: 4, metric: 25, mtu: 1400, connected: true },
          { family: 6, luid: '1', interfaceIndex: 4, metric: 75, mtu: 1400, connected: true },
        ],
      }),
    );
    expect(routes.map((r) => r.metric)).toEqual([25, 25]);
  });

  it('marks persistent routes and lists stored ones that are not active', () => {
    const routes = routesFromTables(wineTables({ persistent: parsePersistentRoutes(REG_QUERY) }));
    expect(routes[0]).toMatchObject({ destination: '0.0.0.0', persistent: true, flags: 'UG' });
    expect(routes[1]?.persistent).toBeUndefined();
    expect(routes[2]).toEqual({
      family: 4,
      destination: '10.99.0.0',
      prefixLength: 16,
      gateway: '192.0.2.254',
      interface: '',
      metric: 5,
      flags: 'SG',
      table: null,
      persistent: true,
    });
    expect(routes).toHaveLength(3); // the non-contiguous mask is not a route
  });

  it('falls back to the interface index when GetIfTable2 failed', () => {
    expect(routesFromTables(wineTables({ interfaces: null, unicast: null }))[0]).toMatchObject({ interface: '4' });
    expect(routesFromTables(wineTables({ interfaces: null, unicast: null }))[0]?.interfaceAddress).toBeUndefined();
  });

  it('masks to prefix lengths', () => {
    expect(['255.255.255.255', '255.255.255.0', '0.0.0.0', '255.0.255.0', '1.2.3'].map(maskToPrefixLength)).toEqual([
      32,
      24,
      0,
      null,
      null,
    ]);
  });
});

const row = (spec: Parameters<typeof ifRow>[0]): IfRow => {
  const decoded = decodeIfTable2(table(IF_ROW2_SIZE, [ifRow(spec)])).rows[0];
  if (!decoded) throw new Error('row did not decode');
  return decoded;
};

describe('interfaces from GetIfTable2', () => {
  it('per adapter: name, description, kind, status, MAC, MTU, speed, counters (packets = unicast + non-unicast)', () => {
    expect(
      interfaceFromRow(
        row({
          index: 3,
          alias: 'Wi-Fi',
          description: 'Intel(R) Wi-Fi 6 AX201 160MHz',
          mac: [1, 2, 3, 4, 5, 6],
          type: 71,
          operStatus: 1,
          speed: 866_700_000n,
          counters: [2n ** 40n, 1000n, 20n, 1n, 2n, 500n, 300n, 4n, 0n, 3n],
        }),
      ),
    ).toEqual({
      name: 'Wi-Fi',
      description: 'Intel(R) Wi-Fi 6 AX201 160MHz',
      kind: 'wifi',
      status: 'up',
      mac: '01:02:03:04:05:06',
      mtu: 1500,
      up: true,
      speedMbps: 866.7,
      counters: {
        rxBytes: 2 ** 40,
        rxPackets: 1020,
        rxErrors: 2,
        rxDrops: 1,
        rxMulticast: 20,
        txBytes: 500,
        txPackets: 304,
        txErrors: 3,
        txDrops: 0,
        txMulticast: 4,
      },
      rates: null,
    });
  });

  it('leaves out what Get-NetAdapter hides: filter layers, loopback, software tunnels, absent adapters', () => {
    const rows = [
      row({ index: 1, alias: 'Ethernet', description: 'Intel(R) I219-LM' }),
      row({ index: 2, alias: 'Ethernet-WFP Native MAC Layer LightWeight Filter-0000', description: 'x', flags: 3 }),
      row({
        index: 3,
        alias: 'Loopback Pseudo-Interface 1',
        description: 'Software Loopback Interface 1',
        type: 24,
        flags: 0,
      }),
      row({ index: 4, alias: 'Teredo Tunneling Pseudo-Interface', description: 'Teredo', type: 131, flags: 0 }),
      row({ index: 5, alias: 'Local Area Connection* 1', description: 'WAN Miniport (IP)', type: 6, flags: 0 }),
      row({ index: 6, alias: 'Ethernet 3', description: 'Old USB adapter', operStatus: 6 }),
      row({ index: 7, alias: 'vEthernet (WSL)', description: 'Hyper-V Virtual Ethernet Adapter', flags: 0 }),
      row({
        index: 8,
        alias: 'Local Area Connection* 2',
        description: 'Microsoft Wi-Fi Direct Virtual Adapter #2',
        type: 71,
        flags: 0,
      }),
      row({ index: 9, alias: 'Wi-Fi', description: 'Intel(R) Wi-Fi 6 AX201 160MHz', type: 71 }),
    ];
    expect(rows.map(isHiddenInterface)).toEqual([false, true, true, true, true, true, false, true, false]);
    expect(interfacesFromIfTable(rows).map((i) => i.name)).toEqual(['Ethernet', 'vEthernet (WSL)', 'Wi-Fi']);
    expect(interfacesFromIfTable(rows, { includeHidden: true })).toHaveLength(9);
  });
});

function mibFrom(tables: Partial<Record<MibTableName, Uint8Array | Error>>): () => Promise<MibTables> {
  return async () => ({
    read(name) {
      const answer = tables[name] ?? new Error(`${name} failed with error 50`);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
}

const runner = (outputs: Record<string, { code: number; text: string }>): CommandRunner & { calls: string[] } => {
  const calls: string[] = [];
  const run: CommandRunner = async (file, args) => {
    const key = [file, ...args].join(' ');
    calls.push(key);
    const answer = outputs[key];
    if (!answer) throw new Error(`${file} was not found`);
    return { code: answer.code, stdout: Buffer.from(answer.text), stderr: new Uint8Array() };
  };
  return Object.assign(run, { calls });
};

const context = { signal: new AbortController().signal };

describe('Windows routes and interfaces collectors', () => {
  const wine = { forward: recorded('forward2'), unicast: recorded('unicast'), ifTable: recorded('iftable2') };

  it('routes: IP Helper first, with the registry persistent routes and a warning for the missing interface table', async () => {
    const run = runner({
      [`reg query ${'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\PersistentRoutes'}`]: {
        code: 0,
        text: REG_QUERY,
      },
    });
    const result = await createRoutesCollector(run, mibFrom(wine)).collect(context);
    expect(result.data.map((r) => `${r.destination}/${r.prefixLength} ${r.flags}${r.persistent ? ' P' : ''}`)).toEqual([
      '0.0.0.0/0 UG P',
      '192.0.2.0/24 U',
      '10.99.0.0/16 SG P',
    ]);
    expect(result.warnings).toEqual([
      'ipInterface failed with error 50: metrics are the routes’ own, without the interface metric',
    ]);
    expect(run.calls).not.toContain('route print');
  });

  it('routes: reads the registry (reg.exe) once per 30 s, not on every refresh; a failed read is retried', async () => {
    const key = `reg query ${'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\PersistentRoutes'}`;
    const run = runner({ [key]: { code: 0, text: REG_QUERY } });
    let clock = 1_000_000;
    const collector = createRoutesCollector(run, mibFrom(wine), () => clock);
    await collector.collect(context);
    clock += 29_000;
    const cached = await collector.collect(context);
    expect(cached.data.filter((r) => r.persistent)).toHaveLength(2);
    expect(run.calls).toEqual([key]);
    clock += 2_000;
    await collector.collect(context);
    expect(run.calls).toEqual([key, key]);

    const failing = runner({});
    const retried = createRoutesCollector(failing, mibFrom(wine), () => clock);
    expect((await retried.collect(context)).warnings.join()).toMatch(/persistent routes not read/);
    await retried.collect(context);
    expect(failing.calls).toHaveLength(2);
  });

  it('routes: route print when the forward table cannot be read', async () => {
    const run = runner({ 'route print': { code: 0, text: '' } });
    const result = await createRoutesCollector(run, mibFrom({})).collect(context);
    expect(run.calls).toEqual(['route print']);
    expect(result.warnings[0]).toMatch(
      /^IP Helper routes unavailable \(forward failed with error 50\): read route print instead/,
    );
  });

  it('interfaces: per adapter from GetIfTable2 (loopback hidden), netstat -e when it fails', async () => {
    const fromMib = await createInterfacesCollector(runner({}), mibFrom(wine)).collect(context);
    expect(fromMib.data.map((i) => [i.name, i.up, i.counters.rxBytes])).toEqual([
      ['ifb0', false, 0],
      ['ifb1', false, 0],
      ['eth0', true, 536919449],
    ]);
    const run = runner({ 'netstat -e': { code: 0, text: '' } });
    const fallback = await createInterfacesCollector(run, mibFrom({})).collect(context);
    expect(run.calls).toEqual(['netstat -e']);
    expect(fallback.warnings[0]).toMatch(/netstat -e/);
  });
});
