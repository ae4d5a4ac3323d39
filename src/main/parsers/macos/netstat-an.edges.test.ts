/**
 * BSD `netstat` socket listings (macOS netstat -an/-anv/-A, FreeBSD -aT/-AanP, OpenBSD) at the edges
 * of the format: protocols, pcb columns before Proto, header-named extra columns, sections, streaming.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { BsdNetstatReader, parseBsdNetstat } from './netstat-an';

const ACTIVE = 'Active Internet connections (including servers)';
const HEADER = 'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)    ';
const rows = (...lines: string[]): Connection[] => parseBsdNetstat(lines.join('\n')).data.connections ?? [];

describe('BSD protocols and families', () => {
  it('reads tcp4/tcp6/tcp46/udp46, OpenBSD tcp without a digit and raw icm4/icm6', () => {
    const c = rows(
      ACTIVE,
      HEADER,
      'tcp4       0      0  10.0.0.1.22            10.0.0.2.50000         ESTABLISHED',
      'tcp6       0      0  ::1.631                *.*                    LISTEN     ',
      'udp46      0      0  *.5353                 *.*                               ',
      'tcp        0      0  127.0.0.1.61115        127.0.0.1.4506         ESTABLISHED',
      'tcp        0      0  ::1.4506               ::1.61115              ESTABLISHED',
      'tcp        0      0  *.22                   *.*                    LISTEN     ',
      'icm4       0      0  *.*                    *.*                               ',
      'icm6       0      0  *.*                    *.*                               ',
    );
    expect(c.map((x) => [x.protocol, x.family, x.state])).toEqual([
      ['tcp', 4, 'ESTABLISHED'],
      ['tcp', 6, 'LISTEN'],
      ['udp', 6, 'NONE'],
      ['tcp', 4, 'ESTABLISHED'],
      ['tcp', 6, 'ESTABLISHED'],
      ['tcp', 4, 'LISTEN'],
      ['raw', 4, 'NONE'],
      ['raw', 6, 'NONE'],
    ]);
  });

  it('takes the family from the remote address when the local one does not tell', () => {
    const [row] = rows('tcp 0 0 *.22 fe80::1%en0.50000 ESTABLISHED');
    expect(row).toMatchObject({ family: 6, remoteAddress: 'fe80::1%en0', remotePort: 50000 });
  });

  it('reads queues, and a TCP row with no state word as UNKNOWN', () => {
    const [row] = rows(HEADER, 'tcp4  17  230  10.0.0.1.22  10.0.0.2.50000');
    expect(row).toMatchObject({ rxQueue: 17, txQueue: 230, state: 'UNKNOWN' });
  });

  it('writes * as the any-address of the family for live snapshots only', () => {
    const text = [HEADER, 'tcp6 0 0 *.22 *.* LISTEN', 'udp4 0 0 *.68 *.*'].join('\n');
    expect(
      parseBsdNetstat(text, { liveWildcards: true }).data.connections?.map((x) => [x.localAddress, x.remoteAddress]),
    ).toEqual([
      ['::', '::'],
      ['0.0.0.0', '0.0.0.0'],
    ]);
    expect(parseBsdNetstat(text).data.connections?.map((x) => [x.localAddress, x.remoteAddress])).toEqual([
      ['*', '*'],
      ['*', '*'],
    ]);
  });
});

describe('BSD columns', () => {
  it('reads macOS -A and -An: a pcb address and a flow hash before Proto', () => {
    const c = rows(
      'Active Internet connections',
      'Socket           Flowhash Proto Recv-Q Send-Q  Local Address      Foreign Address    (state)        rxbytes    txbytes',
      '7fb03cb94d505aed cedd0cbf tcp4       0      0  192.168.1.221.5486 140.82.113.26.443  ESTABLISHED       4958       3996',
      'fffff80003df43d0 tcp4       2      1 192.168.71.163.22  192.168.71.1.64330 ESTABLISHED',
    );
    expect(c.map((x) => [x.localPort, x.remotePort, x.rxQueue, x.txQueue, x.pid])).toEqual([
      [5486, 443, 0, 0, null],
      [22, 64330, 2, 1, null],
    ]);
  });

  it('refuses a row whose protocol stands further right than a pcb and a hash', () => {
    const r = parseBsdNetstat([HEADER, 'a b c tcp4 0 0 10.0.0.1.22 10.0.0.2.5 ESTABLISHED', 'nonsense'].join('\n'));
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(['a b c tcp4 0 0 10.0.0.1.22 10.0.0.2.5 ESTABLISHED', 'nonsense']);
    expect(r.skippedCount).toBe(2);
  });

  it('skips rows whose addresses have no dotted port', () => {
    const r = parseBsdNetstat(
      [HEADER, 'tcp4 0 0 10.0.0.1:22 10.0.0.2.5 ESTABLISHED', 'tcp4 0 0 10.0.0.1.22'].join('\n'),
    );
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toHaveLength(2);
  });

  it('reads FreeBSD -aT (retransmit counters, not queues, and no state column)', () => {
    const c = rows(
      ACTIVE,
      'Proto Rexmit OOORcv 0-win  Local Address          Foreign Address',
      'tcp4       3      0      0 192.168.71.163.ssh     192.168.71.1.64330     ',
    );
    expect(c[0]).toMatchObject({ localPort: 22, remotePort: 64330, rxQueue: null, txQueue: null, state: 'UNKNOWN' });
  });

  it('finds pid by its header name on TCP and UDP rows alike (UDP has no state column)', () => {
    const c = rows(
      'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)     rhiwat shiwat    pid   epid',
      'tcp4       0      0  *.22                   *.*                    LISTEN      131072 131072    100      0',
      'udp4       0      0  *.68                   *.*                                196724   9216    200      0',
      'tcp4       0      0  *.23                   *.*                    LISTEN      131072 131072      x      0',
    );
    expect(c.map((x) => x.pid)).toEqual([100, 200, null]);
  });

  it('reads process:pid where the name holds a colon, and leaves an unreadable cell alone', () => {
    const header =
      'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)      rxbytes      txbytes  process:pid';
    const c = rows(
      header,
      'tcp4       0      0  127.0.0.1.631          *.*                    LISTEN             0            0  com.apple:x:77',
      'tcp4       0      0  127.0.0.1.632          *.*                    LISTEN             0            0  :88',
      'tcp4       0      0  127.0.0.1.633          *.*                    LISTEN             0            0  nopid',
    );
    expect(c.map((x) => [x.processName, x.pid])).toEqual([
      ['com.apple:x', 77],
      [null, 88],
      [null, null],
    ]);
  });

  it('keeps queues when a header has Recv-Q and Send-Q but no (state)', () => {
    const [row] = rows('Proto Recv-Q Send-Q  Local Address  Foreign Address', 'udp4 5 6 *.68 *.*');
    expect(row).toMatchObject({ rxQueue: 5, txQueue: 6, state: 'NONE', pid: null });
  });
});

describe('BSD sections', () => {
  it('passes over Multipath, kernel control and event sections without calling their rows unreadable', () => {
    const r = parseBsdNetstat(
      [
        'Active Multipath Internet connections',
        'Proto/ID  Flags      Local Address          Foreign Address        (state)',
        'icm6       0      0  *.*                    *.*',
        'Registered kernel control modules',
        'id       flags    pcbcount rcvbuf   sndbuf   name',
        '1        9        0        524288   524288   com.apple.flow-divert',
        'Active kernel event sockets',
        'Proto Recv-Q Send-Q vendor  class subcl',
        'kevt       0      0      1      1     0',
        ACTIVE,
        HEADER,
        'tcp4 0 0 *.22 *.* LISTEN',
      ].join('\n'),
    );
    expect(r.skipped).toEqual([]);
    expect(r.data.connections).toHaveLength(1);
    expect('unixSockets' in r.data).toBe(false);
  });

  it('reads the UNIX section with its header, counts its unreadable rows, and returns to Internet rows', () => {
    const r = parseBsdNetstat(
      [
        'Active LOCAL (UNIX) domain sockets',
        'Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr',
        '7fb03cb94a63b065 stream      0      0                0 7fb03cb94a63b2bd                0                0 /var/run/x.sock',
        'not a unix row',
        ACTIVE,
        HEADER,
        'tcp4 0 0 *.22 *.* LISTEN',
      ].join('\n'),
    );
    expect(r.data.unixSockets).toHaveLength(1);
    expect(r.skipped).toEqual(['not a unix row']);
    expect(r.data.connections).toHaveLength(1);
  });

  it('ignores blank lines', () => {
    const r = parseBsdNetstat(`${HEADER}\n\n  \ntcp4 0 0 *.22 *.* LISTEN\n`);
    expect(r.skipped).toEqual([]);
    expect(r.data.connections).toHaveLength(1);
  });
});

describe('BsdNetstatReader streaming', () => {
  it('hands rows to onRow and keeps none itself', () => {
    const seen: Connection[] = [];
    const reader = new BsdNetstatReader({ liveWildcards: true }, (row) => seen.push(row));
    for (const line of [HEADER, 'tcp4 0 0 *.22 *.* LISTEN', 'junk']) reader.line(line);
    const r = reader.finish();
    expect(seen.map((x) => [x.localAddress, x.localPort])).toEqual([['0.0.0.0', 22]]);
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(['junk']);
  });
});

describe('BSD netstat without a header line', () => {
  it('reads queues as queues and finds no pid column', () => {
    const [row] = rows('tcp4 3 4 10.0.0.1.22 10.0.0.2.5 ESTABLISHED 131072 131072 77 0');
    expect(row).toMatchObject({ rxQueue: 3, txQueue: 4, pid: null });
  });

  it('reads a header whose (state) is the last column, and pid as the first extra column', () => {
    const c = rows('Proto Recv-Q Send-Q Local Address Foreign Address (state)   ', 'tcp4 0 0 *.22 *.* LISTEN 5');
    expect(c[0]).toMatchObject({ pid: null });
    const first = rows('Proto Recv-Q Send-Q Local Address Foreign Address (state) pid', 'tcp4 0 0 *.22 *.* LISTEN 5');
    expect(first[0]).toMatchObject({ pid: 5 });
    const processFirst = rows(
      'Proto Recv-Q Send-Q Local Address Foreign Address (state) process:pid',
      'tcp4 0 0 *.22 *.* LISTEN a:6',
    );
    expect(processFirst[0]).toMatchObject({ pid: 6, processName: 'a' });
  });
});
