/**
 * lsof network listings at the edges of both forms: field output (`-F`, lsof's OUTPUT FOR OTHER
 * PROGRAMS: p/c/u/L process fields, f/t/P/n/i/T file fields) and the column listing (blank COMMAND
 * cells, Linux TID column, thread rows, DEVICE as inode or kernel address).
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { looksLikeLsofFields, LsofReader, parseLsof, parseLsofColumns, parseLsofFields } from './lsof';

const fields = (...lines: string[]): ReturnType<typeof parseLsofFields> => parseLsofFields(lines.join('\n'));

describe('lsof -F fields', () => {
  it('reads inode (i), the T fields it knows and ignores the others', () => {
    const [row] =
      fields(
        'p42',
        'cnginx',
        'u33',
        'Lwww-data',
        'f6',
        'tIPv4',
        'PTCP',
        'i12345',
        'n*:80',
        'TST=LISTEN',
        'TQR=5',
        'TQS=7',
        'TSO=x',
      ).data.connections ?? [];
    expect(row).toMatchObject({
      pid: 42,
      processName: 'nginx',
      uid: 33,
      user: 'www-data',
      inode: 12345,
      state: 'LISTEN',
      rxQueue: 5,
      txQueue: 7,
      localAddress: '*',
      localPort: 80,
      remoteAddress: '*',
      remotePort: 0,
    });
  });

  it('reads TCP with no TST (lsof without -T) as UNKNOWN, an empty TST too, and UDP as stateless', () => {
    const c =
      fields(
        'p1',
        'f3',
        'tIPv4',
        'PTCP',
        'n10.0.0.1:22->10.0.0.2:5000',
        'TST=',
        'f4',
        'tIPv4',
        'Pudp',
        'n*:68',
        'TST=IDLE',
      ).data.connections ?? [];
    expect(c.map((x) => [x.protocol, x.state, x.rxQueue])).toEqual([
      ['tcp', 'UNKNOWN', null],
      ['udp', 'NONE', null],
    ]);
  });

  it('reads an unknown TCP state word as UNKNOWN', () => {
    const [row] = fields('p1', 'f3', 'tIPv6', 'PTCP', 'n[::1]:22', 'TST=WEIRD').data.connections ?? [];
    expect(row).toMatchObject({ state: 'UNKNOWN', family: 6 });
  });

  it('takes the family from the address when there is no t field', () => {
    const c =
      fields('p1', 'f3', 'PTCP', 'n[::1]:22', 'f4', 'PTCP', 'n*:23', 'f5', 'tsock', 'PUDP', 'n10.0.0.1:24').data
        .connections ?? [];
    expect(c.map((x) => [x.family, x.localPort])).toEqual([
      [6, 22],
      [4, 23],
      [4, 24],
    ]);
  });

  it('drops files that are not network sockets, and calls unreadable network ones skipped with their fields', () => {
    const r = fields(
      'p1',
      'ccat',
      'f0',
      'tCHR',
      'n/dev/null',
      'f5',
      'tIPv4',
      'PICMP',
      'n*:*',
      'f6',
      'tIPv6',
      'PTCP',
      'n[::1]:99999',
    );
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(['f5 IPv4 ICMP *:*', 'f6 IPv6 TCP [::1]:99999']);
  });

  it('starts each process afresh and ignores file fields before any f field', () => {
    const c =
      fields(
        'p1',
        'cfirst',
        'u0',
        'Lroot',
        'tIPv4',
        'PTCP',
        'n1.1.1.1:1',
        'p2',
        'f3',
        'tIPv4',
        'PTCP',
        'n*:22',
        'px',
        'f4',
        'tIPv4',
        'PTCP',
        'n*:23',
      ).data.connections ?? [];
    expect(c.map((x) => [x.pid, x.processName, x.user, x.uid, x.localPort])).toEqual([
      [2, null, null, null, 22],
      [null, null, null, null, 23],
    ]);
  });

  it('reads a bad remote endpoint as an unreadable file', () => {
    const r = fields('p1', 'f3', 'tIPv4', 'PTCP', 'n10.0.0.1:22->nowhere');
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toHaveLength(1);
  });
});

describe('looksLikeLsofFields', () => {
  it('needs a p line first, a second line, and every line starting with a letter', () => {
    expect(looksLikeLsofFields('p1\nccmd\n')).toBe(true);
    expect(looksLikeLsofFields('p1\0ccmd\0')).toBe(true);
    expect(looksLikeLsofFields('p1\r\nf3\r\n')).toBe(true);
    expect(looksLikeLsofFields('p1\n')).toBe(false);
    expect(looksLikeLsofFields('p1x\nccmd\n')).toBe(false);
    expect(looksLikeLsofFields('xp1\nccmd\n')).toBe(false);
    expect(looksLikeLsofFields('p1\n1cmd\n')).toBe(false);
    expect(looksLikeLsofFields('c1\np1\n')).toBe(false);
  });

  it('looks at the first 30 lines only', () => {
    const lines = ['p1', ...Array<string>(29).fill('f1'), '#not a field'];
    expect(looksLikeLsofFields(lines.join('\n'))).toBe(true);
    lines.splice(29, 0, '#');
    expect(looksLikeLsofFields(lines.join('\n'))).toBe(false);
  });
});

describe('lsof columns', () => {
  const HEADER = 'COMMAND     PID   TID             USER   FD      TYPE             DEVICE SIZE/OFF       NODE NAME';

  it('reads Linux lsof with a TID column once per socket, DEVICE as the inode, resolved names', () => {
    const r = parseLsofColumns(
      [
        HEADER,
        'container  1112                   root    7u     IPv4              30727      0t0        TCP localhost:42351 (LISTEN)',
        'container  1112  1303             root    7u     IPv4              30727      0t0        TCP localhost:42351 (LISTEN)',
        'systemd-r   885        systemd-resolve   12u     IPv4              27005      0t0        UDP localhost:domain ',
        'sshd       1206                  root    4u     IPv6              21600      0t0        TCP *:ssh (LISTEN)',
      ].join('\n'),
    );
    expect(r.skipped).toEqual([]);
    expect(
      r.data.connections?.map((x) => [x.pid, x.protocol, x.family, x.localPort, x.inode, x.state, x.user]),
    ).toEqual([
      [1112, 'tcp', 4, 42351, 30727, 'LISTEN', 'root'],
      [885, 'udp', 4, 53, 27005, 'NONE', 'systemd-resolve'],
      [1206, 'tcp', 6, 22, 21600, 'LISTEN', 'root'],
    ]);
  });

  it('counts the same socket again under another fd or process', () => {
    const c =
      parseLsofColumns(
        [
          'nginx 10 www 6u IPv4 100 0t0 TCP *:80 (LISTEN)',
          'nginx 10 www 7u IPv4 100 0t0 TCP *:80 (LISTEN)',
          'nginx 11 www 6u IPv4 100 0t0 TCP *:80 (LISTEN)',
        ].join('\n'),
      ).data.connections ?? [];
    expect(c.map((x) => x.pid)).toEqual([10, 10, 11]);
  });

  it('reads a TCP row without a (STATE) as UNKNOWN, and a word that is not in parentheses as no state', () => {
    const c =
      parseLsofColumns(
        ['a 1 u 3u IPv4 0x1 0t0 TCP 1.2.3.4:5->6.7.8.9:10', 'b 2 u 3u IPv4 0x1 0t0 TCP 1.2.3.4:6 LISTEN'].join('\n'),
      ).data.connections ?? [];
    expect(c.map((x) => [x.state, x.inode])).toEqual([
      ['UNKNOWN', null],
      ['UNKNOWN', null],
    ]);
  });

  it('passes over ICMP, raw and SCTP sockets and non-network files; skips rows it cannot read', () => {
    const r = parseLsofColumns(
      [
        'ping 5 root 3u IPv4 0x1 0t0 ICMP *:*',
        'raw 6 root 3u IPv6 0x1 0t0 raw6 *:*',
        'x 7 root 3u IPv4 0x1 0t0 SCTP *:9',
        'bash 8 root cwd DIR 8,2 4096 2 /',
        'weird pid root 3u IPv4 0x1 0t0 TCP *:1 (LISTEN)',
        'short 9 root 3u IPv4 0x1 0t0 TCP',
        'bad 10 root 3u IPv4 0x1 0t0 TCP *:99999 (LISTEN)',
        'noproto 11 root 3u IPv4 0x1 0t0 GRE *:*',
      ].join('\n'),
    );
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual([
      'weird pid root 3u IPv4 0x1 0t0 TCP *:1 (LISTEN)',
      'short 9 root 3u IPv4 0x1 0t0 TCP',
      'bad 10 root 3u IPv4 0x1 0t0 TCP *:99999 (LISTEN)',
      'noproto 11 root 3u IPv4 0x1 0t0 GRE *:*',
    ]);
  });

  it('does not take an IPv4 word in the first three columns for the TYPE', () => {
    const r = parseLsofColumns('IPv4 1 IPv6 3u IPv4 0x1 0t0 TCP *:1 (LISTEN)');
    expect(r.data.connections?.[0]).toMatchObject({ processName: 'IPv4', pid: 1, user: 'IPv6', localPort: 1 });
  });

  it('writes * as the any-address of the family for live snapshots', () => {
    const c = parseLsof('a 1 u 3u IPv6 0x1 0t0 TCP *:22 (LISTEN)', { liveWildcards: true }).data.connections ?? [];
    expect(c[0]).toMatchObject({ localAddress: '::', remoteAddress: '::' });
  });
});

describe('LsofReader streaming', () => {
  it('tells fields from columns by the first non-empty line and hands rows to onRow', () => {
    const seen: Connection[] = [];
    const fieldsReader = new LsofReader({}, (row) => seen.push(row));
    for (const line of ['', 'p1', 'f3\0tIPv4\0PTCP\0n*:22', 'TST=LISTEN']) fieldsReader.line(line);
    expect(fieldsReader.finish().data.connections).toEqual([]);
    expect(seen.map((x) => [x.pid, x.localPort, x.state])).toEqual([[1, 22, 'LISTEN']]);

    const columns = new LsofReader();
    for (const line of [
      '  ',
      'COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME',
      'a 1 u 3u IPv4 9 0t0 TCP *:22 (LISTEN)',
    ])
      columns.line(line);
    expect(columns.finish().data.connections?.map((x) => [x.pid, x.inode])).toEqual([[1, 9]]);
  });

  it('reads a NUL-separated first line as fields, and gives an empty result for no lines', () => {
    const reader = new LsofReader();
    reader.line('p7\0cx\0f1\0tIPv4\0PUDP\0n*:53');
    expect(reader.finish().data.connections?.map((x) => [x.pid, x.processName, x.localPort])).toEqual([[7, 'x', 53]]);
    expect(new LsofReader().finish()).toEqual({ data: { connections: [] }, skipped: [], warnings: [] });
    const notFields = new LsofReader();
    notFields.line('p7x');
    expect(notFields.finish().skipped).toEqual([]);
  });
});

describe('lsof edges found by mutation testing', () => {
  it('counts an IPv4 or IPv6 file without a protocol field as unreadable, and drops a file with neither', () => {
    const r = fields('p1', 'f3', 'tIPv4', 'n*:22', 'f4', 'tIPv6', 'n*:23', 'f5', 'n/dev/null', 'TST=LISTEN');
    expect(r.data.connections).toEqual([]);
    expect(r.skipped).toEqual(['f3 IPv4  *:22', 'f4 IPv6  *:23']);
  });

  it('ignores T fields that come before any file', () => {
    const r = fields('p1', 'TST=LISTEN', 'f3', 'tIPv4', 'PTCP', 'n*:22');
    expect(r.data.connections?.map((x) => x.state)).toEqual(['UNKNOWN']);
  });

  it('finds the protocol right of TYPE even when the command is named like one', () => {
    const c = parseLsofColumns('UDP 1 u 3u IPv4 9 0t0 TCP *:22 (LISTEN)').data.connections ?? [];
    expect(c.map((x) => [x.processName, x.protocol, x.localPort])).toEqual([['UDP', 'tcp', 22]]);
  });

  it('passes over ICMP/raw/SCTP rows by the protocol word, not by any word containing it', () => {
    const r = parseLsofColumns('xdraw 6 root 3u IPv6 0x1 0t0 GRE *:*');
    expect(r.skipped).toEqual(['xdraw 6 root 3u IPv6 0x1 0t0 GRE *:*']);
  });

  it('tells field output by p and digits at the very start of the first line', () => {
    expect(looksLikeLsofFields('p12\nccmd\n')).toBe(true);
    expect(looksLikeLsofFields(`p1\nn${'x'.repeat(4100)}\n#not a field`)).toBe(true);
    const many = new LsofReader();
    many.line('p12');
    many.line('f3\0tIPv4\0PTCP\0n*:22');
    expect(many.finish().data.connections?.map((x) => x.pid)).toEqual([12]);
    const columns = new LsofReader();
    columns.line('xp1 1 u 3u IPv4 9 0t0 TCP *:22 (LISTEN)');
    expect(columns.finish().data.connections?.map((x) => x.processName)).toEqual(['xp1']);
  });
});
