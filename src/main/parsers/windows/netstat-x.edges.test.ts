/**
 * Edges of Windows `netstat -x` (NetworkDirect connections, listeners and shared endpoints; Microsoft's netstat
 * page: Mode, IfIndex, Type, Local Address, Foreign Address, PID): each placeholder netstat prints for a missing
 * peer, the mode and type words in any case, port and number bounds, lines of the data shape that are broken,
 * and what import detection makes of a file.
 */
import { describe, expect, it } from 'vitest';
import { detectNetstatX, parseNetstatX, parseNetworkDirectLine } from './netstat-x';
import { NETSTAT_X_HEADER as HEADER, NETSTAT_X_TITLE as TITLE, SMB_CONNECTION_V4 } from './netstat-x.fixtures';

describe('parseNetworkDirectLine', () => {
  it('reads every field of a connection line', () => {
    expect(
      parseNetworkDirectLine('  Kernel      12 Connection     192.168.10.11:445      192.168.10.12:49873    0'),
    ).toEqual(SMB_CONNECTION_V4);
  });

  it.each(['NA', 'na', 'N/A', 'n/a', '*:*', '-', '0.0.0.0:0', '[::]:0'])('reads %j as no peer', (peer) => {
    expect(parseNetworkDirectLine(`Kernel 3 Listener 10.0.0.1:445 ${peer} 0`)).toMatchObject({
      remoteAddress: null,
      remotePort: null,
    });
  });

  it('reads the mode and type words in any case, spelled as the API names them', () => {
    expect(parseNetworkDirectLine('user 1 sharedendpoint [fe80::1%4]:50200 NA 4712')).toMatchObject({
      mode: 'User',
      type: 'SharedEndpoint',
      localAddress: 'fe80::1%4',
      localPort: 50200,
      pid: 4712,
    });
    expect(parseNetworkDirectLine('KERNEL 1 LISTENER 1.2.3.4:1 NA 0')).toMatchObject({
      mode: 'Kernel',
      type: 'Listener',
    });
  });

  it('reads a well-known service name as its port (netstat run without -n)', () => {
    expect(parseNetworkDirectLine('Kernel 12 Listener 10.0.0.1:microsoft-ds NA 0')).toMatchObject({ localPort: 445 });
  });

  it('keeps a line without the PID column (pid unknown), tabs as separators, and port bounds', () => {
    expect(parseNetworkDirectLine('Kernel\t0\tConnection\t1.2.3.4:0\t5.6.7.8:65535')).toMatchObject({
      interfaceIndex: 0,
      localPort: 0,
      remotePort: 65535,
      pid: null,
    });
    expect(parseNetworkDirectLine('Kernel 4294967295 Listener 1.2.3.4:* NA 4294967295')).toMatchObject({
      interfaceIndex: 4294967295,
      localPort: 0,
      pid: 4294967295,
    });
  });

  it.each([
    ['', 'nothing'],
    ['Kernel', 'a mode alone'],
    ['Kernel 12', 'no type'],
    ['Kernels 12 Connection 1.2.3.4:1 NA 0', 'another first word'],
    ['Kernel x12 Connection 1.2.3.4:1 NA 0', 'an interface index that is no number'],
    ['Kernel 12x Connection 1.2.3.4:1 NA 0', 'an interface index with a tail'],
    ['Kernel -1 Connection 1.2.3.4:1 NA 0', 'a negative interface index'],
    ['Kernel 12 Tunnel 1.2.3.4:1 NA 0', 'an unknown type'],
    ['Kernel 12 Connection', 'no local address'],
    ['Kernel 12 Connection 1.2.3.4:1', 'no foreign address'],
    ['Kernel 12 Connection 1.2.3.4 NA 0', 'a local address without port'],
    ['Kernel 12 Connection 1.2.3.4:65536 NA 0', 'a local port past 65535'],
    ['Kernel 12 Connection 1.2.3.4:rdma-svc NA 0', 'a local port by a service name it does not know'],
    ['Kernel 12 Connection 1.2.3.4:1 5.6.7.8 0', 'a foreign address without port'],
    ['Kernel 12 Connection 1.2.3.4:1 5.6.7.8:70000 0', 'a foreign port past 65535'],
    ['Kernel 12 Connection 1.2.3.4:1 5.6.7.8:smb-direct 0', 'a foreign port by name'],
    ['Kernel 12 Connection 1.2.3.4:1 NA pid', 'a PID that is no number'],
    ['Kernel 12 Connection 1.2.3.4:1 NA 4x', 'a PID with a tail'],
    ['Kernel 12 Connection 1.2.3.4:1 NA 0 extra', 'a word after the PID'],
    ['Kernel 99999999999999999 Connection 1.2.3.4:1 NA 0', 'an interface index past safe integers'],
    ['Kernel 1 Connection 1.2.3.4:1 NA 99999999999999999', 'a PID past safe integers'],
  ])('%j is not an endpoint (%s)', (line) => {
    expect(parseNetworkDirectLine(line)).toBeNull();
  });
});

describe('parseNetstatX', () => {
  it('reads CRLF and CR line ends, ignores text around the table, and keeps broken data lines as skipped', () => {
    const text = [
      '',
      TITLE,
      '',
      HEADER,
      '',
      '  Kernel      12 Connection     10.0.0.1:445      10.0.0.2:5000    0',
      '  User 3 Tunnel 10.0.0.1:1 NA 0',
      '  Kernel 12',
      'Kernel mode only without a number',
    ].join('\r\n');
    // The last line ends the one before with a lone CR.
    const result = parseNetstatX(`${text}\r  User         3 Listener       10.0.0.1:7000     NA               88`);
    expect(result.endpoints.map((e) => [e.mode, e.type, e.localPort, e.pid])).toEqual([
      ['Kernel', 'Connection', 445, 0],
      ['User', 'Listener', 7000, 88],
    ]);
    expect(result.skipped).toEqual(['  User 3 Tunnel 10.0.0.1:1 NA 0']);
    expect(result).toMatchObject({ recognised: true, warnings: [] });
  });

  it('is recognised by data lines without the title, by the title in any case, and not by other text', () => {
    expect(parseNetstatX('Kernel 1 Listener 1.2.3.4:1 NA 0')).toMatchObject({ recognised: true });
    expect(parseNetstatX('ACTIVE NETWORKDIRECT CONNECTIONS\n')).toMatchObject({ recognised: true, endpoints: [] });
    expect(parseNetstatX('Kernel 1 Tunnel 1.2.3.4:1 NA 0')).toMatchObject({ recognised: false, endpoints: [] });
    expect(parseNetstatX('')).toEqual({ endpoints: [], recognised: false, skipped: [], warnings: [] });
  });

  it('reads anything that is not text as an empty, unrecognised file', () => {
    for (const value of [undefined, null, 42, { text: 'Kernel 1 Listener 1.2.3.4:1 NA 0' }]) {
      expect(parseNetstatX(value)).toEqual({ endpoints: [], recognised: false, skipped: [], warnings: [] });
    }
  });
});

describe('detectNetstatX', () => {
  const line = 'Kernel 1 Listener 1.2.3.4:1 NA 0';

  it('is sure of the title in any case', () => {
    expect(detectNetstatX(`\n${TITLE}\n`)).toBe(0.95);
    expect(detectNetstatX('active networkdirect connections, listeners, sharedendpoints')).toBe(0.95);
    // The translated title has no such words: the data lines decide there.
    expect(detectNetstatX('Aktive NetworkDirect-Verbindungen\n')).toBe(0);
  });

  it('without the title, grows with the share of data lines among the non-blank ones, at most 0.9', () => {
    expect(detectNetstatX(`${line}\n\n\n`)).toBeCloseTo(0.9, 9);
    expect(detectNetstatX(`${line}\n${line}\n${line}\n`)).toBeCloseTo(0.9, 9);
    expect(detectNetstatX(`${line}\nheader\n`)).toBeCloseTo(0.7, 9);
    expect(detectNetstatX(`${line}\na\nb\nc\n`)).toBeCloseTo(0.6, 9);
    expect(detectNetstatX(`${line}\n   \n\t\n`)).toBeCloseTo(0.9, 9);
    expect(detectNetstatX('a\nb\n')).toBe(0);
    expect(detectNetstatX('')).toBe(0);
  });

  it('gives anything that is not text 0', () => {
    for (const value of [undefined, null, 42]) expect(detectNetstatX(value as unknown as string)).toBe(0);
  });

  it('looks at the first 20,000 characters only', () => {
    const padding = `${'x'.repeat(99)}\n`.repeat(200);
    expect(detectNetstatX(`${padding}${TITLE}\n`)).toBe(0);
    expect(detectNetstatX(`${padding.slice(0, 19_000)}\n${TITLE}\n`)).toBe(0.95);
  });
});
