/**
 * The Windows parsers on real captured outputs (../shared/fixtures/windows, origins in SOURCES.md): particular
 * rows pinned as the captures show them, in English, French, Spanish and Chinese, read from the bytes a
 * console in that language writes (cp850, GBK) as well as from UTF-8. The corpus test
 * (test/windows-corpus.test.ts) counts rows; this one checks what the rows say.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fixturesPath, fixturesPresent } from '../../../../test/helpers/fixtures';
import { decodeConsoleOutput } from './codepage';
import { parseWindowsNetstat } from './netstat-connections';
import { parseRoutePrint } from './route-print';

const present = fixturesPresent('windows', 'Windows capture tests');
const read = (file: string) => readFileSync(fixturesPath('windows', file), 'utf8');
const rowsOf = (file: string) => parseWindowsNetstat(read(file)).data.connections ?? [];

describe.skipIf(!present)('netstat captures', () => {
  it('-anob in English: services, [exe] owners and "Can not obtain ownership information"', () => {
    const result = parseWindowsNetstat(read('netstat-anob--jc--1.txt'));
    const rows = result.data.connections ?? [];
    expect(result.flavor).toBe('anob');
    expect(result.skipped).toEqual([]);
    expect(rows.slice(0, 3)).toMatchObject([
      { localPort: 135, state: 'LISTEN', pid: 1712, processName: 'svchost.exe', components: ['RpcSs'] },
      { localPort: 443, pid: 9396, processName: 'vmware-hostd.exe' },
      { localPort: 445, pid: 4, processName: null },
    ]);
    expect(rows[2]?.components).toBeUndefined();
  });

  it('-ano: IPv6 with a %scope inside brackets, [::]:0, and *:* for UDP', () => {
    const rows = rowsOf('netstat-ano--jc--1.txt');
    expect(rows.find((r) => r.localAddress === 'fe80::244e:2f1e:2096:62b2%9')).toMatchObject({
      protocol: 'udp',
      family: 6,
      localPort: 1900,
      remoteAddress: '*',
      remotePort: 0,
      state: 'NONE',
      pid: 8844,
    });
    expect(rows.find((r) => r.protocol === 'tcp' && r.localAddress === '::')).toMatchObject({
      family: 6,
      localPort: 135,
      remoteAddress: '::',
      remotePort: 0,
      state: 'LISTEN',
      pid: 1712,
    });
  });

  it('-anb in French, from the cp850 bytes a French console writes: the ownership sentence in French', () => {
    const decoded = decodeConsoleOutput(iconv.encode(read('netstat-anb-fr-FR--fonct_reseaux_Dany--1.txt'), 'cp850'));
    expect(decoded.text).toContain('Connexions actives');
    const result = parseWindowsNetstat(decoded.text);
    const rows = result.data.connections ?? [];
    expect(result.flavor).toBe('b');
    expect(result.skipped).toEqual([]);
    expect(rows.slice(0, 2)).toMatchObject([
      { localPort: 135, state: 'LISTEN', pid: null, processName: 'svchost.exe', components: ['RpcSs'] },
      { localPort: 445, processName: null },
    ]);
  });

  it('-b in Spanish: host names for addresses, service names for ports, and the Spanish ownership sentence', () => {
    const result = parseWindowsNetstat(read('netstat-b-es-ES--unknown-es-p2-comandos--1.txt'));
    const rows = result.data.connections ?? [];
    expect(result.skipped).toEqual([]);
    expect(rows[0]).toMatchObject({ remoteAddress: 'DESKTOP-DQP1BRI', remotePort: 49863, processName: 'firefox.exe' });
    expect(rows.find((r) => r.localPort === 49958)).toMatchObject({ remotePort: 443, state: 'TIME_WAIT' });
    expect(rows.find((r) => r.localPort === 49962)).toMatchObject({ components: ['WpnService'] });
    expect(rows.find((r) => r.localPort === 49968)).toMatchObject({ remotePort: 80, processName: null });
  });

  it('-ano in Chinese, from GBK bytes: the headers decode, the rows read', () => {
    const text = read('netstat-ano-zh-CN--unknown-zh-port-blog--1.txt');
    const decoded = decodeConsoleOutput(iconv.encode(text, 'gbk'));
    expect(decoded).toEqual({ text, encoding: 'cp936' });
    expect(parseWindowsNetstat(decoded.text).data.connections?.[0]).toMatchObject({
      localPort: 135,
      state: 'LISTEN',
      pid: 1096,
    });
  });
});

describe.skipIf(!present)('route print captures', () => {
  it('English: On-link rows, a persistent route, "Persistent Routes: None" in IPv6', () => {
    const routes = parseRoutePrint(read('route-print--jc--1.txt')).data.routes ?? [];
    expect(routes[0]).toMatchObject({
      family: 4,
      destination: '0.0.0.0',
      prefixLength: 0,
      gateway: '192.168.31.1',
      interface: '192.168.31.221',
      metric: 30,
      flags: 'UG',
    });
    expect(routes[1]).toMatchObject({ destination: '127.0.0.0', prefixLength: 8, gateway: null, flags: 'U' });
    expect(routes.filter((r) => r.table === 'persistent' && r.family === 4)).toMatchObject([
      { destination: '157.0.0.0', prefixLength: 8, gateway: '157.55.80.1', metric: 3, flags: 'SG' },
    ]);
    expect(routes.filter((r) => r.table === 'persistent' && r.family === 6)).toEqual([]);
  });

  it('French: the IPv6 table with wrapped on-link gateways, a "Par défaut" metric, "Aucun" persistent IPv6', () => {
    const result = parseRoutePrint(read('route-print-fr-FR--unknown-fr-tp-route-killer--1.txt'));
    const routes = result.data.routes ?? [];
    expect(result.skipped).toEqual([]);
    expect(routes.find((r) => r.table === 'persistent')).toMatchObject({
      destination: '0.0.0.0',
      gateway: '192.168.127.1',
      metric: null,
      flags: 'SG',
    });
    expect(routes.find((r) => r.destination === 'fe80::83e:edbd:4ed1:ee06')).toMatchObject({
      family: 6,
      prefixLength: 128,
      gateway: null,
      interface: 'Killer Wireless-n/a/ac 1435 Wireless Network Adapter',
      metric: 291,
      flags: 'UH',
    });
    expect(routes.filter((r) => r.family === 6 && r.table === 'persistent')).toEqual([]);
  });
});
