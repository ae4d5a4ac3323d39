/**
 * ss files of raw sockets (`ss -w`) and of one chosen state (`ss -t state established`), as ss prints them
 * (misc/ss.c): a raw socket's port is its IP protocol (a number with -n, else its /etc/protocols name or
 * `ipproto-N`) and its peer's port `*`; with one state chosen ss leaves out the State column, which the default
 * of `-u` and `-w` without -a (ESTAB alone) also does. Rows marked "ss 6.1" were printed by iproute2-6.1.0 here
 * (127.0.0.1 / lo sockets, Python's raw and UNIX sockets).
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { importBytes } from '../../import';
import { parseSs, SsReader } from './ss';

const HEADER = 'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess';
const NO_STATE = 'Recv-Q Send-Q Local Address:Port Peer Address:PortProcess';
const read = (...lines: string[]) => parseSs(lines.join('\n'));
const pick = (c: Connection[] | undefined) =>
  c?.map((x) => [x.protocol, x.family, x.state, x.localAddress, x.localPort, x.remoteAddress]);

describe('ss -w: raw sockets', () => {
  it('reads `ss -wan` as raw sockets, each port its protocol (ss 6.1), not as UDP', () => {
    const r = read(
      HEADER,
      'UNCONN 0      0          127.0.0.1:1         0.0.0.0:*          ',
      'UNCONN 0      0            0.0.0.0:255       0.0.0.0:*          ',
      'ESTAB  0      0          127.0.0.1:17      127.0.0.1:*          ',
      'UNCONN 0      0                  *:58              *:*          ',
    );
    expect(pick(r.data.connections)).toEqual([
      ['raw', 4, 'NONE', '127.0.0.1', 1, '0.0.0.0'],
      ['raw', 4, 'NONE', '0.0.0.0', 255, '0.0.0.0'],
      ['raw', 4, 'NONE', '127.0.0.1', 17, '127.0.0.1'],
      ['raw', 6, 'NONE', '::', 58, '::'],
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('reads `ss -wa` (protocol names) as raw with the protocol numbers (ss 6.1)', () => {
    const r = read(
      'State  Recv-Q Send-Q Local Address:Port        Peer Address:PortProcess',
      'UNCONN 0      0          127.0.0.1:icmp             0.0.0.0:*          ',
      'UNCONN 0      0            0.0.0.0:ipproto-255      0.0.0.0:*          ',
      'UNCONN 0      0                  *:ipv6-icmp              *:*          ',
    );
    expect(pick(r.data.connections)).toEqual([
      ['raw', 4, 'NONE', '127.0.0.1', 1, '0.0.0.0'],
      ['raw', 4, 'NONE', '0.0.0.0', 255, '0.0.0.0'],
      ['raw', 6, 'NONE', '::', 58, '::'],
    ]);
  });

  it('reads a `ss -wan` of unconnected raw sockets only as raw, holding the rows until the table ends', () => {
    const seen: Connection[] = [];
    const reader = new SsReader((row) => seen.push(row));
    reader.line(HEADER);
    reader.line('UNCONN 0 0 0.0.0.0:1 0.0.0.0:*');
    reader.line('UNCONN 0 0 *:58 *:*');
    expect(seen).toEqual([]);
    expect(reader.finish().warnings).toEqual([]);
    expect(pick(seen)?.map((r) => [r[0], r[4]])).toEqual([
      ['raw', 1],
      ['raw', 58],
    ]);
  });

  it('still reads UDP on a raw protocol number as UDP once the table shows a UDP port', () => {
    const r = read(HEADER, 'UNCONN 0 0 0.0.0.0:17 0.0.0.0:*', 'UNCONN 0 0 0.0.0.0:5353 0.0.0.0:*');
    expect(pick(r.data.connections)?.map((x) => [x[0], x[4]])).toEqual([
      ['udp', 17],
      ['udp', 5353],
    ]);
  });

  it('reads `ss -w` (no -a: no State column, ESTAB alone) as a connected raw socket (ss 6.1)', () => {
    for (const port of ['udp', '17']) {
      const r = read(NO_STATE, `0      0          127.0.0.1:${port}     127.0.0.1:*          `);
      expect(pick(r.data.connections), port).toEqual([['raw', 4, 'NONE', '127.0.0.1', 17, '127.0.0.1']]);
      expect(r.warnings, port).toEqual([]);
    }
  });
});

describe('ss with one state chosen: no State column', () => {
  it('reads `ss -t state established` (ss 6.1) as TCP with its state unknown, and says why, once', () => {
    const text = [
      'Recv-Q Send-Q Local Address:Port  Peer Address:Port Process',
      '0      0          127.0.0.1:47100    127.0.0.1:35180       ',
      '0      0          127.0.0.1:35180    127.0.0.1:47100       ',
    ].join('\n');
    const r = parseSs(text);
    expect(pick(r.data.connections)).toEqual([
      ['tcp', 4, 'UNKNOWN', '127.0.0.1', 47100, '127.0.0.1'],
      ['tcp', 4, 'UNKNOWN', '127.0.0.1', 35180, '127.0.0.1'],
    ]);
    expect(r.skipped).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/neither a Netid nor a State column.*TCP.*UNKNOWN/)]);
    // It was refused as no known format.
    const imported = importBytes(new TextEncoder().encode(text), 'ss-est.txt');
    expect(imported.ok && imported.format.id).toBe('linux-ss');
  });

  it('reads the ss(8) example `ss -o state established` by its TCP timers, with no guess', () => {
    const r = read(
      'Recv-Q Send-Q Local Address:Port   Peer Address:Port Process',
      '0      0          10.0.0.5:ssh       10.0.0.9:50432 timer:(keepalive,119min,0)',
    );
    expect(pick(r.data.connections)).toEqual([['tcp', 4, 'UNKNOWN', '10.0.0.5', 22, '10.0.0.9']]);
    expect(r.warnings).toEqual([expect.stringMatching(/^this ss output has no State column.*UNKNOWN/)]);
  });

  it('reads `ss -tun state established` (Netid, no State; ss 6.1) by its netids', () => {
    const r = read(
      'Netid Recv-Q Send-Q Local Address:Port  Peer Address:Port Process',
      'udp   0      0          127.0.0.1:46594    127.0.0.1:9           ',
      'tcp   0      0          127.0.0.1:47100    127.0.0.1:35180       ',
    );
    expect(pick(r.data.connections)).toEqual([
      ['udp', 4, 'NONE', '127.0.0.1', 46594, '127.0.0.1'],
      ['tcp', 4, 'UNKNOWN', '127.0.0.1', 47100, '127.0.0.1'],
    ]);
    expect(r.warnings).toEqual([expect.stringMatching(/no State column/)]);
  });

  it('reads `ss -xp state listening` (ss 6.1) UNIX rows with their state unknown', () => {
    const r = read(
      'Netid Recv-Q Send-Q                                     Local Address:Port     Peer Address:PortProcess',
      'u_str 0      128                                      /tmp/R/r29.sock 13332674            * 0    users:(("python3",pid=22729,fd=3))',
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.unixSockets).toEqual([
      expect.objectContaining({
        type: 'stream',
        path: '/tmp/R/r29.sock',
        inode: 13332674,
        state: 'UNKNOWN',
        txQueue: 128,
        pid: 22729,
      }),
    ]);
  });

  it('keeps the State column where the header has it, in the next table of the same file', () => {
    const r = read(NO_STATE, '0 0 10.0.0.1:22 10.0.0.2:5000', HEADER, 'LISTEN 0 128 0.0.0.0:22 0.0.0.0:*');
    expect(pick(r.data.connections)?.map((x) => [x[0], x[2]])).toEqual([
      ['tcp', 'UNKNOWN'],
      ['tcp', 'LISTEN'],
    ]);
  });
});
