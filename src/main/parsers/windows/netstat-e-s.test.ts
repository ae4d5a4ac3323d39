import { describe, expect, it } from 'vitest';
import { detectNetstatE, NETSTAT_E_INTERFACE_NAME, parseNetstatE } from './netstat-e';
import { detectNetstatS, groupFromTitle, parseNetstatS } from './netstat-s';

// Spanish labels: only the order and the numbers are used.
const E_SPANISH = `Estadísticas de interfaz

                           Recibidos            Enviados

Bytes                    2190616468      2731744448
Paquetes de unidifusión      24326331        17355436
Paquetes no de unidifusión    2506457           24290
Descartados                       3               4
Errores                           5               6
Protocolos desconocidos        5528
`;

const S_FRENCH = `
Statistiques IPv4

  Paquets reçus                              = 60090845
  Erreurs d’en-tête reçues                   = 0

Statistiques ICMPv6

                            Reçus    Envoyés
  Messages                  19333       36465
  Erreurs                   0           7

Statistiques TCP pour IPv6

  Ouvertures actives                 = 2103
  Connexions en cours                = 1 234

Statistiques UDP pour IPv4

  Datagrammes reçus   = 53860170
  Erreurs             = beaucoup
`;

describe('netstat -e', () => {
  it('reads one interface from the block by row order', () => {
    const result = parseNetstatE(E_SPANISH);
    const [iface] = result.data.interfaces ?? [];
    expect(iface?.name).toBe(NETSTAT_E_INTERFACE_NAME);
    expect(iface?.counters).toMatchObject({
      rxBytes: 2190616468,
      txBytes: 2731744448,
      rxPackets: 24326331 + 2506457,
      txPackets: 17355436 + 24290,
      rxMulticast: 2506457,
      rxDrops: 3,
      txDrops: 4,
      rxErrors: 5,
      txErrors: 6,
    });
    expect(detectNetstatE(E_SPANISH)).toBeGreaterThan(0.8);
  });

  it('uses the last sample of repeated blocks and warns', () => {
    const second = E_SPANISH.replace('2190616468', '2190700000');
    const result = parseNetstatE(E_SPANISH + second);
    expect(result.data.interfaces?.[0]?.counters.rxBytes).toBe(2190700000);
    expect(result.warnings[0]).toMatch(/2 samples/);
  });

  it('reports text without a block', () => {
    expect(parseNetstatE('hello').data.interfaces).toEqual([]);
    expect(detectNetstatE('hello')).toBe(0);
  });
});

describe('netstat -s', () => {
  it('normalizes groups from translated titles', () => {
    expect(groupFromTitle('IPv4 Statistics')).toBe('Ip');
    expect(groupFromTitle('Statistiques IPv6')).toBe('Ip6');
    expect(groupFromTitle('ICMPv4 Statistics')).toBe('Icmp');
    expect(groupFromTitle('ICMPv6-Statistik')).toBe('Icmp6');
    expect(groupFromTitle('TCP-Statistik für IPv4')).toBe('Tcp');
    expect(groupFromTitle('TCP Statistics for IPv6')).toBe('Tcp6');
    expect(groupFromTitle('UDP 的 IPv6 统计信息')).toBe('Udp6');
    expect(groupFromTitle('Interface Statistics')).toBeNull();
  });

  it('reads = rows, two-column ICMP rows and separators, and skips bad values', () => {
    const result = parseNetstatS(S_FRENCH);
    const stats = result.data.protocolStats ?? {};
    expect(stats.Ip).toEqual({ 'Paquets reçus': 60090845, 'Erreurs d’en-tête reçues': 0 });
    expect(stats.Icmp6).toEqual({
      'Messages Reçus': 19333,
      'Messages Envoyés': 36465,
      'Erreurs Reçus': 0,
      'Erreurs Envoyés': 7,
    });
    expect(stats.Tcp6).toEqual({ 'Ouvertures actives': 2103, 'Connexions en cours': 1234 });
    expect(stats.Udp).toEqual({ 'Datagrammes reçus': 53860170 });
    expect(result.skipped).toEqual(['  Erreurs             = beaucoup']);
    expect(result.data.interfaces).toBeUndefined();
    expect(detectNetstatS(S_FRENCH)).toBe(0.9);
  });

  it('returns the interface too for netstat -e -s, and detects it above -e alone', () => {
    const combined = E_SPANISH + S_FRENCH;
    const result = parseNetstatS(combined);
    expect(result.data.interfaces?.[0]?.counters.rxBytes).toBe(2190616468);
    expect(Object.keys(result.data.protocolStats ?? {})).toEqual(['Ip', 'Icmp6', 'Tcp6', 'Udp']);
    expect(detectNetstatS(combined)).toBeGreaterThan(detectNetstatE(combined));
  });

  it('does not claim Linux netstat -s', () => {
    expect(
      detectNetstatS(
        'Ip:\n    Forwarding: 1\n    1234 total packets received\nTcp:\n    5 active connection openings\n',
      ),
    ).toBe(0);
  });
});
