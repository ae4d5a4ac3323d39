/**
 * BSD/macOS `netstat -rn` and `netstat -i[b][n][d]` at the edges of their formats: short and
 * resolved destinations, on-link gateways, tables without a section title; interface rows from
 * both ends, truncated names, FreeBSD's '-' cells and Idrop/Drop columns.
 */
import { describe, expect, it } from 'vitest';
import { parseBsdNetstatI } from './netstat-ibn';
import { normalizeV4Destination, normalizeV6Destination, parseBsdRoutes } from './netstat-rn';

describe('netstat -rn destinations', () => {
  it.each([
    ['127.1', '127.1.0.0', 16],
    ['10.0.1/24', '10.0.1.0', 24],
    ['10/8', '10.0.0.0', 8],
    ['10.1.2.3/32', '10.1.2.3', 32],
    ['255.255.255.255', '255.255.255.255', 32],
    ['localhost', 'localhost', 32],
    ['kbrazil-mac.local', 'kbrazil-mac.local', 32],
  ])('IPv4 %s is %s/%i', (text, destination, prefixLength) => {
    expect(normalizeV4Destination(text)).toEqual({ destination, prefixLength });
  });

  it('refuses IPv4 destinations with impossible octets or prefixes, and names with a prefix', () => {
    for (const text of ['256.1', '10.0.0.0/33', '10.0.0.0/x', 'localhost/8', 'bad name', '', '1.2.3.4.5/8']) {
      expect(normalizeV4Destination(text), text).toBeNull();
    }
  });

  it('reads IPv6 destinations with and without a prefix and drops the zone', () => {
    expect(normalizeV6Destination('ff02::%lo0/32')).toEqual({ destination: 'ff02::', prefixLength: 32 });
    expect(normalizeV6Destination('fe80::1%lo0')).toEqual({ destination: 'fe80::1', prefixLength: 128 });
    expect(normalizeV6Destination('::/0')).toEqual({ destination: '::', prefixLength: 0 });
    for (const text of ['::/129', '::/x', '/64', '']) expect(normalizeV6Destination(text), text).toBeNull();
  });
});

describe('netstat -rn tables', () => {
  it('reads FreeBSD netstat -r: resolved names, link# gateways, a gateway that is a name', () => {
    const r = parseBsdRoutes(
      [
        'Routing tables',
        '',
        'Internet:',
        'Destination        Gateway            Flags     Netif Expire',
        'default            192.168.71.2       UGS         em0',
        'localhost          link#2             UH          lo0',
        '',
        'Internet6:',
        'Destination        Gateway            Flags     Netif Expire',
        '::/96              localhost          UGRS        lo0',
        'fe80::1%lo0        link#2             UHS         lo0',
      ].join('\n'),
    );
    expect(r.skipped).toEqual([]);
    expect(
      r.data.routes?.map((x) => [x.family, x.destination, x.prefixLength, x.gateway, x.flags, x.interface]),
    ).toEqual([
      [4, '0.0.0.0', 0, '192.168.71.2', 'UGS', 'em0'],
      [4, 'localhost', 32, null, 'UH', 'lo0'],
      [6, '::', 96, 'localhost', 'UGRS', 'lo0'],
      [6, 'fe80::1', 128, null, 'UHS', 'lo0'],
    ]);
  });

  it('keeps gateways that only look like link# or MAC addresses', () => {
    const r = parseBsdRoutes(
      [
        'Internet:',
        'Destination Gateway Flags Netif',
        '10.0.0.1 link#x UH en0',
        '10.0.0.2 0:1:2:3:4 UH en0',
        '10.0.0.3 0:1:2:3:4:5:6 UH en0',
        '10.0.0.4 A4:83:E7:2D:62:8F UHLW en0',
      ].join('\n'),
    );
    expect(r.data.routes?.map((x) => x.gateway)).toEqual(['link#x', '0:1:2:3:4', '0:1:2:3:4:5:6', null]);
  });

  it('tells the family by the destination when there is no section title', () => {
    const r = parseBsdRoutes(
      ['Destination Gateway Flags Netif', 'fe80::/64 link#4 UC en0', '10/8 10.0.0.1 UGS en0'].join('\n'),
    );
    expect(r.data.routes?.map((x) => [x.family, x.destination, x.prefixLength])).toEqual([
      [6, 'fe80::', 64],
      [4, '10.0.0.0', 8],
    ]);
  });

  it('skips rows before a header, after a new section title until its header, and short or bad rows', () => {
    const r = parseBsdRoutes(
      [
        'default 10.0.0.1 UGS en0',
        'Internet:',
        'Destination Gateway Flags Netif Expire',
        'default 10.0.0.1 UGS en0',
        '10.0.0/40 10.0.0.1 UGS en0',
        '10.0.1/24 link#4',
        'Internet6:',
        'default fe80::1 UGS en0',
      ].join('\n'),
    );
    expect(r.data.routes).toHaveLength(1);
    expect(r.skipped).toEqual([
      'default 10.0.0.1 UGS en0',
      '10.0.0/40 10.0.0.1 UGS en0',
      '10.0.1/24 link#4',
      'default fe80::1 UGS en0',
    ]);
  });

  it('refuses rows when the header has no Netif, and leaves flags empty without a Flags column', () => {
    const noNetif = parseBsdRoutes('Internet:\nDestination Gateway Flags\ndefault 10.0.0.1 UGS\n');
    expect(noNetif.data.routes).toEqual([]);
    expect(noNetif.skipped).toEqual(['default 10.0.0.1 UGS']);
    const noFlags = parseBsdRoutes('Internet:\nDestination Gateway Netif\ndefault 10.0.0.1 en0\n');
    expect(noFlags.data.routes?.[0]).toMatchObject({
      flags: '',
      interface: 'en0',
      gateway: '10.0.0.1',
      metric: null,
      table: null,
    });
  });
});

describe('netstat -i', () => {
  it('reads FreeBSD netstat -i: Idrop, a link row whose Address is not a MAC, address rows with - cells', () => {
    const r = parseBsdNetstatI(
      [
        'Name    Mtu Network       Address              Ipkts Ierrs Idrop    Opkts Oerrs  Coll',
        'em0    1500 <Link#1>      00:0c:29:1a:4e:3b   189449     1     2   211310     3     0',
        'em0       - fe80::%em0/64 fe80::20c:29ff:fe        0     -     -        4     -     -',
        'lo0   16384 <Link#2>      lo0                     26     0     0       26     0     0',
      ].join('\n'),
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.interfaces?.map((x) => [x.name, x.mac, x.mtu, x.up])).toEqual([
      ['em0', '00:0c:29:1a:4e:3b', 1500, true],
      ['lo0', null, 16384, true],
    ]);
    expect(r.data.interfaces?.[0]?.counters).toMatchObject({
      rxPackets: 189449,
      rxErrors: 1,
      rxDrops: 2,
      txPackets: 211310,
      txErrors: 3,
      rxBytes: 0,
      txBytes: 0,
      txDrops: 0,
    });
    expect(r.data.interfaces?.[0]).toMatchObject({ speedMbps: null, rates: null });
    expect(r.warnings).toEqual(['this netstat -i has no byte counts (use netstat -ib): byte counters are shown as 0']);
  });

  it('reads -ibn with Drop as transmit drops and says nothing about bytes', () => {
    const r = parseBsdNetstatI(
      [
        'Name  Mtu   Network       Address            Ipkts Ierrs     Ibytes    Opkts Oerrs     Obytes  Coll Drop',
        'en0   1500  <Link#4>    a4:83:e7:2d:62:8f     10     0        100       20     0        200     0    7',
      ].join('\n'),
    );
    expect(r.data.interfaces?.[0]?.counters).toMatchObject({ rxBytes: 100, txBytes: 200, txDrops: 7, rxDrops: 0 });
    expect(r.warnings).toEqual([]);
  });

  it('tells truncated names apart by link number, warning once', () => {
    const r = parseBsdNetstatI(
      [
        'Name  Mtu   Network       Address            Ipkts Ierrs     Ibytes    Opkts Oerrs     Obytes  Coll',
        'utun8 1380  <Link#30>                           1     0          1        1     0          1     0',
        'utun8 1380  <Link#31>                           2     0          2        2     0          2     0',
        'utun8 1380  <Link#32>                           3     0          3        3     0          3     0',
      ].join('\n'),
    );
    expect(r.data.interfaces?.map((x) => x.name)).toEqual(['utun8', 'utun8#31', 'utun8#32']);
    expect(r.warnings).toEqual([
      'interface names were truncated by netstat: repeated ones are told apart by their link number',
    ]);
  });

  it('skips rows with too few or too many cells on the left or unreadable counters; ignores lines before the header', () => {
    const r = parseBsdNetstatI(
      [
        'en0 1500 <Link#4> 1 0 1 1 0 1 0',
        'Name  Mtu   Network       Address            Ipkts Ierrs    Opkts Oerrs  Coll',
        'en0 1500 <Link#4> a4:83:e7:2d:62:8f x 0 1 0 0',
        'en0 <Link#4> 1 0 1 0 0',
        'en0 1500 <Link#4> a b 1 0 1 0 0',
        'en1 1500 <Link#5> 1 0 2 0 0',
      ].join('\n'),
    );
    expect(r.skipped).toEqual([
      'en0 1500 <Link#4> a4:83:e7:2d:62:8f x 0 1 0 0',
      'en0 <Link#4> 1 0 1 0 0',
      'en0 1500 <Link#4> a b 1 0 1 0 0',
    ]);
    expect(r.data.interfaces?.map((x) => [x.name, x.mac, x.counters.txPackets])).toEqual([['en1', null, 2]]);
  });

  it('gives no warning when there are no interfaces', () => {
    expect(parseBsdNetstatI('Name Mtu Network Address Ipkts Ierrs Opkts Oerrs Coll\n').warnings).toEqual([]);
  });
});

describe('BSD tables: edges found by mutation testing', () => {
  it('reads indented route tables', () => {
    const r = parseBsdRoutes('  Internet6:\n  Destination Gateway Flags Netif\n  ::1 ::1 UHL lo0\n');
    expect(r.skipped).toEqual([]);
    expect(r.data.routes?.map((x) => [x.family, x.destination])).toEqual([[6, '::1']]);
  });

  it('reads an indented interface table and passes over blank lines between rows', () => {
    const r = parseBsdNetstatI(
      '  Name  Mtu   Network       Address            Ipkts Ierrs    Opkts Oerrs  Coll\n  lo0   16384 <Link#1>                       1     0        2     0     0\n\n  en0   1500  <Link#4>    a4:83:e7:2d:62:8f  3     0        4     0     0\n',
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.interfaces?.map((x) => x.name)).toEqual(['lo0', 'en0']);
  });
});
