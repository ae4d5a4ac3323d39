import { describe, expect, it } from 'vitest';
import { detectWindowsNetstat, parseWindowsNetstat } from './netstat-connections';

const ANO = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       916
  TCP    10.0.2.15:51824        72.154.7.110:443       ESTABLISHED     6760
  TCP    [::1]:443              [::]:0                 LISTENING       4
  TCP    [fe80::1%12]:135       [fe80::2%12]:50000     TIME_WAIT       0
  UDP    0.0.0.0:5355           *:*                                    2036
  UDP    [::]:5353              *:*                                    2036
`;

describe('parseWindowsNetstat', () => {
  it('reads -ano rows with IPv4, IPv6, scope ids and UDP', () => {
    const result = parseWindowsNetstat(ANO);
    const rows = result.data.connections ?? [];
    expect(result.flavor).toBe('ano');
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({
      protocol: 'tcp',
      family: 4,
      localAddress: '0.0.0.0',
      localPort: 135,
      state: 'LISTEN',
      pid: 916,
    });
    expect(rows[2]).toMatchObject({
      family: 6,
      localAddress: '::1',
      localPort: 443,
      remoteAddress: '::',
      remotePort: 0,
    });
    expect(rows[3]).toMatchObject({
      localAddress: 'fe80::1%12',
      remoteAddress: 'fe80::2%12',
      remotePort: 50000,
      state: 'TIME_WAIT',
      pid: 0,
    });
    expect(rows[4]).toMatchObject({ protocol: 'udp', state: 'NONE', remoteAddress: '*', remotePort: 0, pid: 2036 });
    expect(rows[5]).toMatchObject({ protocol: 'udp', family: 6, localAddress: '::', localPort: 5353 });
  });

  it('maps localized state words and falls back on structure for unknown ones', () => {
    const text = [
      '  TCP    0.0.0.0:80      0.0.0.0:0        ESCUCHANDO',
      '  TCP    0.0.0.0:81      0.0.0.0:0        ÉCOUTE',
      '  TCP    0.0.0.0:82      0.0.0.0:0        ABHÖREN',
      '  TCP    10.0.0.1:5000   10.0.0.2:80      HERGESTELLT',
      '  TCP    0.0.0.0:83      0.0.0.0:0        IN ASCOLTO     77',
      '  TCP    0.0.0.0:84      0.0.0.0:0        SŁUCHAM',
      '  TCP    10.0.0.1:5001   10.0.0.2:80      ZZZ_UNBEKANNT',
    ].join('\n');
    const result = parseWindowsNetstat(text);
    expect(result.data.connections?.map((c) => c.state)).toEqual([
      'LISTEN',
      'LISTEN',
      'LISTEN',
      'ESTABLISHED',
      'LISTEN',
      'LISTEN',
      'UNKNOWN',
    ]);
    expect(result.data.connections?.[4]?.pid).toBe(77);
    expect(result.warnings.join()).toMatch(/1 rows had a state word/);
  });

  it('attaches -b owners and components to the line above and skips ownership sentences', () => {
    const text = [
      '  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712',
      '  RpcSs',
      ' [svchost.exe]',
      '  TCP    0.0.0.0:445     0.0.0.0:0     LISTENING     4',
      ' Can not obtain ownership information',
      '  UDP    0.0.0.0:53      *:*                         3404',
      '  Dnscache',
      '  SharedAccess',
      ' [NVIDIA Web Helper.exe]',
    ].join('\r\n');
    const result = parseWindowsNetstat(text);
    const rows = result.data.connections ?? [];
    expect(result.flavor).toBe('anob');
    expect(rows[0]).toMatchObject({ processName: 'svchost.exe', components: ['RpcSs'] });
    expect(rows[1]?.processName).toBeNull();
    expect(rows[1]?.components).toBeUndefined();
    expect(rows[2]).toMatchObject({ processName: 'NVIDIA Web Helper.exe', components: ['Dnscache', 'SharedAccess'] });
    expect(result.skipped).toEqual([]);
  });

  it('counts lines after the table that do not belong to it instead of absorbing them into the last row', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const cases: { text: string[]; skipped: number }[] = [
      // A -ano table, then a stray word: no [exe] follows, so it is not a service of the last row.
      { text: ['  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712', 'done'], skipped: 1 },
      // A 10 MB line without spaces, and one with spaces (not an ownership sentence either).
      { text: ['  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712', huge], skipped: 1 },
      { text: ['  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712', `${huge} ${huge}`], skipped: 1 },
      // After a -b block is closed by its [exe] line, and after a blank line at the end.
      { text: ['  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712', ' [svchost.exe]', 'trailer'], skipped: 1 },
      {
        text: ['  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712', '', 'trailer', 'more words here'],
        skipped: 2,
      },
      // A sentence right after the last row of a -ano table is not an ownership line.
      { text: ['  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712', 'trailing words'], skipped: 1 },
      { text: ['  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712', 'trailing words', 'and more'], skipped: 2 },
      { text: ['  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712', 'svc', 'trailing words', ''], skipped: 2 },
    ];
    for (const { text, skipped } of cases) {
      const result = parseWindowsNetstat(text.join('\r\n'));
      const row = result.data.connections?.[0];
      expect(result.data.connections).toHaveLength(1);
      expect(row?.components).toBeUndefined();
      expect(row?.processName ?? null).toBe(text[1] === ' [svchost.exe]' ? 'svchost.exe' : null);
      expect(result.skipped).toHaveLength(skipped);
      expect(result.flavor).toBe(text[1] === ' [svchost.exe]' ? 'anob' : 'ano');
      // Skipped lines are kept short: a 10 MB line is an example, not a copy.
      for (const line of result.skipped) expect(line.length).toBeLessThanOrEqual(200);
    }
  });

  it('takes a sentence as the ownership line when a row follows it, or when the file has -b owners', () => {
    const rows = (...owners: string[][]) =>
      owners.flatMap((o, i) => [`  TCP    0.0.0.0:${135 + i}     0.0.0.0:0     LISTENING     4`, ...o]);
    const sentence = ' Can not obtain ownership information';
    for (const text of [
      rows([sentence], []),
      rows([' [svchost.exe]'], [sentence]),
      [...rows([' [svchost.exe]'], [sentence]), ''],
    ]) {
      const result = parseWindowsNetstat(text.join('\r\n'));
      expect(result.flavor).toBe('anob');
      expect(result.skipped).toEqual([]);
      expect(result.data.connections).toHaveLength(2);
    }
  });

  it('still ignores a repeated header between two tables (netstat with an interval)', () => {
    const text = [
      '  TCP    0.0.0.0:135     0.0.0.0:0     LISTENING     1712',
      '',
      'Active Connections',
      '',
      '  Proto  Local Address          Foreign Address        State           PID',
      '  TCP    0.0.0.0:136     0.0.0.0:0     LISTENING     1713',
    ].join('\r\n');
    const result = parseWindowsNetstat(text);
    expect(result.data.connections).toHaveLength(2);
    expect(result.skipped).toEqual([]);
  });

  it('keeps resolved names and maps service names to ports', () => {
    const text =
      '  TCP    192.168.0.106:49958    104.18.13.33:https     TIME_WAIT\n  TCP    127.0.0.1:1    DESKTOP-X:weird-svc   ESTABLISHED\n';
    const rows = parseWindowsNetstat(text).data.connections ?? [];
    expect(rows[0]).toMatchObject({ remoteAddress: '104.18.13.33', remotePort: 443 });
    expect(rows[1]).toMatchObject({ remoteAddress: 'DESKTOP-X', remotePort: 0 });
    expect(parseWindowsNetstat(text).warnings.join()).toMatch(/service name/);
  });

  it('lists broken data lines in skipped', () => {
    const result = parseWindowsNetstat('  TCP    nonsense\n  TCP    1.2.3.4:99999   0.0.0.0:0  LISTENING\n');
    expect(result.skipped).toHaveLength(2);
    expect(result.data.connections).toEqual([]);
  });

  it('detects Windows lines but not Linux or macOS netstat', () => {
    expect(detectWindowsNetstat(ANO)).toBeGreaterThan(0.8);
    const linux =
      'Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State\ntcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN\n';
    const mac =
      'Active Internet connections\nProto Recv-Q Send-Q  Local Address          Foreign Address        (state)\ntcp4       0      0  127.0.0.1.631          *.*                    LISTEN\n';
    expect(detectWindowsNetstat(linux)).toBe(0);
    expect(detectWindowsNetstat(mac)).toBe(0);
  });
});
