/**
 * What a saved ss file says about itself (misc/ss.c): without a Netid column it holds one table, so a
 * connected UDP socket's ESTAB is UDP; `*` is the dual-stack IPv6 socket from iproute2 4.14 and IPv4's
 * 0.0.0.0 before 4.13; a bound device follows the bracket. Rows marked "ss 6.1" were printed by
 * iproute2-6.1.0 on this machine (127.0.0.1 / ::1 / lo sockets); "ss 4.11" rows are RHEL 7's layout
 * (insights-core's ss fixture).
 */
import { describe, expect, it } from 'vitest';
import { isIPv6 } from '../../../shared/addresses';
import type { Connection } from '../../../shared/model';
import { parseSs, SsReader } from './ss';
import { splitColonEndpoint } from './socket-text';

const NO_NETID = 'State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process';
const NETID = 'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process';
const OLD_NO_NETID = 'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port';
const OLD_NETID = 'Netid  State      Recv-Q Send-Q Local Address:Port               Peer Address:Port';
const read = (...lines: string[]) => parseSs(lines.join('\n'));
const pick = (c: Connection[] | undefined, ...keys: (keyof Connection)[]) => c?.map((x) => keys.map((k) => x[k]));

describe('ss without a Netid column holds one table', () => {
  it('reads each table of a file that saved two (`ss -tan; ss -uan > f`) by its own rows (review N)', () => {
    const both = read(
      NO_NETID,
      'LISTEN 0      128    0.0.0.0:22          0.0.0.0:*',
      'ESTAB  0      0      10.0.0.5:22         10.0.0.9:5555',
      NO_NETID,
      'UNCONN 0      0      0.0.0.0:68          0.0.0.0:*',
      'ESTAB  0      0      10.0.0.5:40000      10.0.0.1:53',
    );
    expect(pick(both.data.connections, 'protocol', 'state', 'localPort')).toEqual([
      ['tcp', 'LISTEN', 22],
      ['tcp', 'ESTABLISHED', 22],
      ['udp', 'NONE', 68],
      ['udp', 'NONE', 40000],
    ]);
    expect(both.warnings).toEqual([]);
  });

  it('reads a connected UDP socket in `ss -uan` as UDP, before and after its UNCONN rows (ss 6.1)', () => {
    // ss 6.1 printed the ESTAB row first: the row is held until an UNCONN row tells the table.
    const first = read(
      NO_NETID,
      'ESTAB  0      0          127.0.0.1:45927    127.0.0.1:52118       ',
      'UNCONN 0      0          127.0.0.1:52118      0.0.0.0:*           ',
    );
    expect(pick(first.data.connections, 'protocol', 'state', 'localPort')).toEqual([
      ['udp', 'NONE', 45927],
      ['udp', 'NONE', 52118],
    ]);
    expect(first.warnings).toEqual([]);
    const last = read(
      NO_NETID,
      'UNCONN 0 0 0.0.0.0:5353 0.0.0.0:*',
      'UNCONN 0 0 [::]:5353 [::]:*',
      'ESTAB 0 0 127.0.0.1:52098 127.0.0.1:5399',
    );
    expect(pick(last.data.connections, 'protocol', 'state')).toEqual([
      ['udp', 'NONE'],
      ['udp', 'NONE'],
      ['udp', 'NONE'],
    ]);
  });

  it('reads ESTAB in `ss -tan` as TCP once a TCP-only state is seen, even after the ESTAB rows', () => {
    for (const word of [
      'LISTEN',
      'SYN-SENT',
      'SYN-RECV',
      'FIN-WAIT-1',
      'FIN-WAIT-2',
      'TIME-WAIT',
      'CLOSE-WAIT',
      'LAST-ACK',
      'CLOSING',
    ]) {
      const r = read(NO_NETID, 'ESTAB 0 0 10.0.0.1:22 10.0.0.2:5000', `${word} 0 0 10.0.0.1:22 10.0.0.3:5001`);
      expect(pick(r.data.connections, 'protocol'), word).toEqual([['tcp'], ['tcp']]);
      expect(r.data.connections?.[0]?.state, word).toBe('ESTABLISHED');
      expect(r.warnings, word).toEqual([]);
    }
  });

  it("reads a TCP file's UNCONN rows as closed TCP sockets (ss >= 6.8 lists them with -a)", () => {
    const r = read(NO_NETID, 'LISTEN 0 128 0.0.0.0:22 0.0.0.0:*', 'UNCONN 0 0 0.0.0.0:40000 0.0.0.0:*');
    expect(pick(r.data.connections, 'protocol', 'state')).toEqual([
      ['tcp', 'LISTEN'],
      ['tcp', 'CLOSED'],
    ]);
    const [closed] = read(NETID, 'tcp UNCONN 0 0 0.0.0.0:40000 0.0.0.0:*').data.connections ?? [];
    expect(closed).toMatchObject({ protocol: 'tcp', state: 'CLOSED' });
  });

  it('guesses TCP for a file of ESTAB rows only and warns once', () => {
    const r = read(NO_NETID, 'ESTAB 0 0 127.0.0.1:52098 127.0.0.1:5399', 'ESTAB 0 0 127.0.0.1:1 127.0.0.1:2');
    expect(pick(r.data.connections, 'protocol', 'state')).toEqual([
      ['tcp', 'ESTABLISHED'],
      ['tcp', 'ESTABLISHED'],
    ]);
    expect(r.warnings).toEqual([expect.stringMatching(/no Netid column and only ESTAB rows.*read as TCP/)]);
    // With a Netid column nothing is guessed.
    expect(read(NETID, 'tcp ESTAB 0 0 127.0.0.1:1 127.0.0.1:2').warnings).toEqual([]);
  });

  it('streams rows in file order, holding only until the table is told', () => {
    const seen: number[] = [];
    const reader = new SsReader((row) => seen.push(row.localPort));
    reader.line(NO_NETID);
    reader.line('ESTAB 0 0 127.0.0.1:1 127.0.0.1:2');
    reader.line('ESTAB 0 0 127.0.0.1:3 127.0.0.1:4');
    expect(seen).toEqual([]);
    reader.line('UNCONN 0 0 127.0.0.1:5 0.0.0.0:*');
    expect(seen).toEqual([1, 3, 5]);
    reader.line('ESTAB 0 0 127.0.0.1:7 127.0.0.1:8');
    expect(seen).toEqual([1, 3, 5, 7]);
    expect(reader.finish().warnings).toEqual([]);
  });

  it('does not hold a big file of ESTAB rows whole: past the limit they are guessed TCP and handed on', () => {
    let count = 0;
    const reader = new SsReader(() => count++);
    reader.line(NO_NETID);
    for (let i = 0; i < 20_000; i++) reader.line(`ESTAB 0 0 10.0.${i >> 8}.${i & 255}:22 10.1.0.1:5000`);
    expect(count).toBe(20_000);
    expect(reader.finish().warnings).toEqual([expect.stringMatching(/read as TCP/)]);
  });
});

describe('ss `*` addresses', () => {
  it('reads `*` as the dual-stack IPv6 socket in new ss, beside 0.0.0.0 and [::] (ss 6.1 -tan)', () => {
    const r = read(
      NO_NETID,
      'LISTEN    0      511          0.0.0.0:39439      0.0.0.0:*           ',
      'LISTEN    0      511                *:45683            *:*           ',
      'LISTEN    0      511             [::]:38499         [::]:*           ',
    );
    expect(pick(r.data.connections, 'protocol', 'family', 'localAddress', 'remoteAddress')).toEqual([
      ['tcp', 4, '0.0.0.0', '0.0.0.0'],
      ['tcp', 6, '::', '::'],
      ['tcp', 6, '::', '::'],
    ]);
  });

  it('reads `*` as new when the evidence comes after it, or only from the Process header', () => {
    const later = read(OLD_NO_NETID, 'LISTEN 0 511 *:80 *:*', 'LISTEN 0 128 127.0.0.1:631 0.0.0.0:*');
    expect(pick(later.data.connections, 'family', 'localAddress')).toEqual([
      [6, '::'],
      [4, '127.0.0.1'],
    ]);
    const seen: Connection[] = [];
    const reader = new SsReader((row) => seen.push(row));
    reader.line(NO_NETID);
    reader.line('LISTEN 0 511 *:80 *:*');
    expect(pick(seen, 'family', 'localAddress')).toEqual([[6, '::']]);
  });

  it('reads `*` as IPv4 0.0.0.0 in ss before 4.13, told by unbracketed IPv6 or IPv4 facing `*` (ss 4.11)', () => {
    const r = read(
      OLD_NETID,
      'udp    UNCONN     0      0         *:55898                 *:*',
      'udp    UNCONN     0      0      127.0.0.1:904                   *:*                   users:(("rpc.statd",pid=29559,fd=7))',
      'udp    UNCONN     0      0        :::57315                :::*',
      'tcp    LISTEN     0      128       *:111                   *:*',
    );
    expect(pick(r.data.connections, 'family', 'localAddress', 'remoteAddress')).toEqual([
      [4, '0.0.0.0', '0.0.0.0'],
      [4, '127.0.0.1', '0.0.0.0'],
      [6, '::', '::'],
      [4, '0.0.0.0', '0.0.0.0'],
    ]);
    const v6First = read(OLD_NO_NETID, 'LISTEN 0 128 *:22 *:*', 'LISTEN 0 128 :::22 :::*');
    expect(pick(v6First.data.connections, 'family', 'localAddress')).toEqual([
      [4, '0.0.0.0'],
      [6, '::'],
    ]);
  });

  it('reads a file of `*` rows only as new ss (4.14 came out in 2017)', () => {
    const r = read(OLD_NO_NETID, 'LISTEN 0 128 *:22 *:*');
    expect(pick(r.data.connections, 'family', 'localAddress')).toEqual([[6, '::']]);
  });
});

describe('ss addresses bound to a device (ss 6.1)', () => {
  it('keeps an IPv6 device as the zone, without brackets', () => {
    expect(splitColonEndpoint('[fe80::fc:ff:fe00:1]%eth0:47070')).toEqual({
      address: 'fe80::fc:ff:fe00:1%eth0',
      port: 47070,
    });
    const r = read(
      NETID,
      'udp   UNCONN    0      0      [fe80::fc:ff:fe00:1]%eth0:47070         [::]:*          ',
      'udp   UNCONN    0      0           [::1]%lo:47068         [::]:*           ',
    );
    expect(pick(r.data.connections, 'family', 'localAddress', 'localPort')).toEqual([
      [6, 'fe80::fc:ff:fe00:1%eth0', 47070],
      [6, '::1%lo', 47068],
    ]);
    for (const row of r.data.connections ?? []) expect(isIPv6(row.localAddress), row.localAddress).toBe(true);
  });

  it('drops an IPv4 or `*` device (IPv4 text has no zone, the model no interface field)', () => {
    const r = read(
      NETID,
      'udp   UNCONN    0      0         0.0.0.0%lo:47067      0.0.0.0:*           ',
      'udp   UNCONN     0      0      0.0.0.0%virbr0:67          0.0.0.0:*',
      'tcp   LISTEN    0      1               *%lo:47069            *:*           ',
    );
    expect(pick(r.data.connections, 'family', 'localAddress', 'localPort')).toEqual([
      [4, '0.0.0.0', 47067],
      [4, '0.0.0.0', 67],
      [6, '::', 47069],
    ]);
  });
});
