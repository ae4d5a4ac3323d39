/**
 * Windows netstat connection tables at their edges: the four flavours, lines too long to be owner lines,
 * state words that map only through the remote (never remembered for the next row), PIDs too big to be
 * PIDs, streaming rows through a sink, and detection's share of data lines.
 */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model';
import { detectWindowsNetstat, parseWindowsNetstat, WindowsNetstatReader } from './netstat-connections';

const LISTEN_ROW = '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING';
const parse = (lines: string[]) => parseWindowsNetstat(lines.join('\r\n'));

describe('flavours', () => {
  it('-an without PIDs or owners; -b with owners but no PIDs', () => {
    expect(parse([LISTEN_ROW, '  UDP    0.0.0.0:5355           *:*']).flavor).toBe('an');
    const b = parse([LISTEN_ROW, '  RpcSs', ' [svchost.exe]']);
    expect(b.flavor).toBe('b');
    expect(b.data.connections?.[0]).toMatchObject({ pid: null, processName: 'svchost.exe', components: ['RpcSs'] });
  });

  it('a UDP line needs no state; a TCP line without a state or a PID is broken', () => {
    const result = parse(['  UDP    0.0.0.0:5355           *:*', '  TCP    0.0.0.0:135            0.0.0.0:0']);
    expect(result.data.connections?.map((c) => c.protocol)).toEqual(['udp']);
    expect(result.skipped).toEqual(['  TCP    0.0.0.0:135            0.0.0.0:0']);
  });

  it('family: IPv6 in brackets or with colons, IPv4 otherwise', () => {
    const rows = parse([
      '  TCP    [::]:135               [::]:0                 LISTENING       4',
      '  TCP    fe80::1:135            fe80::2:0              LISTENING       4',
      '  TCP    DESKTOP-X:135          DESKTOP-X:0            LISTENING       4',
    ]).data.connections;
    expect(rows?.map((c) => c.family)).toEqual([6, 6, 4]);
  });

  it('a number too big to be a PID is none, and the row is kept', () => {
    const [row] = parse([`${LISTEN_ROW}     99999999999999999999`]).data.connections ?? [];
    expect(row).toMatchObject({ state: 'LISTEN', pid: null });
  });
});

describe('state words', () => {
  it('a word known only through a wildcard remote is LISTEN there and UNKNOWN elsewhere, in either order', () => {
    const odd = (remote: string, port: number) => `  TCP    10.0.0.1:${port}    ${remote}    QUUX    4`;
    for (const order of [
      [odd('0.0.0.0:0', 1), odd('10.0.0.2:80', 2)],
      [odd('10.0.0.2:80', 2), odd('0.0.0.0:0', 1)],
    ]) {
      const result = parse(order);
      const byPort = new Map(result.data.connections?.map((c) => [c.localPort, c.state]));
      expect(byPort.get(1)).toBe('LISTEN');
      expect(byPort.get(2)).toBe('UNKNOWN');
      expect(result.warnings).toEqual(['1 rows had a state word that is not recognised: state UNKNOWN']);
    }
  });

  it('a word known by itself is the same on every row', () => {
    const rows = parse([
      '  TCP    10.0.0.1:1    10.0.0.2:80    ESTABLISHED    4',
      '  TCP    10.0.0.1:2    0.0.0.0:0      ESTABLISHED    4',
    ]).data.connections;
    expect(rows?.map((c) => c.state)).toEqual(['ESTABLISHED', 'ESTABLISHED']);
  });

  it('names the count of rows with service names instead of ports', () => {
    const result = parse([
      '  TCP    10.0.0.1:1    host:oddsvc    ESTABLISHED',
      '  TCP    10.0.0.1:oddsvc    host:2    ESTABLISHED',
    ]);
    expect(result.warnings).toEqual([
      '2 rows had a service name instead of a port (run netstat with -n): port set to 0',
    ]);
  });
});

describe('owner lines of -b', () => {
  it('an [exe] line up to 200 characters is the owner; a longer one is not', () => {
    const exe = (length: number) => ` [${'x'.repeat(length - 6)}.exe]`;
    expect(exe(200).trim()).toHaveLength(200);
    const ok = parse([`${LISTEN_ROW}    4`, exe(200)]);
    expect(ok.data.connections?.[0]?.processName).toHaveLength(198);
    const long = parse([`${LISTEN_ROW}    4`, exe(201)]);
    expect(long.data.connections?.[0]?.processName).toBeNull();
    expect(long.skipped).toHaveLength(1);
  });

  it('a component line up to 256 characters waits for its owner; a longer one is skipped', () => {
    const component = (n: number) => `  ${'s'.repeat(n)}`;
    const ok = parse([`${LISTEN_ROW}    4`, component(256), ' [svchost.exe]']);
    expect(ok.data.connections?.[0]?.components?.[0]).toHaveLength(256);
    const long = parse([`${LISTEN_ROW}    4`, component(257), ' [svchost.exe]']);
    expect(long.data.connections?.[0]).toMatchObject({ processName: null });
    expect(long.data.connections?.[0]?.components).toBeUndefined();
    expect(long.skipped).toEqual(
      [component(257).slice(0, 200), ' [svchost.exe]'].map((l) => expect.stringContaining(l.slice(0, 50))),
    );
  });

  it('a sentence of 200 characters may be an ownership line; 201 is not', () => {
    // n characters once trimmed: words, and a last letter instead of the space that could end them.
    const sentence = (n: number) => ` ${'word '.repeat(n).slice(0, n - 1)}x`;
    expect(sentence(200).trim()).toHaveLength(200);
    const next = '  TCP    0.0.0.0:136            0.0.0.0:0              LISTENING    4';
    expect(parse([`${LISTEN_ROW}    4`, sentence(200), next]).skipped).toEqual([]);
    expect(parse([`${LISTEN_ROW}    4`, sentence(201), next]).skipped).toHaveLength(1);
  });

  it('components the owner line never confirms are skipped, not kept', () => {
    const result = parse([`${LISTEN_ROW}    4`, '  RpcSs', '', `${LISTEN_ROW}    5`]);
    expect(result.data.connections?.map((c) => c.components)).toEqual([undefined, undefined]);
    expect(result.skipped).toEqual(['RpcSs']);
  });
});

describe('WindowsNetstatReader with a sink', () => {
  it('hands each row over once its owner block is complete, and counts them', () => {
    const seen: Connection[] = [];
    const reader = new WindowsNetstatReader((row) => seen.push(row));
    reader.line(`${LISTEN_ROW}    4`);
    reader.line('  RpcSs');
    expect(seen).toHaveLength(0);
    reader.line(' [svchost.exe]');
    expect(seen.map((r) => r.processName)).toEqual(['svchost.exe']);
    reader.line('  UDP    0.0.0.0:5355           *:*     8');
    const result = reader.finish();
    expect(seen.map((r) => r.pid)).toEqual([4, 8]);
    expect(reader.rowCount).toBe(2);
    expect(result.data.connections).toEqual([]);
    expect(result.flavor).toBe('anob');
    expect(result.skippedCount).toBe(0);
  });
});

describe('detectWindowsNetstat', () => {
  it('scores the share of data lines among the first 80 non-empty lines, 0.6 to 0.95', () => {
    const header = ['Active Connections', '  Proto  Local Address          Foreign Address        State'];
    expect(detectWindowsNetstat([LISTEN_ROW, LISTEN_ROW].join('\n'))).toBe(0.95);
    expect(detectWindowsNetstat([...header, LISTEN_ROW, LISTEN_ROW].join('\n'))).toBeCloseTo(0.8);
    expect(detectWindowsNetstat([...header, '', '', LISTEN_ROW, LISTEN_ROW].join('\n'))).toBeCloseTo(0.8);
    // Lines of spaces are empty lines too.
    expect(detectWindowsNetstat([...header, '   ', '\t', LISTEN_ROW, LISTEN_ROW].join('\n'))).toBeCloseTo(0.8);
    expect(detectWindowsNetstat([...Array(80).fill('text'), LISTEN_ROW].join('\n'))).toBe(0);
    expect(detectWindowsNetstat([...Array(79).fill('text'), LISTEN_ROW].join('\n'))).toBeCloseTo(0.605);
    expect(detectWindowsNetstat(`${' '.repeat(20_000)}\n${LISTEN_ROW}`)).toBe(0);
    expect(detectWindowsNetstat(undefined as unknown as string)).toBe(0);
  });

  it('a data line needs the protocol in capitals and two endpoints', () => {
    expect(detectWindowsNetstat('  tcp    0.0.0.0:135    0.0.0.0:0    LISTENING')).toBe(0);
    expect(detectWindowsNetstat('  TCP    0.0.0.0    0.0.0.0:0    LISTENING')).toBe(0);
    expect(detectWindowsNetstat('  TCP    [::]:135    [::]:0    LISTENING')).toBe(0.95);
  });
});

describe('lines that are not rows', () => {
  it('titles and headers without a single row are neither rows nor skipped', () => {
    const result = parse([
      '',
      'Active Connections',
      '',
      '  Proto  Local Address          Foreign Address        State',
    ]);
    expect(result.data.connections).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.skippedCount).toBe(0);
  });

  it('a line after a closed owner block and before the next row is skipped, not taken for a header', () => {
    const result = parse([`${LISTEN_ROW}    4`, ' [svchost.exe]', 'stray', `${LISTEN_ROW}    5`]);
    expect(result.data.connections?.map((c) => c.processName)).toEqual(['svchost.exe', null]);
    expect(result.skipped).toEqual(['stray']);
  });

  it('in a file with -b owners, a sentence followed by more text is not an ownership line', () => {
    const result = parse([
      `${LISTEN_ROW}    4`,
      ' [svchost.exe]',
      `${LISTEN_ROW}    5`,
      ' some words here',
      'and more',
    ]);
    expect(result.data.connections).toHaveLength(2);
    expect(result.skipped).toEqual([' some words here', 'and more']);
  });

  it('a line of spaces counts as blank: it confirms an ownership sentence of a -b file', () => {
    const sentence = ' Can not obtain ownership information';
    const result = parse([`${LISTEN_ROW}    4`, ' [svchost.exe]', `${LISTEN_ROW}    5`, sentence, '    ']);
    expect(result.skipped).toEqual([]);
    expect(result.data.connections?.map((c) => c.processName)).toEqual(['svchost.exe', null]);
  });

  it('an owner line is the whole line in brackets, not a sentence with brackets in it', () => {
    for (const owner of [' [svchost.exe] (elevated)', ' see [svchost.exe]']) {
      const result = parse([`${LISTEN_ROW}    4`, owner, `${LISTEN_ROW}    5`]);
      expect(result.data.connections?.map((c) => c.processName)).toEqual([null, null]);
    }
  });

  it('components before an ownership sentence belong to the row: the sentence closes its block', () => {
    const result = parse([
      `${LISTEN_ROW}    4`,
      '  RpcSs',
      ' Can not obtain ownership information',
      `${LISTEN_ROW}    5`,
    ]);
    expect(result.data.connections?.[0]).toMatchObject({ processName: null, components: ['RpcSs'] });
    expect(result.skipped).toEqual([]);
  });
});

describe('the words after the endpoints', () => {
  it('the PID is a last word of digits only; a state ending in a digit is a state', () => {
    const rows = parse([
      '  TCP    10.0.0.1:5000      10.0.0.2:80          FIN_WAIT_2',
      '  TCP    10.0.0.1:5001      10.0.0.2:80          ESTABLISHED     4x',
    ]).data.connections;
    expect(rows?.map((c) => [c.state, c.pid])).toEqual([
      ['FIN_WAIT2', null],
      ['UNKNOWN', null],
    ]);
  });

  it('a state of two words is read as both words, whatever the remote', () => {
    const [row] = parse(['  TCP    10.0.0.1:5000      10.0.0.2:80          IN ASCOLTO     8']).data.connections ?? [];
    expect(row).toMatchObject({ state: 'LISTEN', pid: 8 });
  });

  it('a TCP row needs a state or a PID: with only the PID, the state comes from the remote', () => {
    const [row] = parse(['  TCP    0.0.0.0:135            0.0.0.0:0              916']).data.connections ?? [];
    expect(row).toMatchObject({ state: 'LISTEN', pid: 916 });
  });

  it('rows without -t or -y columns have no offload state or template field at all; the id is left to the engine', () => {
    const [row] = parse([`${LISTEN_ROW}    4`]).data.connections ?? [];
    expect(row?.id).toBe('');
    expect(row && 'offloadState' in row).toBe(false);
    expect(row && 'template' in row).toBe(false);
  });
});
