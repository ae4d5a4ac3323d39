import { describe, expect, it } from 'vitest';
import { detectRoutePrint, parseRoutePrint } from './route-print';

const GERMAN = `===========================================================================
Schnittstellenliste
 11...00 0c 29 76 c8 d0 ......Intel(R) PRO/1000 MT Network Connection
  1...........................Software Loopback Interface 1
 12...00 00 00 00 00 00 00 e0 Microsoft ISATAP Adapter
===========================================================================

IPv4-Routentabelle
===========================================================================
Aktive Routen:
     Netzwerkziel    Netzwerkmaske          Gateway    Schnittstelle Metrik
          0.0.0.0          0.0.0.0     192.168.23.1   192.168.23.154    266
        127.0.0.0        255.0.0.0   Auf Verbindung         127.0.0.1    306
   192.168.23.154  255.255.255.255   Auf Verbindung    192.168.23.154    266
===========================================================================
Ständige Routen:
  Netzwerkadresse          Netzmaske  Gatewayadresse  Metrik
          0.0.0.0          0.0.0.0     192.168.23.1  Standard
         10.0.1.0    255.255.255.0     192.168.22.1       1
===========================================================================

IPv6-Routentabelle
===========================================================================
Aktive Routen:
 If Metrik Netzwerkziel             Gateway
  1    306 ::1/128                  Auf Verbindung
 11    266 fe80::9595:e8d9:b190:ecac/128
                                    Auf Verbindung
 11    266 ::/0                     fe80::1
===========================================================================
Ständige Routen:
 If Metrik Netzwerkziel             Gateway
  0 4294967295 2001:db8::/32        fe80::1
===========================================================================
`;

describe('parseRoutePrint', () => {
  // Parsed inside each test: Stryker's perTest coverage only sees what runs in a test.
  it('reads active and persistent IPv4 rows by shape, with a translated on-link', () => {
    const routes = parseRoutePrint(GERMAN).data.routes ?? [];
    const v4 = routes.filter((r) => r.family === 4);
    expect(v4).toHaveLength(5);
    expect(v4[0]).toMatchObject({
      destination: '0.0.0.0',
      prefixLength: 0,
      gateway: '192.168.23.1',
      interface: '192.168.23.154',
      metric: 266,
      flags: 'UG',
      table: null,
    });
    expect(v4[1]).toMatchObject({ destination: '127.0.0.0', prefixLength: 8, gateway: null, flags: 'U' });
    expect(v4[2]).toMatchObject({ prefixLength: 32, flags: 'UH' });
    expect(v4[3]).toMatchObject({ gateway: '192.168.23.1', metric: null, table: 'persistent', interface: '' });
    expect(v4[4]).toMatchObject({ destination: '10.0.1.0', prefixLength: 24, metric: 1, table: 'persistent' });
  });

  it('reads IPv6 rows, wrapped gateways, interface names and persistent rows', () => {
    const result = parseRoutePrint(GERMAN);
    const routes = result.data.routes ?? [];
    const v6 = routes.filter((r) => r.family === 6);
    expect(v6).toHaveLength(4);
    expect(v6[0]).toMatchObject({
      destination: '::1',
      prefixLength: 128,
      gateway: null,
      interface: 'Software Loopback Interface 1',
      metric: 306,
    });
    expect(v6[1]).toMatchObject({
      destination: 'fe80::9595:e8d9:b190:ecac',
      gateway: null,
      interface: 'Intel(R) PRO/1000 MT Network Connection',
    });
    expect(v6[2]).toMatchObject({ destination: '::', prefixLength: 0, gateway: 'fe80::1', flags: 'UG', table: null });
    expect(v6[3]).toMatchObject({ destination: '2001:db8::', prefixLength: 32, interface: '0', table: 'persistent' });
    expect(result.skipped).toEqual([]);
  });

  it('detects route print, not Linux route -n', () => {
    expect(detectRoutePrint(GERMAN)).toBeGreaterThan(0.9);
    const linux =
      'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n0.0.0.0         192.168.71.2    0.0.0.0         UG    100    0        0 ens33\n192.168.71.0    0.0.0.0         255.255.255.0   U     100    0        0 ens33\n';
    expect(detectRoutePrint(linux)).toBe(0);
    expect(parseRoutePrint(linux).data.routes).toEqual([]);
  });

  it('reads a route print that matched no route (route print 10.*: "None" in the tables) as an empty table', () => {
    const empty = [
      '===========================================================================',
      'Interface List',
      ' 12...00 1c 42 da 01 6a ......Parallels VirtIO Ethernet Adapter',
      '  1...........................Software Loopback Interface 1',
      '===========================================================================',
      '',
      'IPv4 Route Table',
      '===========================================================================',
      'Active Routes:',
      '  None',
      '===========================================================================',
      'Persistent Routes:',
      '  None',
      '',
      'IPv6 Route Table',
      '===========================================================================',
      'Active Routes:',
      '  None',
      '===========================================================================',
      'Persistent Routes:',
      '  None',
      '',
    ].join('\r\n');
    expect(detectRoutePrint(empty)).toBeGreaterThan(0.8);
    const result = parseRoutePrint(empty);
    expect(result.data.routes).toEqual([]);
    // Rules and headers alone, without the interface list, are not enough to say route print.
    expect(detectRoutePrint('=========================\r\nActive Routes:\r\n=========================\r\n')).toBe(0);
  });
});
