/**
 * How sure each macOS/BSD format is that a text is its own: header variants of macOS, FreeBSD and
 * OpenBSD netstat, -A's leading columns, a UNIX-only listing, route and interface tables, lsof.
 */
import { describe, expect, it } from 'vitest';
import { MACOS_FORMATS } from './formats';

function detector(id: string): (text: string) => number {
  const spec = MACOS_FORMATS.find((f) => f.id === id);
  if (!spec) throw new Error(`no format ${id}`);
  return (text) => spec.detect(text);
}

describe('BSD netstat detection', () => {
  const detect = detector('macos-netstat-anv');
  const row = 'tcp4       0      0  127.0.0.1.5000         *.*                    LISTEN';

  it('is surest with a (state) or Rexmit header and BSD rows', () => {
    expect(detect(`Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n${row}\n`)).toBe(0.95);
    expect(detect(`Proto Rexmit OOORcv 0-win  Local Address          Foreign Address\n${row}\n`)).toBe(0.95);
    expect(detect(`Tcpcb            Proto Recv-Q Send-Q Local Address      Foreign Address    (state)\n${row}\n`)).toBe(
      0.95,
    );
    expect(detect(`Proto Recv-Q Send-Q  Local Address          Foreign Address\n${row}\n`)).toBe(0.85);
  });

  it('reads rows with a pcb address and a flow hash before Proto, but not further right', () => {
    expect(detect('7fb03cb94d505aed cedd0cbf tcp4 0 0 192.168.1.221.5486 140.82.113.26.443 ESTABLISHED\n')).toBe(0.85);
    expect(detect('a b c tcp4 0 0 192.168.1.221.5486 140.82.113.26.443 ESTABLISHED\n')).toBe(0);
  });

  it('accepts a header with no rows, and a UNIX-only listing (netstat -f unix)', () => {
    expect(detect('Active Internet connections\nProto Recv-Q Send-Q  Local Address  Foreign Address  (state)\n')).toBe(
      0.6,
    );
    expect(
      detect(
        'Active LOCAL (UNIX) domain sockets\nAddress          Type   Recv-Q Send-Q            Inode             Conn             Refs\n',
      ),
    ).toBe(0.9);
  });

  it('is out when Linux-style endpoints outnumber BSD ones, and for nothing at all', () => {
    expect(detect(`${row}\ntcp 0 0 1.2.3.4:5 *:* LISTEN\ntcp 0 0 1.2.3.4:6 *:* LISTEN\n`)).toBe(0);
    expect(detect(`${row}\ntcp 0 0 1.2.3.4:5 *:* LISTEN\n`)).toBe(0.85);
    expect(detect('')).toBe(0);
    expect(detect('Proto Recv-Q Send-Q  Local Address  Foreign Address  (state)\ntcp 0 0 1.2.3.4:5 *:* LISTEN\n')).toBe(
      0,
    );
  });
});

describe('BSD route and interface detection', () => {
  const routes = detector('macos-netstat-rn');
  const interfaces = detector('macos-netstat-ibn');

  it('knows netstat -rn by its header, surest with a section title', () => {
    const header = 'Destination        Gateway            Flags        Refs      Use   Netif Expire';
    expect(routes(`Routing tables\n\nInternet:\n${header}\n`)).toBe(0.95);
    expect(routes(`Internet6:\n${header}\n`)).toBe(0.95);
    expect(routes(`Internet:\n${header}\n`)).toBe(0.95);
    expect(routes(`${header}\ndefault 10.0.0.1 UGS 0 0 en0\n`)).toBe(0.9);
    expect(routes('Destination Gateway Flags Refs Use\n')).toBe(0);
    expect(routes('Destination Gateway Genmask Flags Metric Ref Use Iface\n')).toBe(0);
    expect(routes(`1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n${header}\n`)).toBe(0);
  });

  it('knows netstat -i by its header among the first three lines', () => {
    const header = 'Name  Mtu   Network       Address            Ipkts Ierrs    Opkts Oerrs  Coll';
    expect(interfaces(`${header}\n`)).toBe(0.95);
    expect(interfaces(`$ netstat -i\n# host\n${header}\n`)).toBe(0.95);
    expect(interfaces(`1\n2\n3\n${header}\n`)).toBe(0);
    expect(interfaces('Iface MTU RX-OK\n')).toBe(0);
  });
});

describe('lsof detection', () => {
  const detect = detector('macos-lsof');

  it('knows the column header, with the Linux TID and TASKCMD columns, and field output', () => {
    expect(detect('COMMAND     PID   USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME\n')).toBe(0.95);
    expect(detect('COMMAND PID TID TASKCMD USER FD TYPE DEVICE SIZE/OFF NODE NAME\n')).toBe(0.95);
    expect(detect('\nCOMMAND PID TID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n')).toBe(0.95);
    expect(detect('p1\nclaunchd\nf3\n')).toBe(0.9);
    expect(detect('COMMAND PID USER FD TYPE\n')).toBe(0);
    expect(detect('x\nCOMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n')).toBe(0);
  });
});

describe('BSD detection reads headers as the tools pad them, and only at the start of a line', () => {
  it('netstat', () => {
    const detect = detector('macos-netstat-anv');
    const unixHeader = 'Address          Type   Recv-Q Send-Q            Inode             Conn';
    expect(detect(`  ${unixHeader}\n`)).toBe(0.9);
    expect(detect(`# ${unixHeader}\n`)).toBe(0);
    const row = 'tcp4       0      0  127.0.0.1.5000         *.*                    LISTEN';
    expect(detect(`  Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n  ${row}\n`)).toBe(
      0.95,
    );
    expect(detect(`# x Proto Recv-Q Send-Q  Local Address  Foreign Address  (state)\n${row}\n`)).toBe(0.85);
    expect(detect(`Tcpcb            Proto Recv-Q Send-Q Local Address (state)\n${row}\n`)).toBe(0.95);
    expect(detect(`x Tcpcb Proto Recv-Q Send-Q Local Address Foreign Address (state)\n${row}\n`)).toBe(0.85);
    // Counters before the address are skipped whatever their width.
    expect(detect('tcp4 10 20 127.0.0.1.5000 *.* LISTEN\n')).toBe(0.85);
  });

  it('netstat -rn, -i and lsof', () => {
    expect(detector('macos-netstat-rn')('  Destination        Gateway            Flags        Netif Expire\n')).toBe(
      0.9,
    );
    expect(detector('macos-netstat-rn')('# Destination Gateway Flags Netif\n')).toBe(0);
    expect(detector('macos-netstat-rn')('Routing tables x\nDestination Gateway Flags Netif\n')).toBe(0.9);
    expect(detector('macos-netstat-ibn')('  Name  Mtu   Network       Address            Ipkts Ierrs\n')).toBe(0.95);
    expect(detector('macos-netstat-ibn')('# Name Mtu Network Address Ipkts\n')).toBe(0);
    const lsof = detector('macos-lsof');
    expect(
      lsof('COMMAND     PID   TID TASKCMD       USER   FD      TYPE             DEVICE SIZE/OFF       NODE NAME\n'),
    ).toBe(0.95);
    expect(lsof('# COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n')).toBe(0);
    expect(detector('macos-netstat-s')('# tcp:\n\t1 a\n\t2 b\n\t3 c\n')).toBe(0);
  });
});
